package dev.vigil.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Samples;
import dev.vigil.model.Series;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import dev.vigil.testkit.SampleIteratorCheck;
import dev.vigil.tsdb.chunk.Chunks;
import dev.vigil.tsdb.chunk.TimestampColumn;
import dev.vigil.tsdb.chunk.ValueChunk;
import dev.vigil.tsdb.fixture.MemSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Blocks of value chunks sharing timestamp columns, and blocks written in the older encodings. */
@Timeout(60)
class ValueChunkBlockTest {
  @TempDir
  Path dir;

  /** Targets of many series scraped at the same instants, like a fleet of exporters. */
  static List<Series> fleet(Random r, int targets, int perTarget, int scrapes) {
    List<Series> out = new ArrayList<>();
    for (int m = 0; m < perTarget; m++) {
      for (int tg = 0; tg < targets; tg++) {
        Random times = new Random(tg); // same instants for every series of a target
        long[] ts = new long[scrapes];
        double[] vs = new double[scrapes];
        long t = 1_700_000_000_000L + tg * 977L;
        double v = m % 4 == 0 ? 1 : r.nextInt(1000);
        for (int i = 0; i < scrapes; i++) {
          t += times.nextInt(10) == 0 ? 15_000 + times.nextInt(3, 40) : 15_000;
          ts[i] = t;
          vs[i] = switch (m % 4) {
            case 0 -> v; // constant: identical chunks across targets
            case 1 -> v += r.nextInt(100);
            case 2 -> r.nextInt(20) == 0 ? Samples.STALE_NAN : Math.round(r.nextGaussian() * 1e4) / 100.0;
            default -> r.nextDouble();
          };
        }
        out.add(MemSeries.series(Labels.of("__name__", "m" + (1000 + m), "instance", "host-" + tg),
            ts, vs));
      }
    }
    return out;
  }

  private static void assertSame(Path block, List<Series> want, long seed) throws IOException {
    try (Block b = Block.open(block); Querier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, null, List.of(Matcher.re("__name__", ".+")));
      int k = 0;
      while (set.next()) {
        Series got = set.at();
        Series exp = want.get(k++);
        assertThat(got.labels()).isEqualTo(exp.labels());
        SampleIterator a = got.iterator();
        SampleIterator e = exp.iterator();
        for (ValueType vt = e.next(); vt != ValueType.NONE; vt = e.next()) {
          assertThat(a.next()).isEqualTo(ValueType.FLOAT);
          assertThat(a.atT()).isEqualTo(e.atT());
          assertThat(Double.doubleToRawLongBits(a.atV())).as("%s at %d", exp.labels(), e.atT())
              .isEqualTo(Double.doubleToRawLongBits(e.atV()));
        }
        assertThat(a.next()).isEqualTo(ValueType.NONE);
        if (k % 7 == 0) {
          SampleIteratorCheck.check(got::iterator, seed + k, 5);
        }
      }
      assertThat(k).isEqualTo(want.size());
    }
  }

  /** The directory of the block {@code writer} writes of {@code series}. */
  private Path written(BlockWriter writer, List<Series> series) throws IOException {
    BlockMeta meta = writer.write(MemSeries.of(series), 0, Long.MAX_VALUE).orElseThrow();
    return dir.resolve(meta.ulid());
  }

  private static List<Series> sorted(List<Series> list) {
    List<Series> s = new ArrayList<>(list);
    s.sort((x, y) -> x.labels().compareTo(y.labels()));
    return s;
  }

  /** Records per encoding byte over all segments of a block. */
  private static int[] recordsByEncoding(Path block) throws IOException {
    int[] count = new int[8];
    try (var files = Files.list(block.resolve(BlockFormat.CHUNKS_DIR))) {
      for (Path p : files.sorted().toList()) {
        ByteReader r = new ByteReader(Files.readAllBytes(p));
        r.skip(BlockFormat.CHUNKS_HEADER_SIZE);
        while (r.hasRemaining()) {
          count[r.getByte()]++;
          r.skip(r.getUvarintInt() + 4);
        }
      }
    }
    return count;
  }

  @Test
  void seriesOfATargetShareTimestampsAndEqualChunksAreStoredOnce() throws IOException {
    long seed = System.nanoTime();
    System.out.println("ValueChunkBlockTest seed " + seed);
    List<Series> series = sorted(fleet(new Random(seed), 8, 24, 500));
    BlockMeta meta = new BlockWriter(dir).write(MemSeries.of(series), 0, Long.MAX_VALUE)
        .orElseThrow();
    assertThat(meta.stats().numChunks()).isEqualTo(8 * 24 * 2); // 480 + 20 samples each
    int[] records = recordsByEncoding(dir.resolve(meta.ulid()));
    assertThat(records[TimestampColumn.ENCODING]).isEqualTo(8 * 2); // per target and window
    // the constant series (every 4th) all hold 1: stored once per target and window, not once
    // per series
    assertThat(records[ValueChunk.ENCODING]).isEqualTo(8 * 2 * (24 - 24 / 4 + 1));
    assertSame(dir.resolve(meta.ulid()), series, seed);
  }

  /** Shared records are found again after they left the write buffer for the file. */
  @Test
  void equalChunksAreStoredOnceInABlockLargerThanTheWriteBuffer() throws IOException {
    long seed = System.nanoTime();
    System.out.println("ValueChunkBlockTest large seed " + seed);
    List<Series> series = sorted(fleet(new Random(seed), 6, 240, 500));
    Path block = written(new BlockWriter(dir), series);
    assertThat(Files.size(block.resolve(BlockFormat.CHUNKS_DIR).resolve(
        BlockFormat.segmentName(1)))).isGreaterThan(3L << 19);
    int[] records = recordsByEncoding(block);
    assertThat(records[TimestampColumn.ENCODING]).isEqualTo(6 * 2);
    assertThat(records[ValueChunk.ENCODING]).isEqualTo(6 * 2 * (240 - 240 / 4 + 1));
    assertSame(block, series, seed);
  }

  /** More targets than the writer keeps encoded columns for: columns are still shared. */
  @Test
  void timestampColumnsAreSharedWithMoreTargetsThanCachedColumns() throws IOException {
    long seed = System.nanoTime();
    System.out.println("ValueChunkBlockTest many targets seed " + seed);
    List<Series> series = sorted(fleet(new Random(seed), 300, 4, 500));
    Path block = written(new BlockWriter(dir), series);
    int[] records = recordsByEncoding(block);
    assertThat(records[TimestampColumn.ENCODING]).isEqualTo(300 * 2);
    assertThat(records[ValueChunk.ENCODING]).isEqualTo(300 * 2 * 4);
    assertSame(block, series, seed);
  }

  @Test
  void timestampColumnsAreRepeatedInEverySegment() throws IOException {
    long seed = System.nanoTime();
    System.out.println("ValueChunkBlockTest segments seed " + seed);
    List<Series> series = sorted(fleet(new Random(seed), 4, 16, 300));
    Path block = written(new BlockWriter(dir, 4096), series);
    try (var files = Files.list(block.resolve(BlockFormat.CHUNKS_DIR))) {
      assertThat(files.count()).isGreaterThan(5);
    }
    assertSame(block, series, seed);
  }

  /** Blocks written before value chunks hold XOR (1) and packed (2) chunks: they still read. */
  @Test
  void blocksOfTheOlderEncodingsStillRead() throws IOException {
    long seed = System.nanoTime();
    System.out.println("ValueChunkBlockTest old encodings seed " + seed);
    List<Series> series = sorted(fleet(new Random(seed), 3, 8, 200));
    Path block = Files.createDirectories(dir.resolve(BlockId.next()));
    Path chunksDir = Files.createDirectories(block.resolve(BlockFormat.CHUNKS_DIR));
    List<Labels> labels = new ArrayList<>();
    long[] metas = new long[3 * series.size()];
    int[] starts = new int[series.size() + 1];
    long samples = 0;
    try (ChunkSegmentWriter w = new ChunkSegmentWriter(chunksDir, 1 << 20)) {
      for (int s = 0; s < series.size(); s++) {
        long[] ts = new long[200];
        double[] vs = new double[200];
        SampleIterator it = series.get(s).iterator();
        int n = 0;
        while (it.next() != ValueType.NONE) {
          ts[n] = it.atT();
          vs[n++] = it.atV();
        }
        Chunks.Encoded c = Chunks.encodeImmutable(ts, vs, n);
        metas[3 * s] = ts[0];
        metas[3 * s + 1] = ts[n - 1];
        metas[3 * s + 2] = w.write(c.encoding(), c.data());
        labels.add(series.get(s).labels());
        starts[s + 1] = s + 1;
        samples += n;
      }
    }
    IndexWriter.write(block.resolve(BlockFormat.INDEX_FILE), labels, metas, starts);
    new BlockMeta(block.getFileName().toString(), 0, Long.MAX_VALUE,
        new BlockMeta.Stats(samples, series.size(), series.size()),
        new BlockMeta.Compaction(1, List.of(block.getFileName().toString()), List.of()),
        BlockMeta.VERSION).write(block);
    assertSame(block, series, seed);
  }

  @Test
  void aValueChunkWhoseTimestampColumnIsMissingIsCorrupt() throws IOException {
    Path block = Files.createDirectories(dir.resolve(BlockId.next()));
    Path chunksDir = Files.createDirectories(block.resolve(BlockFormat.CHUNKS_DIR));
    long[] ts = {1000, 2000, 3000};
    double[] vs = {1, 2, 3};
    long[] metas = new long[9];
    try (ChunkSegmentWriter w = new ChunkSegmentWriter(chunksDir, 1 << 20)) {
      long tsRef = w.write(TimestampColumn.ENCODING, TimestampColumn.encode(ts, 3));
      long wrong = w.write(ValueChunk.ENCODING, withDistance(1, ValueChunk.encode(vs, 3)));
      long pointsAtValues = w.write(ValueChunk.ENCODING, withDistance(
          w.offset() - BlockFormat.refOffset(wrong), ValueChunk.encode(vs, 3)));
      metas[0] = 1000; metas[1] = 3000; metas[2] = wrong;
      metas[3] = 1000; metas[4] = 3000; metas[5] = pointsAtValues;
      metas[6] = 1000; metas[7] = 3000; metas[8] = tsRef;
    }
    List<Labels> labels = List.of(Labels.of("__name__", "a"), Labels.of("__name__", "b"),
        Labels.of("__name__", "c"));
    IndexWriter.write(block.resolve(BlockFormat.INDEX_FILE), labels, metas, new int[] {0, 1, 2, 3});
    new BlockMeta(block.getFileName().toString(), 0, 4000, new BlockMeta.Stats(9, 3, 3),
        new BlockMeta.Compaction(1, List.of(block.getFileName().toString()), List.of()),
        BlockMeta.VERSION).write(block);
    for (String name : List.of("a", "b", "c")) {
      try (Block b = Block.open(block); Querier q = b.querier(0, 4000)) {
        SeriesSet set = q.select(true, null, List.of(Matcher.eq("__name__", name)));
        assertThat(set.next()).isTrue();
        SampleIterator it = set.at().iterator();
        assertThatThrownBy(it::next).as(name).isInstanceOf(BlockCorruptedException.class)
            .hasMessageContaining("chunk");
      }
    }
  }

  private static byte[] withDistance(long distance, byte[] payload) {
    return new ByteWriter().putUvarint(distance).putBytes(payload).toByteArray();
  }
}
