package dev.vigil.alerting.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The MIME encodings e-mail notifications use, with the output of Go's {@code mime} and {@code
 * mime/quotedprintable} packages: RFC 2047 Q-encoded header words (only when the value has bytes
 * outside printable ASCII) and quoted-printable bodies (lines of at most 76 characters, CRLF line
 * ends, trailing white space encoded). Stateless.
 */
final class MimeText {
  private MimeText() {}

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final int MAX_WORD = 75;

  /** Go's mime.QEncoding.Encode("utf-8", s). */
  static String qEncodeHeader(String s) {
    boolean needs = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < ' ' || c > '~') && c != '\t') {
        needs = true;
        break;
      }
    }
    if (!needs) {
      return s;
    }
    String prefix = "=?utf-8?q?";
    StringBuilder out = new StringBuilder();
    StringBuilder word = new StringBuilder(prefix);
    int maxLen = MAX_WORD - prefix.length() - 2;
    int wordLen = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      String enc = encodeRune(cp);
      if (wordLen + enc.length() > maxLen) {
        out.append(word).append("?= ");
        word = new StringBuilder(prefix);
        wordLen = 0;
      }
      word.append(enc);
      wordLen += enc.length();
    }
    return out.append(word).append("?=").toString();
  }

  private static String encodeRune(int cp) {
    StringBuilder sb = new StringBuilder();
    for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
      int v = b & 0xff;
      if (v == ' ') {
        sb.append('_');
      } else if (v >= '!' && v <= '~' && v != '=' && v != '?' && v != '_') {
        sb.append((char) v);
      } else {
        sb.append('=').append(HEX[v >> 4]).append(HEX[v & 15]);
      }
    }
    return sb.toString();
  }

  /** Go's quotedprintable.Writer output for a text body. */
  static byte[] quotedPrintable(String text) {
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] line = new byte[78];
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      int b = in[i] & 0xff;
      if (b == '\r' || b == '\n') {
        // Trailing white space before a line break is encoded so that it survives transport.
        n = flushLine(out, line, n, true);
        if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
          i++;
        }
        continue;
      }
      boolean plain = (b >= '!' && b <= '~' && b != '=') || b == ' ' || b == '\t';
      int width = plain ? 1 : 3;
      if (n + width > 75) {
        out.write(line, 0, n);
        out.writeBytes("=\r\n".getBytes(StandardCharsets.US_ASCII));
        n = 0;
      }
      if (plain) {
        line[n++] = (byte) b;
      } else {
        line[n++] = '=';
        line[n++] = (byte) HEX[b >> 4];
        line[n++] = (byte) HEX[b & 15];
      }
    }
    flushLine(out, line, n, false);
    return out.toByteArray();
  }

  private static int flushLine(ByteArrayOutputStream out, byte[] line, int n, boolean newline) {
    if (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t')) {
      int last = line[n - 1];
      out.write(line, 0, n - 1);
      if (n - 1 > 72) {
        out.writeBytes("=\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write('=');
      out.write(HEX[last >> 4]);
      out.write(HEX[last & 15]);
    } else {
      out.write(line, 0, n);
    }
    if (newline) {
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return 0;
  }
}
