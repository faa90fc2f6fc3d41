package dev.vigil.server.query;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON text written as UTF-8 straight into a byte buffer, for the query answers (a result can
 * hold millions of numbers): strings escaped as Go's {@code encoding/json} escapes them, sample
 * values and timestamps formatted as Prometheus formats them, integers and timestamps without an
 * intermediate {@code String}. The caller writes the punctuation; there is no state machine
 * checking it (the tests compare whole answers). Not thread-safe: one answer, one thread.
 *
 * <p>Escapes: {@code "} and {@code \} with a backslash; newline, return and tab as {@code \n},
 * {@code \r}, {@code \t}; other control characters, {@code <}, {@code >}, {@code &}, U+2028 and
 * U+2029 as lower-case {@code \}{@code u} escapes; a lone surrogate (not valid UTF-16) as U+FFFD,
 * as Go writes invalid UTF-8.
 */
final class JsonBytes {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** Per ASCII character: 0 written as is, 1 short escape, 2 u-escape. */
  private static final byte[] ESCAPE = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = 2;
    }
    ESCAPE['\n'] = 1;
    ESCAPE['\r'] = 1;
    ESCAPE['\t'] = 1;
    ESCAPE['"'] = 1;
    ESCAPE['\\'] = 1;
    ESCAPE['<'] = 2;
    ESCAPE['>'] = 2;
    ESCAPE['&'] = 2;
  }

  /** Powers of ten up to 10^22, all exact as doubles. */
  private static final double[] POW10 = new double[23];
  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  /**
   * Strings remembered per answer once it has written {@value #STRINGS_AFTER} of them, by their
   * hash: direct-mapped, a slot holds the last string that hashed to it with its encoded bytes
   * (quotes included), for strings of at most {@value #MAX_CACHED_STRING} encoded bytes.
   */
  private static final int STRING_SLOTS = 256;
  private static final int STRINGS_AFTER = 16;
  private static final int MAX_CACHED_STRING = 128;

  private final OutputStream out;
  private final byte[] buf;
  private int len;
  /** Bytes handed to {@link #out} so far (tells whether an encoding stayed in the buffer). */
  private long flushedBytes;
  private int strings;
  private String[] stringKeys;
  private byte[][] stringBytes;
  /** The answer's timestamps, formatted and remembered. */
  private final TimestampBytes times = new TimestampBytes();
  private StringBuilder decimal;

  JsonBytes(OutputStream out) {
    this(out, 8192);
  }

  JsonBytes(OutputStream out, int bufferSize) {
    this.out = out;
    this.buf = new byte[Math.max(64, bufferSize)];
  }

  /** Hands what is buffered to the output stream (which is not flushed or closed). */
  void flush() throws IOException {
    if (len > 0) {
      out.write(buf, 0, len);
      flushedBytes += len;
      len = 0;
    }
  }

  private void room(int n) throws IOException {
    if (len + n > buf.length) {
      flush();
    }
  }

  /** One ASCII punctuation character such as {@code {} or {@code ,}. */
  JsonBytes ch(char c) throws IOException {
    if (len == buf.length) {
      flush();
    }
    buf[len++] = (byte) c;
    return this;
  }

  /** ASCII text written verbatim (field names and punctuation known to need no escaping). */
  @SuppressWarnings("deprecation") // the low byte of each char is the char: the text is ASCII
  JsonBytes raw(String ascii) throws IOException {
    int n = ascii.length();
    if (n > buf.length) {
      for (int i = 0; i < n; i++) {
        ch(ascii.charAt(i));
      }
      return this;
    }
    room(n);
    // one bulk copy of a Latin-1 string's bytes, not a call per character (which is what a
    // query answer's first few hundred requests pay before the JIT has compiled this loop)
    ascii.getBytes(0, n, buf, len);
    len += n;
    return this;
  }

  /**
   * A quoted, escaped JSON string. Short strings are remembered once {@value #STRINGS_AFTER} have
   * been written: an answer repeats the same label names and values series after series, and
   * copying a string's encoded bytes costs less than escaping it again.
   */
  JsonBytes string(String s) throws IOException {
    if (stringKeys != null) {
      int slot = stringSlot(s);
      String k = stringKeys[slot];
      if (k == s || (k != null && k.equals(s))) {
        byte[] e = stringBytes[slot];
        room(e.length);
        System.arraycopy(e, 0, buf, len, e.length);
        len += e.length;
        return this;
      }
      int start = len;
      long flushed = flushedBytes;
      escaped(s);
      int n = len - start;
      if (flushedBytes == flushed && n <= MAX_CACHED_STRING && n <= buf.length) {
        stringKeys[slot] = s;
        stringBytes[slot] = Arrays.copyOfRange(buf, start, len);
      }
      return this;
    }
    if (++strings == STRINGS_AFTER) {
      stringKeys = new String[STRING_SLOTS];
      stringBytes = new byte[STRING_SLOTS][];
    }
    return escaped(s);
  }

  private static int stringSlot(String s) {
    int h = s.hashCode();
    return (h ^ (h >>> 16) ^ (h >>> 8)) & (STRING_SLOTS - 1);
  }

  /** The quoted, escaped string, encoded afresh. */
  private JsonBytes escaped(String s) throws IOException {
    ch('"');
    int n = s.length();
    int i = 0;
    if (n <= buf.length) {
      // Label names and values are mostly plain ASCII: copy until the first character that is
      // not, with no buffer check per character.
      room(n);
      int p = len;
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80 || ESCAPE[c] != 0) {
          break;
        }
        buf[p++] = (byte) c;
      }
      len = p;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        byte e = ESCAPE[c];
        if (e == 0) {
          if (len == buf.length) {
            flush();
          }
          buf[len++] = (byte) c;
        } else if (e == 1) {
          room(2);
          buf[len++] = '\\';
          buf[len++] = (byte) switch (c) {
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> c;
          };
        } else {
          unicodeEscape(c);
        }
      } else if (c < 0x800) {
        room(2);
        buf[len++] = (byte) (0xc0 | (c >> 6));
        buf[len++] = (byte) (0x80 | (c & 0x3f));
      } else if (c == 0x2028 || c == 0x2029) {
        unicodeEscape(c);
      } else if (Character.isSurrogate(c)) {
        int cp = 0xfffd;
        if (Character.isHighSurrogate(c) && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          cp = Character.toCodePoint(c, s.charAt(++i));
        }
        codePoint(cp);
      } else {
        codePoint(c);
      }
    }
    return ch('"');
  }

  private void unicodeEscape(char c) throws IOException {
    room(6);
    buf[len++] = '\\';
    buf[len++] = 'u';
    buf[len++] = HEX[(c >> 12) & 0xf];
    buf[len++] = HEX[(c >> 8) & 0xf];
    buf[len++] = HEX[(c >> 4) & 0xf];
    buf[len++] = HEX[c & 0xf];
  }

  private void codePoint(int cp) throws IOException {
    room(4);
    if (cp < 0x10000) {
      buf[len++] = (byte) (0xe0 | (cp >> 12));
      buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
    } else {
      buf[len++] = (byte) (0xf0 | (cp >> 18));
      buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
      buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
    }
    buf[len++] = (byte) (0x80 | (cp & 0x3f));
  }

  /** {@code "name":} for a name that needs no escaping. */
  JsonBytes field(String name) throws IOException {
    ch('"');
    raw(name);
    ch('"');
    return ch(':');
  }

  /** A JSON integer. */
  JsonBytes number(long v) throws IOException {
    room(20);
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        return raw(Long.toString(v));
      }
      buf[len++] = '-';
      v = -v;
    }
    digits(v);
    return this;
  }

  /** Writes the decimal digits of {@code v >= 0} (room for 19 digits must be there). */
  private void digits(long v) {
    len = TimestampBytes.digits(buf, len, v);
  }

  /**
   * A timestamp as Prometheus writes it (a JSON number): seconds, then a dot and the three
   * millisecond digits when they are not zero.
   */
  JsonBytes timestamp(long ms) throws IOException {
    room(TimestampBytes.SLOT_BYTES);
    len = times.put(buf, len, ms);
    return this;
  }

  /**
   * A series' float points, {@code [t,"v"]} joined by commas, in one loop with one buffer check
   * per point: a range answer is mostly these. A remembered timestamp and an integer value (a
   * counter's) are written here; other values by {@link #sampleValue}.
   */
  JsonBytes floatPoints(long[] ts, double[] vs) throws IOException {
    boolean shared = times.series(ts);
    byte[] b = buf;
    for (int i = 0; i < ts.length; i++) {
      if (len + POINT_ROOM > b.length) {
        flush();
      }
      int p = len;
      if (i > 0) {
        b[p++] = ',';
      }
      b[p++] = '[';
      p = shared ? times.putAt(b, p, i) : times.put(b, p, ts[i]);
      b[p++] = ',';
      double v = vs[i];
      if (v == Math.rint(v) && Math.abs(v) < 1e15
          && (v != 0 || Double.doubleToRawLongBits(v) == 0)) {
        b[p++] = '"';
        long l = (long) v;
        if (l < 0) {
          b[p++] = '-';
          l = -l;
        }
        p = TimestampBytes.digits(b, p, l);
        b[p++] = '"';
        b[p++] = ']';
        len = p;
      } else {
        len = p;
        sampleValue(v);
        ch(']');
      }
    }
    return this;
  }

  /**
   * What one point of {@link #floatPoints} may take before its value is written: comma, bracket,
   * a timestamp slot, comma, and a quoted integer value with its sign and the closing bracket.
   */
  private static final int POINT_ROOM = 2 + TimestampBytes.SLOT_BYTES + 1 + 20 + 1;

  /** A sample value as a quoted string ({@link JsonNumbers#sampleValue}). */
  JsonBytes sampleValue(double v) throws IOException {
    // Integers below 1e15 (counters, counts, most gauges) are their own digits.
    if (v == Math.rint(v) && Math.abs(v) < 1e15
        && (v != 0 || Double.doubleToRawLongBits(v) == 0)) {
      room(20);
      buf[len++] = '"';
      long l = (long) v;
      if (l < 0) {
        buf[len++] = '-';
        l = -l;
      }
      digits(l);
      buf[len++] = '"';
      return this;
    }
    room(28);
    if (shortDecimal(v)) {
      return this;
    }
    double abs = Math.abs(v);
    if (abs >= 1e-3 && abs < 1e7) {
      // Double.toString's digits (what sampleValue writes in this range), put straight into a
      // reused builder: no String and no array per value
      if (decimal == null) {
        decimal = new StringBuilder(32);
      }
      decimal.setLength(0);
      decimal.append(v);
      int n = decimal.length();
      buf[len++] = '"';
      for (int i = 0; i < n; i++) {
        buf[len + i] = (byte) decimal.charAt(i);
      }
      len += n;
      buf[len++] = '"';
      return this;
    }
    ch('"');
    raw(JsonNumbers.sampleValue(v));
    return ch('"');
  }

  /**
   * Writes a non-integer {@code v} of at most 14 significant digits in plain notation, quoted,
   * and returns true; returns false (writing nothing) for any other value. Room for 24 bytes
   * must be there.
   *
   * <p>Why it is Go's shortest form: {@code x = |v| × 10^k} is chosen below 10^14, where one
   * unit in the last place of {@code |v|}, scaled, is below 0.023. A decimal {@code m × 10^-k}
   * that reads back as {@code v} therefore lies within 0.012 of the exact {@code x}, and the
   * computed {@code x} within 0.008 of it, so {@code m} is the integer {@code round(x)} finds,
   * and no other integer can be one; it reads back as {@code v} exactly
   * when the correctly rounded {@code m / 10^k} equals {@code |v|} (both {@code m} and
   * {@code 10^k} are exact doubles). A shorter form with fewer fractional digits would be the
   * same number with zeros dropped, so stripping the trailing zeros of {@code m} gives the
   * shortest. Values with more digits (most results of {@code rate}) take the general path.
   */
  private boolean shortDecimal(double v) {
    double abs = Math.abs(v);
    if (!(abs >= 1e-6 && abs < 1e13)) {
      return false; // exponent notation below 1e-6, integers above; NaN fails too
    }
    // k so that |v| × 10^k is just below 10^14: 13 minus the decimal exponent (an estimate
    // from the binary one, corrected below).
    int k = 13 - ((Math.getExponent(abs) * 1233) >> 12);
    double x = abs * POW10[k];
    while (x >= 1e14) {
      k--;
      x = abs * POW10[k];
    }
    long m = Math.round(x);
    if (m / POW10[k] != abs) {
      return false;
    }
    // Strip trailing zeros (at most 13: m < 10^14 and v is no integer, so k stays positive),
    // by halves rather than one digit at a time.
    if (m % 100_000_000 == 0) {
      m /= 100_000_000;
      k -= 8;
    }
    if (m % 10_000 == 0) {
      m /= 10_000;
      k -= 4;
    }
    if (m % 100 == 0) {
      m /= 100;
      k -= 2;
    }
    if (m % 10 == 0) {
      m /= 10;
      k--;
    }
    buf[len++] = '"';
    if (v < 0) {
      buf[len++] = '-';
    }
    int start = len;
    digits(m);
    int n = len - start; // digits written; the point goes k digits from the right
    if (n > k) {
      System.arraycopy(buf, len - k, buf, len - k + 1, k);
      buf[len - k] = '.';
      len++;
    } else {
      int zeros = k - n + 2; // "0." and the zeros after the point
      System.arraycopy(buf, start, buf, start + zeros, n);
      buf[start] = '0';
      buf[start + 1] = '.';
      for (int i = start + 2; i < start + zeros; i++) {
        buf[i] = '0';
      }
      len += zeros;
    }
    buf[len++] = '"';
    return true;
  }
}
