package dev.vigil.server.query;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Timestamps as a query answer writes them (seconds, then a dot and the three millisecond digits
 * when they are not zero), formatted into the answer's byte buffer and remembered for the rest of
 * the answer: a range answer writes the same steps for every series, and copying a timestamp's
 * bytes costs less than formatting it again. One per answer ({@link JsonBytes}); not thread-safe.
 *
 * <p>Two memories: timestamps seen one by one go to a direct-mapped cache once {@value
 * #CACHE_AFTER} were written (a slot holds the last timestamp that hashed to it); the timestamps
 * array of a series' points is formatted whole once a second series comes with the same array,
 * as the series of a range answer with a value at every step do (they share one). Either way a
 * timestamp is copied as three 8-byte words of a {@value #SLOT_BYTES}-byte slot, one load and
 * store each rather than a copy of its exact length (a call per timestamp).
 */
final class TimestampBytes {
  /** Bytes a timestamp takes at most, and what writing one may touch past its position. */
  static final int SLOT_BYTES = 24;

  private static final int CACHE_SLOTS = 512;
  private static final int CACHE_AFTER = 64;
  /** Two decimal digits per entry: "00" to "99". */
  private static final byte[] PAIRS = new byte[200];
  /** 10^i for i in [0, 18], for counting digits. */
  private static final long[] POWERS = new long[19];
  /** 8 bytes of a byte array at once, for the slot copies. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  static {
    for (int i = 0; i < 100; i++) {
      PAIRS[2 * i] = (byte) ('0' + i / 10);
      PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
    long q = 1;
    for (int i = 0; i < POWERS.length; i++) {
      POWERS[i] = q;
      q *= 10;
    }
  }

  private int written;
  private long[] cachedMs;
  private byte[] cachedLength;
  private byte[] cachedText;
  private long[] lastTimes;
  private byte[] timesText;
  private byte[] timesLength;

  /** Writes {@code ms} at {@code b[at]} ({@link #SLOT_BYTES} of room); returns the end. */
  int put(byte[] b, int at, long ms) {
    int slot = -1;
    if (cachedMs != null) {
      slot = slot(ms);
      int n = cachedLength[slot];
      if (n != 0 && cachedMs[slot] == ms) {
        copySlot(cachedText, slot * SLOT_BYTES, b, at);
        return at + n;
      }
    } else if (++written == CACHE_AFTER) {
      cachedMs = new long[CACHE_SLOTS];
      cachedLength = new byte[CACHE_SLOTS];
      cachedText = new byte[CACHE_SLOTS * SLOT_BYTES];
    }
    int end = format(b, at, ms);
    if (slot >= 0) {
      cachedMs[slot] = ms;
      cachedLength[slot] = (byte) (end - at);
      System.arraycopy(b, at, cachedText, slot * SLOT_BYTES, end - at);
    }
    return end;
  }

  /**
   * Makes ready for the points of a series whose timestamps are {@code ts}; returns whether
   * {@link #putAt} may write them (the array came for the second time in a row).
   */
  boolean series(long[] ts) {
    if (ts != lastTimes || ts.length < 2) {
      lastTimes = ts;
      timesText = null;
      return false;
    }
    if (timesText == null) {
      byte[] text = new byte[ts.length * SLOT_BYTES];
      byte[] length = new byte[ts.length];
      for (int i = 0; i < ts.length; i++) {
        length[i] = (byte) (format(text, i * SLOT_BYTES, ts[i]) - i * SLOT_BYTES);
      }
      timesText = text;
      timesLength = length;
    }
    return true;
  }

  /** Writes the series' timestamp {@code i} at {@code b[at]} (after {@link #series} said so). */
  int putAt(byte[] b, int at, int i) {
    copySlot(timesText, i * SLOT_BYTES, b, at);
    return at + timesLength[i];
  }

  private static void copySlot(byte[] from, int src, byte[] to, int dst) {
    LONGS.set(to, dst, (long) LONGS.get(from, src));
    LONGS.set(to, dst + 8, (long) LONGS.get(from, src + 8));
    LONGS.set(to, dst + 16, (long) LONGS.get(from, src + 16));
  }

  private static int slot(long ms) {
    return (int) ((ms ^ (ms >>> 29)) * 0x9E3779B97F4A7C15L >>> 55); // 9 bits: 512 slots
  }

  /** Formats {@code ms} at {@code b[at]} (at most {@link #SLOT_BYTES}); returns the end. */
  static int format(byte[] b, int at, long ms) {
    long t = ms;
    if (t < 0) {
      if (t == Long.MIN_VALUE) {
        byte[] text = dev.vigil.server.api.ApiJson.timestamp(t).text()
            .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, b, at, text.length);
        return at + text.length;
      }
      b[at++] = '-';
      t = -t;
    }
    at = digits(b, at, t / 1000);
    int frac = (int) (t % 1000);
    if (frac != 0) {
      b[at++] = '.';
      b[at++] = (byte) ('0' + frac / 100);
      b[at++] = PAIRS[2 * (frac % 100)];
      b[at++] = PAIRS[2 * (frac % 100) + 1];
    }
    return at;
  }

  /**
   * Writes the decimal digits of {@code v >= 0} at {@code b[at]} (also the answer's integers);
   * returns the end.
   */
  static int digits(byte[] b, int at, long v) {
    // the digit count from the bit length (log10(2) ~ 1233 / 4096), corrected by one compare
    int n = ((64 - Long.numberOfLeadingZeros(v)) * 1233) >>> 12;
    n = n < POWERS.length && v >= POWERS[n] ? n + 1 : Math.max(n, 1);
    int i = at + n;
    while (v >= 100) {
      int r = (int) (v % 100);
      v /= 100;
      b[--i] = PAIRS[2 * r + 1];
      b[--i] = PAIRS[2 * r];
    }
    if (v >= 10) {
      b[--i] = PAIRS[2 * (int) v + 1];
      b[--i] = PAIRS[2 * (int) v];
    } else {
      b[--i] = (byte) ('0' + v);
    }
    return at + n;
  }
}
