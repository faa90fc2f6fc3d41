package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ProtoReader#varint}: varints of every length (1 to 10 bytes), at varying distances from
 * the array's end and from the message's limit, with garbage after them; cut short by the limit
 * they are refused, never read past it. Prints its seed.
 */
class ProtoReaderTest {
  @Test
  void varintsOfEveryLengthReadBackAtEveryPosition() {
    long seed = System.nanoTime();
    System.out.println("ProtoReaderTest.varints seed=" + seed);
    Random rnd = new Random(seed);
    ProtoReader in = new ProtoReader();
    for (int i = 0; i < 20_000; i++) {
      int bits = rnd.nextInt(65);
      long v = bits == 0 ? 0 : rnd.nextLong() >>> 64 - bits;
      if (rnd.nextInt(20) == 0) {
        v = -1L - rnd.nextInt(1000); // negative: ten bytes
      }
      ProtoWriter w = new ProtoWriter();
      w.varint(v);
      byte[] enc = w.toByteArray();
      int before = rnd.nextInt(4);
      int after = rnd.nextInt(12);
      byte[] buf = new byte[before + enc.length + after];
      for (int k = 0; k < buf.length; k++) {
        buf[k] = (byte) rnd.nextInt(256);
      }
      System.arraycopy(enc, 0, buf, before, enc.length);
      in.reset(buf, before);
      assertThat(in.varint(before + enc.length)).as("seed %d value %d", seed, v).isEqualTo(v);
      assertThat(in.pos).isEqualTo(before + enc.length);
      int limit = before + enc.length + rnd.nextInt(after + 1);
      in.reset(buf, before);
      assertThat(in.varint(limit)).as("seed %d value %d", seed, v).isEqualTo(v);
      if (enc.length > 1) {
        int cut = before + 1 + rnd.nextInt(enc.length - 1);
        in.reset(buf, before);
        assertThatThrownBy(() -> in.varint(cut)).as("seed %d value %d limit %d", seed, v, cut)
            .isInstanceOf(MalformedRequestException.class).hasMessageContaining("truncated varint");
      }
    }
  }

  @Test
  void elevenByteVarintsAreMalformed() {
    byte[] buf = new byte[16];
    Arrays.fill(buf, 0, 11, (byte) 0x80);
    ProtoReader in = new ProtoReader();
    in.reset(buf, 0);
    assertThatThrownBy(() -> in.varint(16)).isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("malformed varint at offset 0");
  }
}
