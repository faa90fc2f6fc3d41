package dev.vigil.tsdb.block;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.SampleIterator;
import dev.vigil.tsdb.chunk.Chunks;
import dev.vigil.tsdb.chunk.PackedChunk;
import dev.vigil.tsdb.chunk.TimestampColumn;
import dev.vigil.tsdb.chunk.ValueChunk;
import dev.vigil.tsdb.chunk.XorChunk;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.CRC32C;

/**
 * Memory-mapped chunk segments of a block (docs/format/chunks.md). Headers are checked on open;
 * every chunk's CRC32C is checked when it is read, so a damaged chunk fails loudly instead of
 * decoding into wrong samples. Immutable; thread-safe while the arena is open: the timestamp
 * column cache holds immutable entries in an atomic array, so threads racing on a slot at worst
 * decode a column twice.
 */
final class ChunkReader {
  // Decoded timestamp columns, direct-mapped by reference: the series of one target share a
  // column, and a query reads many of them one after the other, often cycling through all
  // targets (series sort by metric name first). Entries are immutable. At most 256 x 480
  // timestamps (1 MiB) per block; regular columns decode in a fill loop even when they miss.
  private static final int TS_CACHE_SLOTS = 256;

  private record TsEntry(long ref, long[] ts) {}

  private final AtomicReferenceArray<TsEntry> tsCache = new AtomicReferenceArray<>(TS_CACHE_SLOTS);
  private final Path[] files;
  private final MemorySegment[] segments;
  private final long totalBytes;

  ChunkReader(Path dir, Arena arena) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        found.add(p);
      }
    }
    found.sort(null);
    files = new Path[found.size()];
    segments = new MemorySegment[found.size()];
    long total = 0;
    for (int i = 0; i < found.size(); i++) {
      Path p = found.get(i);
      if (!p.getFileName().toString().equals(BlockFormat.segmentName(i + 1))) {
        throw new BlockCorruptedException(p, "segment", 0,
            "expected segment " + BlockFormat.segmentName(i + 1) + " in sequence");
      }
      files[i] = p;
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        segments[i] = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
      }
      MemorySegment s = segments[i];
      total += s.byteSize();
      if (s.byteSize() < BlockFormat.CHUNKS_HEADER_SIZE) {
        throw new BlockCorruptedException(p, "header", 0, "segment of " + s.byteSize()
            + " bytes is shorter than its header");
      }
      int magic = s.get(SegmentReader.INT_BE, 0);
      if (magic != BlockFormat.CHUNKS_MAGIC) {
        throw new BlockCorruptedException(p, "header", 0, "bad magic 0x"
            + Integer.toHexString(magic));
      }
      int version = s.get(ValueLayout.JAVA_BYTE, 4);
      if (version != BlockFormat.CHUNKS_VERSION) {
        throw new BlockCorruptedException(p, "header", 4, "unsupported version " + version);
      }
      for (int b = 5; b < BlockFormat.CHUNKS_HEADER_SIZE; b++) {
        if (s.get(ValueLayout.JAVA_BYTE, b) != 0) {
          throw new BlockCorruptedException(p, "header", b, "reserved byte is not zero");
        }
      }
    }
    totalBytes = total;
  }

  /** A corruption error for a chunk whose verified bytes still fail to decode. */
  BlockCorruptedException undecodable(long ref, String problem) {
    int seq = BlockFormat.refSegment(ref);
    Path file = seq >= 1 && seq <= files.length ? files[seq - 1] : Path.of("chunks");
    return new BlockCorruptedException(file, "chunk", BlockFormat.refOffset(ref), problem);
  }

  long sizeBytes() {
    return totalBytes;
  }

  /**
   * The chunk at {@code ref}, verified against its checksum, with its encoding.
   *
   * @throws BlockCorruptedException when the reference, length, encoding or checksum is wrong
   */
  Chunks.Encoded read(long ref) {
    Verified v = verified(ref);
    return new Chunks.Encoded(v.encoding(), Arrays.copyOfRange(v.buf(), v.dataFrom(),
        v.buf().length));
  }

  /**
   * A chunk's record as read: {@code buf} holds its header (encoding byte, length) and data, the
   * data from {@code dataFrom} to the end of the array.
   */
  private record Verified(byte encoding, byte[] buf, int dataFrom) {}

  /** The chunk at {@code ref}, header and data copied out in one piece and checksummed. */
  private Verified verified(long ref) {
    int seq = BlockFormat.refSegment(ref);
    long off = BlockFormat.refOffset(ref);
    if (seq < 1 || seq > segments.length) {
      throw new BlockCorruptedException(files.length > 0 ? files[0].getParent() : Path.of("chunks"),
          "chunk", off, "reference to segment " + seq + " of " + segments.length);
    }
    MemorySegment s = segments[seq - 1];
    Path file = files[seq - 1];
    if (off < BlockFormat.CHUNKS_HEADER_SIZE || off >= s.byteSize()) {
      throw new BlockCorruptedException(file, "chunk", off, "offset outside segment of "
          + s.byteSize() + " bytes");
    }
    SegmentReader r = new SegmentReader(s, off, s.byteSize());
    try {
      int encoding = r.getByte();
      int len = r.getUvarintInt();
      long dataAt = r.position();
      if (dataAt + len + 4 > s.byteSize()) {
        throw new BlockCorruptedException(file, "chunk", off, "length " + len
            + " runs past the end of the segment");
      }
      // Header and data go to the heap in one copy and through the CRC in one call: no
      // ByteBuffer views and no per-byte reads of the mapping, which a query reading thousands
      // of chunks feels. Decoders read the data in place, after the header.
      int hdr = (int) (dataAt - off);
      byte[] buf = new byte[hdr + len];
      MemorySegment.copy(s, ValueLayout.JAVA_BYTE, off, buf, 0, buf.length);
      CRC32C crc = new CRC32C();
      crc.update(buf, 0, buf.length);
      int stored = s.get(SegmentReader.INT_BE, dataAt + len);
      if ((int) crc.getValue() != stored) {
        throw new BlockCorruptedException(file, "chunk", off, "crc32c mismatch over "
            + (dataAt + len - off) + " bytes");
      }
      if (encoding != XorChunk.ENCODING && encoding != PackedChunk.ENCODING
          && encoding != TimestampColumn.ENCODING && encoding != ValueChunk.ENCODING) {
        throw new BlockCorruptedException(file, "chunk", off, "unknown encoding " + encoding);
      }
      return new Verified((byte) encoding, buf, hdr);
    } catch (DecodeException e) {
      throw new BlockCorruptedException(file, "chunk", off, e.getMessage());
    }
  }

  /**
   * An iterator over the samples of the chunk at {@code ref}, resolving a value chunk's timestamp
   * column (decoded once and cached).
   *
   * @throws BlockCorruptedException when the chunk or its timestamp column is damaged
   * @throws DecodeException when a chunk's verified bytes do not decode (the caller names it)
   */
  SampleIterator iterator(long ref) {
    Verified v = verified(ref);
    return switch (v.encoding()) {
      case ValueChunk.ENCODING -> {
        ByteReader in = new ByteReader(v.buf(), v.dataFrom(), v.buf().length - v.dataFrom());
        long dist = in.getUvarint();
        long off = BlockFormat.refOffset(ref);
        if (dist <= 0 || dist > off - BlockFormat.CHUNKS_HEADER_SIZE) {
          throw new DecodeException("timestamp column " + dist + " bytes back from offset " + off
              + " is outside the segment");
        }
        long[] ts = timestamps(BlockFormat.chunkRef(BlockFormat.refSegment(ref), off - dist));
        yield ValueChunk.iterator(v.buf(), in.position(), ts);
      }
      case TimestampColumn.ENCODING -> throw new DecodeException(
          "reference names a timestamp column, not a chunk");
      default -> Chunks.iterator(v.encoding(),
          Arrays.copyOfRange(v.buf(), v.dataFrom(), v.buf().length));
    };
  }

  private long[] timestamps(long ref) {
    int slot = (int) (Long.hashCode(ref * 0x9E3779B97F4A7C15L) >>> 7) & (TS_CACHE_SLOTS - 1);
    TsEntry e = tsCache.get(slot);
    if (e != null && e.ref() == ref) {
      return e.ts();
    }
    Chunks.Encoded c = read(ref);
    if (c.encoding() != TimestampColumn.ENCODING) {
      throw undecodable(ref, "expected a timestamp column, found encoding " + c.encoding());
    }
    long[] ts;
    try {
      ts = TimestampColumn.decode(c.data());
    } catch (DecodeException ex) {
      throw undecodable(ref, "timestamp column: " + ex.getMessage());
    }
    tsCache.set(slot, new TsEntry(ref, ts));
    return ts;
  }
}
