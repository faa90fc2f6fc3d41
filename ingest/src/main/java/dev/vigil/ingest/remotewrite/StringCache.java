package dev.vigil.ingest.remotewrite;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes UTF-8 label strings through a direct-mapped cache keyed by their bytes, so that the
 * names and values repeated across series and requests are decoded and allocated once. A
 * colliding entry simply replaces the old one.
 *
 * <p><b>Thread safety.</b> Safe for any number of threads, so that one cache serves every pooled
 * receiver: a slot holds one immutable entry (key and string together, final fields), written and
 * read as a single reference, so a reader sees either a whole entry or none; a racing writer at
 * worst replaces an entry another thread just wrote. Why shared: per receiver, the slot arrays
 * alone (sized for the series a sender writes) cost half a megabyte each, and receivers decoding
 * the same names and values handed the store distinct copies of them.
 */
final class StringCache {
  /** Longer strings are decoded every time: they are rarely repeated and would bloat the cache. */
  static final int MAX_CACHED_BYTES = 256;

  private record Entry(byte[] key, String value) {}

  private final Entry[] entries;
  private final int mask;

  StringCache(int capacityPowerOfTwo) {
    if (Integer.bitCount(capacityPowerOfTwo) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
    }
    entries = new Entry[capacityPowerOfTwo];
    mask = capacityPowerOfTwo - 1;
  }

  /** The string encoded in {@code b[off, off+len)}, or null when it is not valid UTF-8. */
  String get(byte[] b, int off, int len) {
    if (len == 0) {
      return "";
    }
    if (len > MAX_CACHED_BYTES) {
      return decode(b, off, len);
    }
    int slot = (int) ByteKeys.hash(b, off, len) & mask;
    Entry e = entries[slot];
    if (e != null) {
      byte[] k = e.key;
      if (Arrays.equals(k, 0, k.length, b, off, off + len)) {
        return e.value;
      }
    }
    String s = decode(b, off, len);
    if (s != null) {
      entries[slot] = new Entry(Arrays.copyOfRange(b, off, off + len), s);
    }
    return s;
  }

  private static String decode(byte[] b, int off, int len) {
    if (ByteKeys.isAscii(b, off, len)) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    try {
      // a decoder per call: only non-ASCII strings missing the cache get here, and a shared
      // decoder is not thread-safe
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
