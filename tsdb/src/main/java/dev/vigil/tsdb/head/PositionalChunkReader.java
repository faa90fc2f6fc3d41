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
      int len = readRecord(channel(number), off, number);
      byte[] out = new byte[len];
      window.get(HeadChunkFiles.RECORD_HEADER, out);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read head chunk file " + number + " at offset "
          + off + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the record at {@code off} into the window (header, then as much more as its length
   * says) and returns the length of its data. One call site of the channel's read for header
   * and data: the JIT inlines that call (the channel's, the dispatcher's and the buffer's code,
   * ~100 methods) wherever it is hot, and with two sites C2 compiled all of it twice into {@link
   * MemSeries#snapshot}, a 17-39 MB compile while the first block cut ran (-XX:CompileCommand=
   * MemStat on ./bench/run-ingest).
   */
  private int readRecord(FileChannel ch, long off, int number) throws IOException {
    window.clear();
    int need = HeadChunkFiles.RECORD_HEADER;
    int len = -1;
    while (true) {
      if (window.position() >= need) {
        if (len >= 0) {
          return len; // most chunks (a few hundred bytes) came with the header's read
        }
        len = window.getInt(22); // big-endian, as the record header is written
        if (len < 0 || len > Integer.MAX_VALUE - HeadChunkFiles.RECORD_HEADER) {
          throw new IllegalStateException("head chunk file " + number + " offset " + off
              + " holds a chunk length of " + len);
        }
        need = HeadChunkFiles.RECORD_HEADER + len;
        if (need > window.capacity()) {
          window = ByteBuffer.allocateDirect(need); // the record is read again from its start
        }
        continue;
      }
      if (ch.read(window, off + window.position()) < 0) {
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
