package dev.vigil.server.query;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

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

  private final OutputStream out;
  private final byte[] buf;
  private int len;

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
  JsonBytes raw(String ascii) throws IOException {
    int n = ascii.length();
    if (n > buf.length) {
      for (int i = 0; i < n; i++) {
        ch(ascii.charAt(i));
      }
      return this;
    }
    room(n);
    for (int i = 0; i < n; i++) {
      buf[len + i] = (byte) ascii.charAt(i);
    }
    len += n;
    return this;
  }

  /** A quoted, escaped JSON string. */
  JsonBytes string(String s) throws IOException {
    ch('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
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
    int n = 1;
    for (long p = v; p >= 10; p /= 10) {
      n++;
    }
    int end = len + n;
    for (int i = end - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    }
    len = end;
  }

  /**
   * A timestamp as Prometheus writes it (a JSON number): seconds, then a dot and the three
   * millisecond digits when they are not zero.
   */
  JsonBytes timestamp(long ms) throws IOException {
    room(26);
    long t = ms;
    if (t < 0) {
      if (t == Long.MIN_VALUE) {
        return raw(dev.vigil.server.api.ApiJson.timestamp(t).text());
      }
      buf[len++] = '-';
      t = -t;
    }
    digits(t / 1000);
    int frac = (int) (t % 1000);
    if (frac != 0) {
      buf[len++] = '.';
      buf[len++] = (byte) ('0' + frac / 100);
      buf[len++] = (byte) ('0' + frac / 10 % 10);
      buf[len++] = (byte) ('0' + frac % 10);
    }
    return this;
  }

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
    ch('"');
    raw(JsonNumbers.sampleValue(v));
    return ch('"');
  }
}
