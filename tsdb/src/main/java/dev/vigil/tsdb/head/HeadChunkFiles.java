package dev.vigil.tsdb.head;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Full head chunks in memory-mapped files under {@code <data>/chunks_head/} (format:
 * docs/format/head-chunks.md), so that the head keeps only the open chunk of each series on the
 * Java heap and restart replays only the WAL samples that are not yet in a chunk.
 *
 * <p>The files are a cache of the WAL, never the only copy: every sample they hold is also in the
 * WAL or its checkpoint, so they are not fsynced, and a bad record found on open ends the usable
 * data (that file is cut there and later files are deleted; the WAL replays what they held).
 * Because chunks of one series are written in time order, what survives is always a prefix of
 * each series' chunks.
 *
 * <p>A chunk reference is {@code file number << 32 | offset}. Each file is mapped once, whole,
 * through a shared {@link Arena}. Writes are serialised by this object's monitor; reads of
 * published chunks need no lock (the reference reaches a reader through the series lock, which
 * orders the write before the read). Reading a chunk of a file deleted by {@link #truncateBefore}
 * fails with {@link IllegalStateException} from the closed arena, which callers treat as "chunk
 * gone".
 */
final class HeadChunkFiles implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HeadChunkFiles.class.getName());
  static final int MAGIC = 0x56484348; // "VHCH"
  static final int VERSION = 1;
  static final int HEADER_SIZE = 8;
  /** marker u8, series id u32, mint i64, maxt i64, encoding u8, data length u32. */
  static final int RECORD_HEADER = 1 + 4 + 8 + 8 + 1 + 4;
  static final int MARKER = 0x01;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(
      ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(
      ByteOrder.BIG_ENDIAN);
  private static final long PAGE = 4096;
  /** Written bytes after which their pages are dropped from the resident set (see write). */
  private static final long UNLOAD_STEP = 1 << 20;
  /**
   * Bytes of pages mapped by reads after which every mapped page is dropped from the resident
   * set: cutting a block reads every chunk, and without this its pages would stay resident until
   * the files go. A page read again later is a minor fault from the page cache (about a
   * microsecond a page).
   */
  private static final long READ_UNLOAD_STEP = 4 << 20;
  /**
   * What one read fault maps: Linux maps the neighbouring pages already in the page cache along
   * with the faulting one ("fault-around", 64 KiB by default), so a read of one page adds up to
   * 16 pages to the resident set. Counted per page, 8 MiB of reads left about 11 MiB resident
   * while a block was cut (each read a chunk of another series, far from the last).
   */
  private static final long FAULT_AROUND = 64 << 10;

  /** Receives each valid chunk found on open. */
  interface ChunkVisitor {
    void chunk(int seriesId, long mint, long maxt, long ref);
  }

  private static final class MappedFile {
    final int number;
    final Path path;
    final Arena arena;
    final MemorySegment seg;
    long pos; // end of valid data
    long unloaded; // pages before this offset were dropped from the process' resident set
    long maxTime = Long.MIN_VALUE;

    MappedFile(int number, Path path, Arena arena, MemorySegment seg, long pos) {
      this.number = number;
      this.path = path;
      this.arena = arena;
      this.seg = seg;
      this.pos = pos;
    }
  }

  private final Path dir;
  private final long fileSize;
  private final Map<Integer, MappedFile> files = new ConcurrentHashMap<>();
  private final CRC32C crc = new CRC32C(); // guarded by this
  private final AtomicLong readSinceUnload = new AtomicLong();
  private MappedFile current; // guarded by this

  private HeadChunkFiles(Path dir, long fileSize) {
    this.dir = dir;
    this.fileSize = fileSize;
  }

  /** Opens the directory, reporting every valid chunk to {@code visitor} in write order. */
  static HeadChunkFiles open(Path dir, long fileSize, ChunkVisitor visitor) throws IOException {
    Files.createDirectories(dir);
    HeadChunkFiles f = new HeadChunkFiles(dir, fileSize);
    List<Integer> numbers = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.length() == 8 && n.chars().allMatch(Character::isDigit)) {
          numbers.add(Integer.parseInt(n));
        }
      }
    }
    numbers.sort(null);
    boolean broken = false;
    for (int number : numbers) {
      Path p = dir.resolve(name(number));
      if (broken) {
        LOG.log(System.Logger.Level.WARNING, "deleting head chunk file {0} after a bad one", p);
        Files.delete(p);
        continue;
      }
      broken = !f.load(number, p, visitor);
    }
    return f;
  }

  static String name(int number) {
    return String.format("%08d", number);
  }

  /** Maps and scans one file; false when it ended in a bad record (and was cut there). */
  private boolean load(int number, Path p, ChunkVisitor visitor) throws IOException {
    long size = Files.size(p);
    Arena arena = Arena.ofShared();
    MemorySegment seg;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      seg = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
    }
    String problem = null;
    long off = HEADER_SIZE;
    if (size < HEADER_SIZE || seg.get(INT, 0) != MAGIC
        || (seg.get(ValueLayout.JAVA_BYTE, 4) & 0xFF) != VERSION) {
      problem = "bad header";
      off = 0;
    }
    long maxTime = Long.MIN_VALUE;
    List<long[]> found = new ArrayList<>();
    while (problem == null && off < size) {
      int marker = seg.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
      if (marker == 0) {
        break; // unwritten (zero) space of a preallocated file
      }
      if (marker != MARKER || size - off < RECORD_HEADER + 4) {
        problem = "invalid record marker " + marker;
        break;
      }
      long len = Integer.toUnsignedLong(seg.get(INT, off + 22));
      if (len > size - off - RECORD_HEADER - 4) {
        problem = "chunk length " + len + " exceeds the file";
        break;
      }
      crc.reset();
      crc.update(seg.asSlice(off, RECORD_HEADER + len).asByteBuffer());
      if ((int) crc.getValue() != seg.get(INT, off + RECORD_HEADER + len)) {
        problem = "checksum mismatch";
        break;
      }
      int series = seg.get(INT, off + 1);
      long mint = seg.get(LONG, off + 5);
      long maxt = seg.get(LONG, off + 13);
      found.add(new long[] {series, mint, maxt, ((long) number << 32) | off});
      maxTime = Math.max(maxTime, maxt);
      off += RECORD_HEADER + len + 4;
    }
    if (problem != null) {
      arena.close();
      LOG.log(System.Logger.Level.WARNING,
          "head chunk file {0}: {1} at offset {2}; dropping the rest (the wal replays it)",
          p, problem, off);
      if (off <= HEADER_SIZE) {
        Files.delete(p);
        return false;
      }
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
        ch.truncate(off);
      }
      load(number, p, visitor); // the valid prefix stays usable
      return false;
    }
    for (long[] c : found) {
      visitor.chunk((int) c[0], c[1], c[2], c[3]);
    }
    MappedFile mf = new MappedFile(number, p, arena, seg, off);
    mf.maxTime = maxTime;
    unloadWritten(mf, size); // the scan touched every page; queries fault back what they read
    files.put(number, mf);
    return true;
  }

  /** Writes a full chunk and returns its reference. */
  synchronized long write(int seriesId, long mint, long maxt, int encoding, byte[] data)
      throws IOException {
    return write(seriesId, mint, maxt, encoding, data, data.length);
  }

  /** As {@link #write(int, long, long, int, byte[])} with the first {@code length} bytes. */
  synchronized long write(int seriesId, long mint, long maxt, int encoding, byte[] data,
      int length) throws IOException {
    long need = RECORD_HEADER + length + 4L;
    if (current == null || current.pos + need > current.seg.byteSize()) {
      startFile(need);
    }
    MemorySegment s = current.seg;
    long off = current.pos;
    s.set(ValueLayout.JAVA_BYTE, off, (byte) MARKER);
    s.set(INT, off + 1, seriesId);
    s.set(LONG, off + 5, mint);
    s.set(LONG, off + 13, maxt);
    s.set(ValueLayout.JAVA_BYTE, off + 21, (byte) encoding);
    s.set(INT, off + 22, length);
    MemorySegment.copy(data, 0, s, ValueLayout.JAVA_BYTE, off + RECORD_HEADER, length);
    crc.reset();
    crc.update(s.asSlice(off, RECORD_HEADER + length).asByteBuffer());
    s.set(INT, off + RECORD_HEADER + length, (int) crc.getValue());
    current.pos = off + need;
    current.maxTime = Math.max(current.maxTime, maxt);
    if (current.pos - current.unloaded >= UNLOAD_STEP) {
      unloadWritten(current, current.pos);
    }
    return ((long) current.number << 32) | off;
  }

  /**
   * Drops the whole pages of {@code f} before {@code end} from this process' page tables. Pages
   * written through a shared mapping stay resident, and count in the process' RSS, until the
   * mapping goes away; a full chunk is rarely read again while it is in the head, so keeping
   * them would make every written byte of the head cost memory twice (page cache and RSS).
   * {@link MemorySegment#unload} is {@code madvise(MADV_DONTNEED)}, which for a shared file
   * mapping keeps the data (dirty pages are written back from the page cache) and only unmaps
   * it: a later read faults the page back in from the page cache.
   */
  private static void unloadWritten(MappedFile f, long end) {
    long from = f.unloaded;
    long to = Math.min(end, f.seg.byteSize()) / PAGE * PAGE;
    if (to > from) {
      f.seg.asSlice(from, to - from).unload();
      f.unloaded = to;
    }
  }

  // guarded by this
  private void startFile(long need) throws IOException {
    if (current != null) {
      unloadWritten(current, current.seg.byteSize());
    }
    int number = 1;
    for (int n : files.keySet()) {
      number = Math.max(number, n + 1);
    }
    Path p = dir.resolve(name(number));
    long size = Math.max(fileSize, HEADER_SIZE + need);
    Arena arena = Arena.ofShared();
    MemorySegment seg;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
    }
    seg.set(INT, 0, MAGIC);
    seg.set(ValueLayout.JAVA_BYTE, 4, (byte) VERSION);
    MappedFile mf = new MappedFile(number, p, arena, seg, HEADER_SIZE);
    files.put(number, mf);
    current = mf;
  }

  /** The path of chunk file {@code number}, or null when it is not (or no longer) open. */
  Path path(int number) {
    MappedFile f = files.get(number);
    return f == null ? null : f.path;
  }

  /**
   * The encoded bytes of a chunk.
   *
   * @throws IllegalStateException when the chunk's file has been deleted
   */
  byte[] read(long ref) {
    MappedFile f = files.get((int) (ref >>> 32));
    if (f == null) {
      throw new IllegalStateException("head chunk file " + (ref >>> 32) + " is gone");
    }
    long off = ref & 0xFFFFFFFFL;
    int len = f.seg.get(INT, off + 22);
    byte[] out = new byte[len];
    MemorySegment.copy(f.seg, ValueLayout.JAVA_BYTE, off + RECORD_HEADER, out, 0, len);
    // count what the read may have mapped (see FAULT_AROUND), not its bytes: a chunk is ~100
    // bytes
    long windows = (off + RECORD_HEADER + len - 1) / FAULT_AROUND - off / FAULT_AROUND + 1;
    if (readSinceUnload.addAndGet(windows * FAULT_AROUND) >= READ_UNLOAD_STEP) {
      readSinceUnload.set(0);
      unloadAll();
    }
    return out;
  }

  /** Drops every mapped page from the resident set; the data stays in the page cache. */
  private void unloadAll() {
    for (MappedFile f : files.values()) {
      long end = f.seg.byteSize() / PAGE * PAGE;
      try {
        if (end > 0) {
          f.seg.asSlice(0, end).unload();
        }
      } catch (IllegalStateException e) {
        // deleted by truncateBefore meanwhile: nothing left to drop
      }
    }
  }

  /** Deletes files holding only chunks that end before {@code mint} (never the open file). */
  synchronized int truncateBefore(long mint) throws IOException {
    int deleted = 0;
    for (MappedFile f : List.copyOf(files.values())) {
      if (f != current && f.maxTime < mint) {
        files.remove(f.number);
        f.arena.close();
        Files.deleteIfExists(f.path);
        deleted++;
      }
    }
    unloadAll(); // the block just cut read most chunks back in
    readSinceUnload.set(0);
    return deleted;
  }

  /** Bytes of chunk data written (valid prefix of every file). */
  long size() {
    long n = 0;
    for (MappedFile f : files.values()) {
      n += f.pos;
    }
    return n;
  }

  int fileCount() {
    return files.size();
  }

  @Override
  public synchronized void close() {
    for (MappedFile f : files.values()) {
      f.arena.close();
    }
    files.clear();
    current = null;
  }
}
