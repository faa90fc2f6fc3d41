package dev.vigil.tsdb.block;

import dev.vigil.common.bytes.ByteWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Appends chunks to the numbered segment files of a block's {@code chunks/} directory, cutting a
 * new segment before one would pass its size limit. Each chunk record is
 * {@code encoding(1) | uvarint length | data | crc32c(4)} with the checksum over everything before
 * it. Not thread-safe.
 */
final class ChunkSegmentWriter implements Closeable {
  private static final int FLUSH_AT = 1 << 20;
  private static final byte[] EMPTY = new byte[0];

  private final Path dir;
  private final long maxSegmentBytes;
  private final ByteWriter buf = new ByteWriter(FLUSH_AT + 4096);
  private byte[] scratch = new byte[512]; // records read back by matches
  private FileChannel ch;
  private int seq;
  private long segmentLength; // bytes of the current segment, buffered ones included
  private long totalBytes;

  ChunkSegmentWriter(Path dir, long maxSegmentBytes) {
    this.dir = dir;
    this.maxSegmentBytes = maxSegmentBytes;
  }

  /** Appends one chunk and returns its reference. */
  long write(byte encoding, byte[] data) throws IOException {
    return write(encoding, EMPTY, 0, data);
  }

  /**
   * Appends one chunk whose data is {@code head[0, headLen)} followed by {@code body} (no copy of
   * the two joined) and returns its reference.
   */
  long write(byte encoding, byte[] head, int headLen, byte[] body) throws IOException {
    return write(encoding, head, headLen, body, body.length);
  }

  /** As {@link #write(byte, byte[], int, byte[])} with the body {@code body[0, bodyLen)}. */
  long write(byte encoding, byte[] head, int headLen, byte[] body, int bodyLen)
      throws IOException {
    int dataLength = headLen + bodyLen;
    long size = 1 + 10 + dataLength + 4;
    if (ch == null || segmentLength + size > maxSegmentBytes) {
      cut();
    }
    long ref = BlockFormat.chunkRef(seq, segmentLength);
    int start = buf.length();
    buf.putByte(encoding).putUvarint(dataLength).putBytes(head, 0, headLen)
        .putBytes(body, 0, bodyLen);
    buf.putInt(buf.crc32c(start));
    segmentLength += buf.length() - start;
    if (buf.length() >= FLUSH_AT) {
      flush();
    }
    return ref;
  }

  /**
   * Cuts a new segment unless the current one has room for {@code bytes} more: records that refer
   * to each other by distance (a value chunk and its timestamp column) must share a segment.
   */
  void ensureRoom(long bytes) throws IOException {
    if (ch == null || segmentLength + bytes > maxSegmentBytes) {
      cut();
    }
  }

  /**
   * Whether the record at {@code ref} is in the current segment and holds exactly {@code encoding}
   * and the data {@code head[0, headLen)} followed by {@code body}: reads it back from the buffer
   * or, once flushed, from the file (a record is never split between the two).
   */
  boolean matches(long ref, byte encoding, byte[] head, int headLen, byte[] body)
      throws IOException {
    return matches(ref, encoding, head, headLen, body, body.length);
  }

  /** As {@link #matches(long, byte, byte[], int, byte[])} with the body {@code body[0, bodyLen)}. */
  boolean matches(long ref, byte encoding, byte[] head, int headLen, byte[] body, int bodyLen)
      throws IOException {
    if (ch == null || BlockFormat.refSegment(ref) != seq) {
      return false;
    }
    long off = BlockFormat.refOffset(ref);
    int dataLength = headLen + bodyLen;
    int prefix = 1 + uvarintSize(dataLength);
    int total = prefix + dataLength;
    if (off < BlockFormat.CHUNKS_HEADER_SIZE || off + total > segmentLength) {
      return false;
    }
    long flushedLength = segmentLength - buf.length();
    byte[] src;
    int at;
    if (off >= flushedLength) {
      src = buf.array();
      at = (int) (off - flushedLength);
    } else {
      if (scratch.length < total) {
        scratch = new byte[Math.max(total, 2 * scratch.length)];
      }
      ByteBuffer bb = ByteBuffer.wrap(scratch, 0, total);
      while (bb.hasRemaining()) {
        if (ch.read(bb, off + bb.position()) < 0) {
          return false;
        }
      }
      src = scratch;
      at = 0;
    }
    if (src[at] != encoding) {
      return false;
    }
    long len = 0;
    for (int i = 1, shift = 0; i < prefix; i++, shift += 7) {
      len |= (long) (src[at + i] & 0x7F) << shift;
    }
    return len == dataLength
        && Arrays.equals(src, at + prefix, at + prefix + headLen, head, 0, headLen)
        && Arrays.equals(src, at + prefix + headLen, at + total, body, 0, bodyLen);
  }

  private static int uvarintSize(long v) {
    int n = 1;
    while ((v >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /** Sequence number of the segment the next record goes to (0 before the first). */
  int segment() {
    return seq;
  }

  /** Offset in the current segment where the next record starts. */
  long offset() {
    return segmentLength;
  }

  /** Bytes a record with {@code dataLength} bytes of data takes at most. */
  static long recordSize(int dataLength) {
    return 1 + 5 + dataLength + 4;
  }

  long totalBytes() {
    return totalBytes + segmentLength;
  }

  private void cut() throws IOException {
    finishSegment();
    seq++;
    ch = FileChannel.open(dir.resolve(BlockFormat.segmentName(seq)), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.READ);
    buf.putInt(BlockFormat.CHUNKS_MAGIC).putByte(BlockFormat.CHUNKS_VERSION)
        .putByte(0).putByte(0).putByte(0);
    segmentLength = BlockFormat.CHUNKS_HEADER_SIZE;
  }

  private void flush() throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(buf.array(), 0, buf.length());
    while (bb.hasRemaining()) {
      ch.write(bb);
    }
    buf.reset();
  }

  private void finishSegment() throws IOException {
    if (ch != null) {
      flush();
      ch.force(true);
      ch.close();
      ch = null;
      totalBytes += segmentLength;
      segmentLength = 0;
    }
  }

  @Override
  public void close() throws IOException {
    finishSegment();
  }
}
