package dev.vigil.tsdb.block;

import dev.vigil.common.fs.Directories;
import dev.vigil.model.Labels;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Series;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import dev.vigil.tsdb.chunk.ChunkEncoder;
import dev.vigil.tsdb.chunk.TimestampColumn;
import dev.vigil.tsdb.chunk.ValueChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes immutable block directories under a parent directory.
 *
 * <p>A block is written into {@code <parent>/<id>.tmp}, every file and directory is forced to
 * disk, and the directory is then renamed to {@code <parent>/<id>}: a block directory with a
 * block id as its name is always complete. Samples are re-encoded into chunks of at most {@link
 * #SAMPLES_PER_CHUNK} samples, each stored as a value chunk pointing at a timestamp column that all
 * chunks with the same timestamps in the segment share (the series of one scrape target). Only
 * float samples are supported.
 *
 * <p>Stateless apart from the parent path; concurrent writes produce distinct blocks.
 */
public final class BlockWriter {
  /**
   * Samples per persisted chunk. Larger than the head's 120 because the packed encoding's fixed
   * cost per chunk is amortised over more samples, and a 2h block at a 15s interval is 480.
   */
  public static final int SAMPLES_PER_CHUNK = 480;

  // bound on the timestamp columns and chunks remembered for sharing (16 bytes each, 32 at the
  // table's load), so a huge block cannot exhaust memory (past it sharing starts over, which
  // costs bytes, never correctness)
  private static final int MAX_SHARED = 1 << 18;

  private final long[] ts = new long[SAMPLES_PER_CHUNK];
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final double[] vs = new double[SAMPLES_PER_CHUNK];
  // chunks at most this long are remembered so that series with identical samples (a constant
  // of the same value on the same target: very common) point at one record
  private static final int MAX_SHARED_VALUES_BYTES = 256;

  // The records written so far, by hash of their content: no chunk bytes stay on the heap for
  // the whole write (a block cut from a 20,000-series head kept ~5 MB of them until the end, old
  // enough by then to be promoted); a hash hit is confirmed against the record itself.
  private final RecordHashes tsColumns = new RecordHashes(MAX_SHARED);
  private final RecordHashes valueChunks = new RecordHashes(MAX_SHARED);
  private final byte[] distance = new byte[10]; // uvarint prefix of a value chunk's data

  // The timestamp columns encoded last, by their raw timestamps (direct-mapped on a hash of
  // them): the series of one target share their timestamps, so a block of T targets encodes T
  // columns rather than one per chunk (encoding was half of what a cut allocated: ~180 MB for
  // 20,000 series). At most COLUMN_SLOTS columns of SAMPLES_PER_CHUNK timestamps are kept.
  private static final int COLUMN_SLOTS = 256;
  private final long[][] columnTs = new long[COLUMN_SLOTS][];
  private final int[] columnN = new int[COLUMN_SLOTS];
  private final byte[][] columns = new byte[COLUMN_SLOTS][];
  private final int[] columnLengths = new int[COLUMN_SLOTS];
  private final long[] columnRefs = new long[COLUMN_SLOTS];
  private final long[] columnUsed = new long[COLUMN_SLOTS]; // when each slot last served
  private long uses;

  // the block being written: (minT, maxT, ref) of each chunk so far, and counts
  private long[] metas;
  private int numChunks;
  private long numSamples;

  private final Path parent;
  private final long maxSegmentBytes;

  public BlockWriter(Path parent) {
    this(parent, BlockFormat.SEGMENT_MAX_BYTES);
  }

  /** For tests: cut chunk segments at {@code maxSegmentBytes}. */
  BlockWriter(Path parent, long maxSegmentBytes) {
    this.parent = parent;
    this.maxSegmentBytes = maxSegmentBytes;
  }

  /**
   * Writes a level-1 block (as cut from the head) holding the samples of {@code set} in [mint,
   * maxt). Empty when no series has a sample in that range.
   *
   * @param set series strictly increasing by labels, samples increasing in time
   */
  public Optional<BlockMeta> write(SeriesSet set, long mint, long maxt) throws IOException {
    return write(set, mint, maxt, 1, null, List.of());
  }

  /**
   * Writes a block with the given compaction lineage; {@code sources} null means the block is its
   * own single source (a level-1 block).
   *
   * @throws IllegalArgumentException when the series are not sorted, timestamps do not increase
   *     within a series or a series holds histogram samples; nothing is left on disk then
   */
  public Optional<BlockMeta> write(SeriesSet set, long mint, long maxt, int level,
      List<String> sources, List<String> parents) throws IOException {
    if (mint >= maxt) {
      throw new IllegalArgumentException("empty block range [" + mint + ", " + maxt + ")");
    }
    if (level < 1) {
      throw new IllegalArgumentException("compaction level " + level + " is below 1");
    }
    String id = BlockId.next();
    Path tmp = parent.resolve(id + BlockFormat.TMP_SUFFIX);
    Path chunksDir = tmp.resolve(BlockFormat.CHUNKS_DIR);
    Files.createDirectories(chunksDir);
    try {
      Optional<BlockMeta> meta = writeInto(tmp, chunksDir, id, set, mint, maxt, level,
          sources == null ? List.of(id) : sources, parents);
      if (meta.isEmpty()) {
        Directories.deleteRecursively(tmp);
        return meta;
      }
      Directories.fsync(chunksDir);
      Directories.fsync(tmp);
      Files.move(tmp, parent.resolve(id), StandardCopyOption.ATOMIC_MOVE);
      Directories.fsync(parent);
      return meta;
    } catch (IOException | RuntimeException e) {
      try {
        Directories.deleteRecursively(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      metas = null; // a writer may be kept for more blocks: not this one's chunk metas
    }
  }

  private Optional<BlockMeta> writeInto(Path tmp, Path chunksDir, String id, SeriesSet set,
      long mint, long maxt, int level, List<String> sources, List<String> parents)
      throws IOException {
    forgetShared();
    List<Labels> series = new ArrayList<>();
    metas = new long[3 * 64];
    numChunks = 0;
    numSamples = 0;
    int[] starts = new int[65];
    Labels prev = null;
    try (ChunkSegmentWriter chunks = new ChunkSegmentWriter(chunksDir, maxSegmentBytes)) {
      while (set.next()) {
        Series s = set.at();
        Labels ls = s.labels();
        if (prev != null && prev.compareTo(ls) >= 0) {
          throw new IllegalArgumentException(
              "series not strictly sorted by labels: " + ls + " after " + prev);
        }
        prev = ls;
        int before = numChunks;
        writeSeries(chunks, ls, s.iterator(), mint, maxt);
        if (numChunks > before) {
          series.add(ls);
          if (starts.length < series.size() + 1) {
            starts = Arrays.copyOf(starts, starts.length * 2);
          }
          starts[series.size()] = numChunks;
        }
      }
    }
    if (series.isEmpty()) {
      return Optional.empty();
    }
    IndexWriter.write(tmp.resolve(BlockFormat.INDEX_FILE), series, metas, starts);
    BlockMeta meta = new BlockMeta(id, mint, maxt,
        new BlockMeta.Stats(numSamples, series.size(), numChunks),
        new BlockMeta.Compaction(level, sources, parents), BlockMeta.VERSION);
    meta.write(tmp);
    return Optional.of(meta);
  }

  /**
   * Writes the chunks of one series' samples in [mint, maxt). A method of its own, as are the
   * loops it calls, so that the JIT compiles each separately: as one method with the series loop
   * (and the chunk decoder inlined into a per-sample loop), C2 compiled writeInto as a 50 KB
   * on-stack replacement, again after every deoptimisation, which cost more CPU than the first
   * cut's work itself.
   */
  private void writeSeries(ChunkSegmentWriter chunks, Labels ls, SampleIterator it, long mint,
      long maxt) throws IOException {
    int pending = 0; // samples buffered for the next chunk
    long lastT = Long.MIN_VALUE;
    for (ValueType vt = it.seek(mint); vt != ValueType.NONE; vt = it.next()) {
      long t = it.atT();
      if (t >= maxt) {
        break;
      }
      if (vt != ValueType.FLOAT) {
        throw new IllegalArgumentException(
            "series " + ls + " has a " + vt + " sample at " + t + ": blocks hold floats only");
      }
      // in bulk, through the decoder loop queries use too
      int copied = it.readFloats(maxt - 1, ts, vs, pending, SAMPLES_PER_CHUNK - pending);
      lastT = checkIncreasing(ls, pending, pending + copied, lastT);
      pending += copied;
      numSamples += copied;
      if (pending == SAMPLES_PER_CHUNK) {
        writeChunk(chunks, pending);
        pending = 0;
      }
    }
    if (pending > 0) {
      writeChunk(chunks, pending);
    }
  }

  /**
   * Checks that ts[from, to) increase strictly, starting above {@code lastT}, and returns the
   * last of them ({@code lastT} when the range is empty).
   */
  private long checkIncreasing(Labels ls, int from, int to, long lastT) {
    long last = lastT;
    for (int i = from; i < to; i++) {
      long t = ts[i];
      if (t <= last) {
        throw new IllegalArgumentException("series " + ls + " has timestamp " + t
            + " after " + last + ": samples must increase in time");
      }
      last = t;
    }
    return last;
  }

  private static long[] grow(long[] a, int need) {
    return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length * 2));
  }

  private void forgetShared() {
    tsColumns.clear();
    valueChunks.clear();
    Arrays.fill(columnRefs, -1); // refs of another block's segments
  }

  /**
   * Encodes the buffered samples as a value chunk, writing their timestamp column first unless
   * the current segment already holds an identical one, and records the meta. A chunk equal to
   * one already written (same timestamp column, same values) is not written again: the index
   * points both series at the same record.
   */
  private void writeChunk(ChunkSegmentWriter chunks, int n) throws IOException {
    int index = numChunks++;
    long[] metas = this.metas = grow(this.metas, 3 * index + 3);
    metas[3 * index] = ts[0];
    metas[3 * index + 1] = ts[n - 1];
    int slot = columnSlot(n);
    byte[] tsColumn = columns[slot];
    int tsLength = columnLengths[slot];
    int valuesLength = encoder.encodeValues(vs, n);
    byte[] values = encoder.values();
    chunks.ensureRoom(ChunkSegmentWriter.recordSize(tsLength)
        + ChunkSegmentWriter.recordSize(valuesLength + 5));
    long tsRef = columnRefs[slot];
    if (tsRef < 0 || BlockFormat.refSegment(tsRef) != chunks.segment()) {
      long tsHash = RecordHashes.hash(0, tsColumn, tsLength);
      tsRef = tsColumns.get(tsHash);
      if (tsRef < 0 || !chunks.matches(tsRef, TimestampColumn.ENCODING, distance, 0, tsColumn,
          tsLength)) {
        tsRef = chunks.write(TimestampColumn.ENCODING, distance, 0, tsColumn, tsLength);
        tsColumns.put(tsHash, tsRef);
      }
      columnRefs[slot] = tsRef;
    }
    long valueHash = 0;
    boolean shared = valuesLength <= MAX_SHARED_VALUES_BYTES;
    if (shared) {
      valueHash = RecordHashes.hash(tsRef, values, valuesLength);
      long same = valueChunks.get(valueHash);
      if (same >= 0 && BlockFormat.refSegment(same) == BlockFormat.refSegment(tsRef)
          && BlockFormat.refOffset(same) > BlockFormat.refOffset(tsRef)) {
        int d = putUvarint(distance, BlockFormat.refOffset(same) - BlockFormat.refOffset(tsRef));
        if (chunks.matches(same, ValueChunk.ENCODING, distance, d, values, valuesLength)) {
          metas[3 * index + 2] = same;
          return;
        }
      }
    }
    int d = putUvarint(distance, chunks.offset() - BlockFormat.refOffset(tsRef));
    long ref = chunks.write(ValueChunk.ENCODING, distance, d, values, valuesLength);
    metas[3 * index + 2] = ref;
    if (shared) {
      valueChunks.put(valueHash, ref);
    }
  }

  /**
   * The column slot holding the encoding of {@code ts[0, n)}, encoding it (and forgetting what
   * the slot held) unless one of the two slots its hash picks already holds exactly these
   * timestamps; of those two, the one used longer ago is reused. Two ways rather than one: with
   * one slot per hash, 40 targets in 256 slots collided for 14 % of the chunks of a cut (about 1 %
   * expected with two),
   * each collision an encoding of a column already written.
   */
  private int columnSlot(int n) {
    long h = n;
    for (int i = 0; i < n; i++) {
      h = (h ^ ts[i]) * 0x9E3779B97F4A7C15L;
    }
    int pair = (int) (h ^ (h >>> 29) ^ (h >>> 47)) & (COLUMN_SLOTS - 2);
    uses++;
    for (int slot = pair; slot <= pair + 1; slot++) {
      long[] held = columnTs[slot];
      if (held != null && columnN[slot] == n && Arrays.equals(held, 0, n, ts, 0, n)) {
        columnUsed[slot] = uses;
        return slot;
      }
    }
    int slot = columnUsed[pair] <= columnUsed[pair + 1] ? pair : pair + 1;
    columnUsed[slot] = uses;
    long[] held = columnTs[slot];
    if (held == null || held.length < n) {
      held = columnTs[slot] = new long[SAMPLES_PER_CHUNK];
    }
    System.arraycopy(ts, 0, held, 0, n);
    columnN[slot] = n;
    int length = encoder.encodeTimestamps(ts, n);
    byte[] column = columns[slot];
    if (column == null || column.length < length) {
      column = columns[slot] = new byte[Math.max(length, 64)];
    }
    System.arraycopy(encoder.timestamps(), 0, column, 0, length);
    columnLengths[slot] = length;
    columnRefs[slot] = -1;
    return slot;
  }

  /** Writes {@code v} as an unsigned LEB128 into {@code out} and returns its length. */
  private static int putUvarint(byte[] out, long v) {
    int n = 0;
    while ((v & ~0x7FL) != 0) {
      out[n++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[n++] = (byte) v;
    return n;
  }
}
