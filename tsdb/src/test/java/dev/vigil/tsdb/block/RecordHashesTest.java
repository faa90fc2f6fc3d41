package dev.vigil.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block writer's table of written records and the read-back that confirms its hits. */
class RecordHashesTest {
  @TempDir
  Path dir;

  @Test
  void remembersTheLatestRefPerHashGrowsAndStartsOverPastItsBound() {
    RecordHashes t = new RecordHashes(5000);
    assertThat(t.get(42)).isEqualTo(-1);
    for (long h = 0; h < 4000; h++) {
      t.put(h * 0x9E3779B97F4A7C15L, h);
    }
    for (long h = 0; h < 4000; h++) {
      assertThat(t.get(h * 0x9E3779B97F4A7C15L)).isEqualTo(h);
    }
    t.put(7 * 0x9E3779B97F4A7C15L, 99);
    assertThat(t.get(7 * 0x9E3779B97F4A7C15L)).isEqualTo(99);
    assertThat(t.size()).isEqualTo(4000);
    for (long h = 4000; h < 5001; h++) {
      t.put(h * 0x9E3779B97F4A7C15L, h);
    }
    assertThat(t.size()).isLessThan(5000); // forgot everything once, then went on
    assertThat(t.get(3 * 0x9E3779B97F4A7C15L)).isEqualTo(-1);
    assertThat(t.get(5000 * 0x9E3779B97F4A7C15L)).isEqualTo(5000);
  }

  @Test
  void hashesDependOnEveryByteAndTheSeed() {
    byte[] a = new byte[37];
    long h = RecordHashes.hash(0, a, a.length);
    assertThat(RecordHashes.hash(1, a, a.length)).isNotEqualTo(h);
    assertThat(RecordHashes.hash(0, a, a.length - 1)).isNotEqualTo(h);
    for (int i = 0; i < a.length; i++) {
      a[i] = 1;
      assertThat(RecordHashes.hash(0, a, a.length)).as("byte %d", i).isNotEqualTo(h);
      a[i] = 0;
    }
  }

  /** Records still in the write buffer and records already flushed to the file both compare. */
  @Test
  void matchesComparesRecordsInTheBufferAndOnDisk() throws IOException {
    long seed = System.nanoTime();
    System.out.println("RecordHashesTest seed " + seed);
    Random r = new Random(seed);
    List<byte[]> heads = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    List<Long> refs = new ArrayList<>();
    try (ChunkSegmentWriter w = new ChunkSegmentWriter(dir, 64L << 20)) {
      long written = 0;
      while (written < (3L << 20)) { // past the 1 MiB flush, several times
        byte[] head = new byte[r.nextInt(3)];
        byte[] body = new byte[r.nextInt(1, r.nextBoolean() ? 200 : 5000)];
        r.nextBytes(head);
        r.nextBytes(body);
        refs.add(w.write((byte) 4, head, head.length, body));
        heads.add(head);
        bodies.add(body);
        written += body.length;
      }
      for (int i = 0; i < refs.size(); i++) {
        long ref = refs.get(i);
        byte[] head = heads.get(i);
        byte[] body = bodies.get(i);
        assertThat(w.matches(ref, (byte) 4, head, head.length, body)).as("record %d", i).isTrue();
        assertThat(w.matches(ref, (byte) 3, head, head.length, body)).isFalse();
        byte[] other = body.clone();
        other[r.nextInt(other.length)] ^= 1;
        assertThat(w.matches(ref, (byte) 4, head, head.length, other)).isFalse();
        if (head.length > 0) {
          assertThat(w.matches(ref, (byte) 4, head, head.length - 1, body)).isFalse();
        }
        assertThat(w.matches(BlockFormat.chunkRef(w.segment() + 1, BlockFormat.refOffset(ref)),
            (byte) 4, head, head.length, body)).isFalse();
      }
      assertThat(w.matches(BlockFormat.chunkRef(w.segment(), w.offset()), (byte) 4,
          new byte[0], 0, new byte[1])).isFalse(); // past the end
    }
  }
}
