package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadChunkFilesTest {
  @TempDir Path dir;

  private record Found(int series, long mint, long maxt, long ref) {}

  private static byte[] data(int i) {
    byte[] b = new byte[100 + i % 50];
    for (int k = 0; k < b.length; k++) {
      b[k] = (byte) (i * 31 + k);
    }
    return b;
  }

  private List<Found> reopen(List<HeadChunkFiles> keep) throws IOException {
    List<Found> found = new ArrayList<>();
    HeadChunkFiles f = HeadChunkFiles.open(dir, 4096,
        (s, mint, maxt, ref) -> found.add(new Found(s, mint, maxt, ref)));
    keep.add(f);
    return found;
  }

  private List<Long> writeChunks(int n) throws IOException {
    List<Long> refs = new ArrayList<>();
    try (HeadChunkFiles f = HeadChunkFiles.open(dir, 4096, (s, a, b, r) -> {})) {
      for (int i = 0; i < n; i++) {
        refs.add(f.write(i % 5, i * 100L, i * 100L + 99, 1, data(i)));
        assertThat(f.read(refs.getLast())).isEqualTo(data(i));
      }
    }
    return refs;
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void chunksRoundTripAcrossFiles() throws IOException {
    List<Long> refs = writeChunks(100);
    assertThat(files().size()).isGreaterThan(3);
    List<HeadChunkFiles> open = new ArrayList<>();
    List<Found> found = reopen(open);
    assertThat(found).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(found.get(i)).isEqualTo(new Found(i % 5, i * 100L, i * 100L + 99, refs.get(i)));
      assertThat(open.getFirst().read(refs.get(i))).isEqualTo(data(i));
    }
    // files whose chunks all end before 5000 go, the others stay
    open.getFirst().truncateBefore(5000);
    assertThatThrownBy(() -> open.getFirst().read(refs.getFirst()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(open.getFirst().read(refs.getLast())).isEqualTo(data(99));
    open.getFirst().close();
    List<Found> after = reopen(open);
    assertThat(after.getFirst().mint()).isGreaterThan(0);
    assertThat(after.getLast()).isEqualTo(found.getLast());
    open.getLast().close();
  }

  @Test
  void damageKeepsTheValidPrefixAndDropsLaterFiles() throws IOException {
    writeChunks(100);
    List<Path> before = files();
    Path victim = before.get(1);
    try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0x7F}), 8 + 30); // inside the first chunk's data
    }
    List<HeadChunkFiles> open = new ArrayList<>();
    List<Found> found = reopen(open);
    open.getFirst().close();
    assertThat(files()).containsExactly(before.get(0)); // victim emptied, later files deleted
    for (int i = 0; i < found.size(); i++) {
      assertThat(found.get(i).mint()).isEqualTo(i * 100L);
    }
    assertThat(found).isNotEmpty();
  }

  /** Written pages are dropped from the resident set every megabyte; the data must stay. */
  @Test
  void chunksSurviveDroppingWrittenPagesFromMemory() throws IOException {
    int n = 30_000; // about 3.7 MiB of chunks in one 8 MiB file: several unload steps
    List<Long> refs = new ArrayList<>();
    try (HeadChunkFiles f = HeadChunkFiles.open(dir, 8 << 20, (s, a, b, r) -> {})) {
      for (int i = 0; i < n; i++) {
        refs.add(f.write(i % 7, i, i, 1, data(i)));
      }
      for (int i = 0; i < n; i++) {
        assertThat(f.read(refs.get(i))).as("chunk %d", i).isEqualTo(data(i));
      }
      for (int i = n; i < n + 100; i++) { // writes after reads (pages faulted back in)
        refs.add(f.write(i % 7, i, i, 1, data(i)));
      }
    }
    List<Found> found = new ArrayList<>();
    try (HeadChunkFiles f = HeadChunkFiles.open(dir, 8 << 20,
        (s, mint, maxt, ref) -> found.add(new Found(s, mint, maxt, ref)))) {
      assertThat(found).hasSize(n + 100);
      for (int i = 0; i < n + 100; i++) {
        assertThat(found.get(i).ref()).isEqualTo(refs.get(i));
        assertThat(f.read(refs.get(i))).as("chunk %d after reopen", i).isEqualTo(data(i));
      }
    }
  }
}
