package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Positional reads of head chunks give the bytes the mapping holds (the cut reads through them). */
class PositionalChunkReaderTest {
  @TempDir Path dir;

  @Test
  void readsWhatTheMappingHoldsAcrossFilesAndPastItsWindow() throws Exception {
    long seed = System.nanoTime();
    System.out.println("PositionalChunkReaderTest seed " + seed);
    SplittableRandom r = new SplittableRandom(seed);
    try (HeadChunkFiles f = HeadChunkFiles.open(dir, 64 << 10, (s, a, b, ref) -> {})) {
      List<Long> refs = new ArrayList<>();
      List<byte[]> datas = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        // mostly small chunks, some larger than the reader's 1 KiB window, a few empty
        int len = r.nextInt(10) == 0 ? r.nextInt(1024, 5000) : r.nextInt(8) == 0 ? 0
            : r.nextInt(1, 400);
        byte[] data = new byte[len];
        r.nextBytes(data);
        refs.add(f.write(i % 7, i * 100L, i * 100L + 99, 1, data));
        datas.add(data);
      }
      assertThat(refs.stream().map(ref -> ref >>> 32).distinct().count()).isGreaterThan(1);
      try (PositionalChunkReader reader = new PositionalChunkReader(f)) {
        for (int k = 0; k < 2000; k++) { // random order, as a cut reads by labels
          int i = r.nextInt(refs.size());
          assertThat(reader.read(refs.get(i))).as("seed %d chunk %d", seed, i)
              .isEqualTo(datas.get(i)).isEqualTo(f.read(refs.get(i)));
        }
      }
    }
  }

  @Test
  void aChunkOfADeletedFileIsGone() throws Exception {
    try (HeadChunkFiles f = HeadChunkFiles.open(dir, 4096, (s, a, b, ref) -> {})) {
      long first = f.write(1, 0, 99, 1, new byte[3000]);
      for (int i = 1; i < 5; i++) {
        f.write(1, i * 100L, i * 100L + 99, 1, new byte[3000]);
      }
      f.truncateBefore(150);
      try (PositionalChunkReader reader = new PositionalChunkReader(f)) {
        assertThatThrownBy(() -> reader.read(first)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("is gone");
      }
    }
  }
}
