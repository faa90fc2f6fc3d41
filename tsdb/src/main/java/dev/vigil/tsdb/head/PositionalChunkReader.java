package dev.vigil.tsdb.head;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads head chunks with positional reads ({@code pread}) instead of through the files' memory
 * mappings, for a reader that visits every chunk once in label order (cutting a block).
 *
 * <p>Why: through the mapping, each chunk of a series is a page fault far from the previous one
 * (the kernel maps 64 KiB around it), and {@link HeadChunkFiles#read} drops the mapped pages
 * every few MiB so that a cut does not grow the resident set by the whole range it reads; on a
 * 20,000-series head the faults and the repeated unmapping were ~40 % of a cut's CPU. A
 * positional read copies from the page cache (the mapping's writes are in it) without mapping
 * anything, so the resident set stays as it was and nothing needs dropping.
 *
 * <p>A chunk whose file is gone reads as {@link IllegalStateException}, as through {@link
 * HeadChunkFiles#read}. Not thread-safe; {@link #close} releases the file handles (a read after
 * it opens them again).
 */
final class PositionalChunkReader implements AutoCloseable {
  // most chunks (120 samples) are a few hundred bytes: one read takes header and data
  private static final int WINDOW = 1024;

  private final HeadChunkFiles files;
  private final Map<Integer, FileChannel> channels = new HashMap<>();
  private ByteBuffer window = ByteBuffer.allocateDirect(WINDOW);

  PositionalChunkReader(HeadChunkFiles files) {
    this.files = files;
  }

  /**
   * The encoded bytes of the chunk at {@code ref}.
   *
   * @throws IllegalStateException when the chunk's file has been deleted or cannot be read
   */
  byte[] read(long ref) {
    int number = (int) (ref >>> 32);
    long off = ref & 0xFFFFFFFFL;
    try {
      FileChannel ch = channel(number);
      window.clear();
      fill(ch, off, HeadChunkFiles.RECORD_HEADER, number);
      int len = window.getInt(22); // big-endian, as the record header is written
      if (len < 0 || len > Integer.MAX_VALUE - HeadChunkFiles.RECORD_HEADER) {
        throw new IllegalStateException("head chunk file " + number + " offset " + off
            + " holds a chunk length of " + len);
      }
      int need = HeadChunkFiles.RECORD_HEADER + len;
      if (need > window.capacity()) {
        window = ByteBuffer.allocateDirect(need);
      }
      fill(ch, off, need, number); // nothing to do when the first read took the whole record
      byte[] out = new byte[len];
      window.get(HeadChunkFiles.RECORD_HEADER, out);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read head chunk file " + number + " at offset "
          + off + ": " + e.getMessage(), e);
    }
  }

  /** Reads on at {@code off} + the window's position until the window holds {@code need}. */
  private void fill(FileChannel ch, long off, int need, int number) throws IOException {
    while (window.position() < need) {
      int r = ch.read(window, off + window.position());
      if (r < 0) {
        throw new IllegalStateException("head chunk file " + number + " ends before offset "
            + (off + need));
      }
    }
  }

  private FileChannel channel(int number) throws IOException {
    FileChannel ch = channels.get(number);
    if (ch == null) {
      Path p = files.path(number);
      if (p == null) {
        throw new IllegalStateException("head chunk file " + number + " is gone");
      }
      try {
        ch = FileChannel.open(p, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        throw new IllegalStateException("head chunk file " + number + " is gone", e);
      }
      channels.put(number, ch);
    }
    return ch;
  }

  @Override
  public void close() {
    for (FileChannel ch : channels.values()) {
      try {
        ch.close();
      } catch (IOException e) {
        // read-only handles: nothing to lose
      }
    }
    channels.clear();
  }
}
