package dev.vigil.common.wal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads the records of a sequence of segment files in order, verifying headers and checksums.
 * Files are memory-mapped one at a time and unmapped when the reader moves on or is closed. Any
 * bad header or frame is reported as a {@link WalCorruptionException} naming the file, segment
 * and offset: torn tails have been repaired by {@link Wal#open} before a reader exists, so what
 * remains bad is corruption. Not thread-safe.
 */
public final class WalReader implements AutoCloseable {
  /** One file to read and the segment number reported in errors. */
  record Source(Path file, int segment) {}

  private static final long PAGE = 4096;
  /**
   * Bytes read after which their pages are dropped from the process' resident set: every page of
   * a mapping that was read stays resident until the mapping goes, so reading a 128 MiB segment
   * (replay, checkpoints) would otherwise raise the process' RSS by as much, however briefly.
   */
  private static final long UNLOAD_STEP = 4 << 20;

  private final List<Source> sources;
  private final CRC32C crc = new CRC32C();
  private int index = -1;
  private Arena arena;
  private MemorySegment seg;
  private long off;
  private long unloaded; // pages of seg before this offset were dropped from the resident set
  private long recordOffset;
  private byte[] record = new byte[4096];
  private int length;

  WalReader(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  /**
   * Advances to the next record.
   *
   * @return false at the end of the last file
   * @throws WalCorruptionException when a header or frame is invalid
   */
  public boolean next() throws IOException {
    while (true) {
      if (seg != null && off < seg.byteSize()) {
        int len = SegmentFormat.frameLength(seg, off);
        if (record.length < len) {
          record = new byte[Math.max(len, record.length * 2)];
        }
        String problem = SegmentFormat.checkFrame(seg, off, record, crc);
        Source src = sources.get(index);
        if (problem != null) {
          throw new WalCorruptionException(src.file(), src.segment(), off, problem);
        }
        length = len;
        recordOffset = off;
        off += SegmentFormat.FRAME_HEADER_SIZE + len;
        if (off - unloaded >= UNLOAD_STEP) {
          unloadRead();
        }
        return true;
      }
      if (!openNext()) {
        return false;
      }
    }
  }

  private boolean openNext() throws IOException {
    unmap();
    if (index + 1 >= sources.size()) {
      index = sources.size();
      return false;
    }
    index++;
    Source src = sources.get(index);
    arena = Arena.ofConfined();
    try (FileChannel ch = FileChannel.open(src.file(), StandardOpenOption.READ)) {
      long size = ch.size();
      seg = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
    }
    String problem = SegmentFormat.checkHeader(seg);
    if (problem != null) {
      throw new WalCorruptionException(src.file(), src.segment(), 0, problem);
    }
    off = SegmentFormat.HEADER_SIZE;
    unloaded = 0;
    return true;
  }

  // MemorySegment.unload is madvise(MADV_DONTNEED): for a read-only file mapping it only unmaps
  // the pages (the page cache keeps them), so reading them again would fault them back in
  private void unloadRead() {
    long to = off / PAGE * PAGE;
    if (to > unloaded) {
      seg.asSlice(unloaded, to - unloaded).unload();
      unloaded = to;
    }
  }

  private void unmap() {
    if (arena != null) {
      arena.close();
      arena = null;
      seg = null;
    }
  }

  /** The current record's bytes; valid are [0, length()). Reused by the next call to next(). */
  public byte[] record() {
    return record;
  }

  public int length() {
    return length;
  }

  /** File of the current record. */
  public Path file() {
    return sources.get(index).file();
  }

  /** Segment number of the current record. */
  public int segment() {
    return sources.get(index).segment();
  }

  /** Byte offset of the current record's frame in its file. */
  public long offset() {
    return recordOffset;
  }

  /** Unmaps the file and drops the record buffer (a WAL's largest record), however long the
   * reader itself stays referenced. */
  @Override
  public void close() {
    unmap();
    record = new byte[0];
    length = 0;
  }
}
