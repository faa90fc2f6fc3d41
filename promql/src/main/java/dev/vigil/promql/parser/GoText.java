package dev.vigil.promql.parser;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Text conventions PromQL inherits from Go: string quoting ({@code strconv.Quote}), rune quoting,
 * and string-literal unescaping (floats are formatted by {@code value.GoFloats}).
 *
 * <p>Go strings are bytes; a {@code \xNN} escape may produce bytes that are not UTF-8. Such bytes
 * are kept as lone surrogates {@code U+DC80..U+DCFF} (the "surrogate escape" convention), which
 * makes the string fail {@code LabelNames.isValidLabelName} as Prometheus's check fails on invalid
 * UTF-8, and which {@link #quote} prints back as {@code \xNN}. Stateless and thread-safe.
 */
public final class GoText {
  private GoText() {}

  /** Go's {@code strconv.Quote} (and {@code %q} of a string). */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    sb.append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      appendEscaped(sb, cp, '"');
    }
    return sb.append('"').toString();
  }

  /** Go's {@code %q} of a rune: {@code 'a'}, {@code '\n'}. */
  static String quoteRune(int cp) {
    StringBuilder sb = new StringBuilder("'");
    appendEscaped(sb, cp, '\'');
    return sb.append('\'').toString();
  }

  /** Go's {@code %.Nq}: the first {@code n} runes, quoted. */
  static String quotePrefix(String s, int n) {
    int end = 0;
    for (int k = 0; k < n && end < s.length(); k++) {
      end += Character.charCount(s.codePointAt(end));
    }
    return quote(s.substring(0, end));
  }

  private static void appendEscaped(StringBuilder sb, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      sb.append('\\').appendCodePoint(cp);
      return;
    }
    if (cp >= 0xDC80 && cp <= 0xDCFF) {
      sb.append(String.format(Locale.ROOT, "\\x%02x", cp - 0xDC00));
      return;
    }
    if (isPrint(cp)) {
      sb.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 7 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 11 -> sb.append("\\v");
      default -> {
        if (cp < ' ' || cp == 0x7f) {
          sb.append(String.format(Locale.ROOT, "\\x%02x", cp));
        } else if (cp < 0x10000) {
          sb.append(String.format(Locale.ROOT, "\\u%04x", cp));
        } else {
          sb.append(String.format(Locale.ROOT, "\\U%08x", cp));
        }
      }
    }
  }

  /** Go's {@code unicode.IsPrint}, closely enough: graphic characters and the ASCII space. */
  private static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    if (cp < 0x20 || cp == 0x7f) {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
          Character.PRIVATE_USE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }

  /**
   * Decodes a quoted string literal as the lexer accepted it ({@code "..."}, {@code '...'} with Go
   * escapes, or a raw {@code `...`}).
   *
   * @throws IllegalArgumentException on an escape the lexer should have rejected
   */
  static String unquote(String quoted) {
    char q = quoted.charAt(0);
    String body = quoted.substring(1, quoted.length() - 1);
    if (q == '`') {
      return body;
    }
    if (body.indexOf('\\') < 0) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    for (int i = 0; i < body.length(); ) {
      char c = body.charAt(i);
      if (c != '\\') {
        int cp = body.codePointAt(i);
        i += Character.charCount(cp);
        writeUtf8(out, cp);
        continue;
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(11);
        case '\\', '\'', '"' -> out.write(e);
        case 'x' -> {
          out.write(Integer.parseInt(body.substring(i, i + 2), 16));
          i += 2;
        }
        case 'u' -> {
          writeUtf8(out, Integer.parseInt(body.substring(i, i + 4), 16));
          i += 4;
        }
        case 'U' -> {
          writeUtf8(out, Integer.parseInt(body.substring(i, i + 8), 16));
          i += 8;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            out.write(Integer.parseInt(body.substring(i - 1, i + 2), 8));
            i += 2;
          } else {
            throw new IllegalArgumentException("invalid syntax");
          }
        }
      }
    }
    return decodeUtf8Escaped(out.toByteArray());
  }

  private static void writeUtf8(ByteArrayOutputStream out, int cp) {
    byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }

  /** Strict UTF-8 decoding in which each invalid byte becomes U+DC80+byte. */
  static String decodeUtf8Escaped(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length);
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xff;
      int n;
      int cp;
      if (c < 0x80) {
        sb.append((char) c);
        i++;
        continue;
      } else if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = c & 0x1f;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = c & 0x0f;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = c & 0x07;
      } else {
        sb.append((char) (0xDC00 + c));
        i++;
        continue;
      }
      boolean ok = true;
      for (int k = 1; ok && k <= n; k++) {
        if (i + k >= b.length || (b[i + k] & 0xc0) != 0x80) {
          ok = false;
        } else {
          cp = (cp << 6) | (b[i + k] & 0x3f);
        }
      }
      if (ok && ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
          || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))) {
        ok = false;
      }
      if (!ok) {
        sb.append((char) (0xDC00 + c));
        i++;
        continue;
      }
      sb.appendCodePoint(cp);
      i += n + 1;
    }
    return sb.toString();
  }
}
