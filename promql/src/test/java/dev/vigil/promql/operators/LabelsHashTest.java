package dev.vigil.promql.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Labels;
import org.junit.jupiter.api.Test;

class LabelsHashTest {
  @Test
  void xxh64KnownVectors() {
    assertThat(LabelsHash.xxh64(new byte[0])).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(LabelsHash.xxh64("a".getBytes())).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(LabelsHash.xxh64("abc".getBytes())).isEqualTo(0x44BC2CF5AD770999L);
    byte[] longer = "Nobody inspects the spammish repetition".getBytes();
    assertThat(LabelsHash.xxh64(longer)).isEqualTo(0xFBCEA83C8A378BF1L);
  }

  @Test
  void sampleOffsetIsInUnitIntervalAndStable() {
    Labels l = Labels.of("__name__", "http_requests", "job", "api-server");
    double o = LabelsHash.sampleOffset(l);
    assertThat(o).isBetween(0.0, 1.0).isEqualTo(LabelsHash.sampleOffset(l));
    assertThat(LabelsHash.unsignedToDouble(-1L)).isEqualTo(18446744073709551615.0);
  }
}
