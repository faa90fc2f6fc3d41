package dev.vigil.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The parts of an HTTP/1.1 request head the lean paths need, parsed from a byte array: where the
 * request line and the head end, the body length, {@code Content-Type}, {@code Content-Encoding},
 * {@code Connection: close}, which content coding {@code Accept-Encoding} picks, and whether
 * anything in it is the lean path's business at all.
 * Plain loops over an array rather than buffer or string methods: they run once per request and
 * are compiled early and small.
 *
 * <p>One per connection, reused for each request (the two header strings are kept while the
 * next request repeats their bytes, which senders do). Not thread-safe.
 */
final class RequestHead {
  /** {@link #parse} outcomes. */
  static final int NEED_MORE = 0;
  static final int PARSED = 1;
  /** The rest of the connection is Armeria's: not HTTP/1.1, an upgrade, unframed body, ... */
  static final int HAND_OVER = 2;

  private static final byte[] HTTP11 = " HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONTENT_LENGTH = bytes("content-length");
  private static final byte[] CONTENT_TYPE = bytes("content-type");
  private static final byte[] CONTENT_ENCODING = bytes("content-encoding");
  private static final byte[] CONNECTION = bytes("connection");
  private static final byte[] ORIGIN = bytes("origin");
  private static final byte[] ACCEPT_ENCODING = bytes("accept-encoding");
  /** Headers after which Armeria must serve the rest of the connection. */
  private static final byte[][] HAND_OVER_HEADERS = {bytes("transfer-encoding"), bytes("expect"),
      bytes("upgrade"), bytes("http2-settings")};

  /** Length of the request line including its CRLF. */
  int lineLength;
  /** Length of the whole head including the empty line. */
  int headLength;
  /** {@code Content-Length}, or -1 without one. */
  long contentLength;
  String contentType;
  String contentEncoding;
  boolean close;
  /** False when some header (framing repeated, {@code Origin}) needs Armeria for this request. */
  boolean lean;
  /** {@link #acceptCoding} values: no coding the server offers is accepted. */
  static final int IDENTITY = 0;
  /** gzip is the coding Armeria's encoding service would pick. */
  static final int GZIP = 1;
  /** Another coding, q-values, wildcards or repeated headers: Armeria decides. */
  static final int OTHER = 2;

  /**
   * What {@code Accept-Encoding} asks for, judged as Armeria's encoding service judges it: of
   * the comma-separated codings it offers (gzip, deflate, br, names matched exactly) the first
   * one named wins; others are ignored. Anything with parameters or a {@code *} is {@link #OTHER}.
   */
  int acceptCoding;

  private boolean sawAcceptEncoding;
  private byte[] typeBytes = new byte[0];
  private byte[] encodingBytes = new byte[0];
  private String typeString = "";
  private String encodingString = "";

  /** Parses the head at the start of {@code b[0, n)}; see the outcome constants. */
  int parse(byte[] b, int n) {
    if (!looksLikeMethod(b, n)) {
      return HAND_OVER;
    }
    int end = indexOfEmptyLine(b, n);
    if (end < 0) {
      return NEED_MORE;
    }
    int lineEnd = indexOfCrlf(b, 0, end + 2);
    if (!endsWith(b, lineEnd, HTTP11)) {
      return HAND_OVER; // HTTP/1.0, an HTTP/2 preface: Armeria's to judge
    }
    lineLength = lineEnd + 2;
    headLength = end + 4;
    contentLength = -1;
    contentType = null;
    contentEncoding = null;
    close = false;
    lean = true;
    acceptCoding = IDENTITY;
    sawAcceptEncoding = false;
    for (int i = lineLength; i < end + 2; ) {
      int eol = indexOfCrlf(b, i, end + 2);
      if (!header(b, i, eol)) {
        return HAND_OVER;
      }
      i = eol + 2;
    }
    return PARSED;
  }

  /** Whether the request line is exactly {@code line} (with its CRLF). */
  boolean lineEquals(byte[] b, byte[] line) {
    return lineLength == line.length && Arrays.equals(b, 0, lineLength, line, 0, line.length);
  }

  /** One header line {@code b[from, eol)}; false when Armeria must take the connection. */
  private boolean header(byte[] b, int from, int eol) {
    int colon = from;
    while (colon < eol && b[colon] != ':') {
      byte c = b[colon];
      if (c <= ' ' || c >= 127) {
        return false; // not a token (e.g. whitespace before the colon): Armeria refuses it
      }
      colon++;
    }
    if (colon == from || colon == eol) {
      return false;
    }
    int v = colon + 1;
    int ve = eol;
    while (v < ve && (b[v] == ' ' || b[v] == '\t')) {
      v++;
    }
    while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
      ve--;
    }
    if (nameIs(b, from, colon, CONTENT_LENGTH)) {
      if (contentLength >= 0 || ve == v || ve - v > 18) {
        return false;
      }
      long len = 0;
      for (int i = v; i < ve; i++) {
        if (b[i] < '0' || b[i] > '9') {
          return false;
        }
        len = len * 10 + (b[i] - '0');
      }
      contentLength = len;
    } else if (nameIs(b, from, colon, CONTENT_TYPE)) {
      lean &= contentType == null;
      if (!Arrays.equals(b, v, ve, typeBytes, 0, typeBytes.length)) {
        typeBytes = Arrays.copyOfRange(b, v, ve);
        typeString = new String(typeBytes, StandardCharsets.ISO_8859_1);
      }
      contentType = typeString;
    } else if (nameIs(b, from, colon, CONTENT_ENCODING)) {
      lean &= contentEncoding == null;
      if (!Arrays.equals(b, v, ve, encodingBytes, 0, encodingBytes.length)) {
        encodingBytes = Arrays.copyOfRange(b, v, ve);
        encodingString = new String(encodingBytes, StandardCharsets.ISO_8859_1);
      }
      contentEncoding = encodingString;
    } else if (nameIs(b, from, colon, CONNECTION)) {
      String value = new String(b, v, ve - v, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      if (value.contains("upgrade")) {
        return false;
      }
      close |= value.contains("close");
    } else if (nameIs(b, from, colon, ORIGIN)) {
      lean = false; // CORS headers are Armeria's
    } else if (nameIs(b, from, colon, ACCEPT_ENCODING)) {
      acceptCoding = sawAcceptEncoding ? OTHER : acceptCoding(b, v, ve);
      sawAcceptEncoding = true;
    } else {
      for (byte[] h : HAND_OVER_HEADERS) {
        if (nameIs(b, from, colon, h)) {
          return false;
        }
      }
    }
    return true;
  }

  private static final byte[] GZIP_NAME = bytes("gzip");
  private static final byte[][] OTHER_NAMES = {bytes("deflate"), bytes("br")};

  /** The coding an {@code Accept-Encoding} value {@code b[from, to)} picks (see the field). */
  private static int acceptCoding(byte[] b, int from, int to) {
    int picked = IDENTITY;
    for (int i = from; i < to; ) {
      int end = i;
      while (end < to && b[end] != ',') {
        if (b[end] == ';' || b[end] == '*') {
          return OTHER;
        }
        end++;
      }
      int s = i;
      int e = end;
      while (s < e && (b[s] == ' ' || b[s] == '\t')) {
        s++;
      }
      while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
        e--;
      }
      if (picked == IDENTITY) {
        if (Arrays.equals(b, s, e, GZIP_NAME, 0, GZIP_NAME.length)) {
          picked = GZIP;
        } else {
          for (byte[] other : OTHER_NAMES) {
            if (Arrays.equals(b, s, e, other, 0, other.length)) {
              picked = OTHER;
            }
          }
        }
      }
      i = end + 1;
    }
    return picked;
  }

  /** Case-insensitive match of a token against a lower-case name of letters and dashes. */
  private static boolean nameIs(byte[] b, int from, int to, byte[] lower) {
    if (to - from != lower.length) {
      return false;
    }
    for (int i = 0; i < lower.length; i++) {
      if ((b[from + i] | 0x20) != lower[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the bytes start like a request line: an upper-case method, then a space. */
  private static boolean looksLikeMethod(byte[] b, int n) {
    int m = Math.min(n, 17);
    for (int i = 0; i < m; i++) {
      byte c = b[i];
      if (c == ' ') {
        return i > 0;
      }
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return m < 17;
  }

  /** Index of the CRLF CRLF ending the head within {@code b[0, n)}, or -1. */
  private static int indexOfEmptyLine(byte[] b, int n) {
    for (int i = 0; i + 3 < n; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfCrlf(byte[] b, int from, int to) {
    for (int i = from; i + 1 < to; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return to;
  }

  private static boolean endsWith(byte[] b, int end, byte[] suffix) {
    return end >= suffix.length
        && Arrays.equals(b, end - suffix.length, end, suffix, 0, suffix.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
