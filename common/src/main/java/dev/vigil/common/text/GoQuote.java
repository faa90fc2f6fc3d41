package dev.vigil.common.text;

import java.util.Locale;

/**
 * Go's {@code strconv} quoting and unquoting of string and rune literals, the one implementation
 * every module uses where Go prints {@code %q} (PromQL, templates, Alertmanager matchers and group
 * keys, rule and promtool messages): peers compare some of these texts byte for byte.
 *
 * <p>Go strings are bytes, Java strings are UTF-16. A byte that is not valid UTF-8 is carried, by
 * the "surrogate escape" convention, as a lone surrogate {@code U+DC80..U+DCFF} and printed back
 * as {@code \xNN}; any other lone surrogate prints as the escaped U+FFFD, the rune Go decodes it to.
 * Stateless and thread-safe.
 */
public final class GoQuote {
  private GoQuote() {}

  /** strconv.Quote (and {@code %q} of a string). */
  public static String quote(String s) {
    return quote(s, false);
  }

  /** strconv.Quote, or QuoteToASCII when {@code ascii}. */
  public static String quote(String s, boolean ascii) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      i += Character.charCount(r);
      appendEscaped(sb, r, '"', ascii);
    }
    return sb.append('"').toString();
  }

  /** strconv.QuoteRune, or QuoteRuneToASCII when {@code ascii}. */
  public static String quoteRune(int r, boolean ascii) {
    StringBuilder sb = new StringBuilder().append('\'');
    appendEscaped(sb, r, '\'', ascii);
    return sb.append('\'').toString();
  }

  private static void appendEscaped(StringBuilder sb, int r, char quote, boolean ascii) {
    if (r == quote || r == '\\') {
      sb.append('\\').appendCodePoint(r);
      return;
    }
    if (r >= 0xDC80 && r <= 0xDCFF) {
      sb.append(String.format(Locale.ROOT, "\\x%02x", r - 0xDC00));
      return;
    }
    if (ascii ? (r < 0x80 && isPrint(r)) : isPrint(r)) {
      sb.appendCodePoint(r);
      return;
    }
    switch (r) {
      case 7 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 11 -> sb.append("\\v");
      default -> {
        if (r < ' ' || r == 0x7f) {
          sb.append(String.format(Locale.ROOT, "\\x%02x", r));
        } else if (r >= 0xD800 && r <= 0xDFFF) {
          sb.append("\\ufffd");
        } else if (r < 0x10000) {
          sb.append(String.format(Locale.ROOT, "\\u%04x", r));
        } else {
          sb.append(String.format(Locale.ROOT, "\\U%08x", r));
        }
      }
    }
  }

  /** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  public static boolean isPrint(int r) {
    if (r == ' ') {
      return true;
    }
    return switch (Character.getType(r)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

  /** strconv.CanBackquote: no control characters other than tab, no backquote, no U+FEFF. */
  public static boolean canBackquote(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < ' ' && c != '\t') || c == '`' || c == 0x7f || c == '\uFEFF') {
        return false;
      }
    }
    return true;
  }

  /**
   * strconv.Unquote for "..." , `...` and '...' literals; throws IllegalArgumentException with
   * Go's "invalid syntax" on malformed input.
   */
  public static String unquote(String lit) {
    int n = lit.length();
    if (n < 2) {
      throw invalid();
    }
    char q = lit.charAt(0);
    if (q != lit.charAt(n - 1)) {
      throw invalid();
    }
    String body = lit.substring(1, n - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) {
        throw invalid();
      }
      return body.replace("\r", "");
    }
    if (q != '"' && q != '\'') {
      throw invalid();
    }
    StringBuilder sb = new StringBuilder(body.length());
    int i = 0;
    int runes = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == q && q == '\'' || c == '\n') {
        throw invalid();
      }
      if (c == q) {
        throw invalid();
      }
      if (c != '\\') {
        int cp = body.codePointAt(i);
        sb.appendCodePoint(cp);
        i += Character.charCount(cp);
        runes++;
        continue;
      }
      if (i + 1 >= body.length()) {
        throw invalid();
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> sb.append((char) 7);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'v' -> sb.append((char) 11);
        case '\\' -> sb.append('\\');
        case '\'', '"' -> {
          if (e != q) {
            throw invalid();
          }
          sb.append(e);
        }
        case 'x', 'u', 'U' -> {
          int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + len > body.length()) {
            throw invalid();
          }
          int v;
          try {
            v = Integer.parseUnsignedInt(body.substring(i, i + len), 16);
          } catch (NumberFormatException ex) {
            throw invalid();
          }
          i += len;
          if (e == 'x') {
            // A byte escape; only meaningful as ASCII in a Java string.
            sb.append((char) v);
          } else {
            if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF) || v < 0) {
              throw invalid();
            }
            sb.appendCodePoint(v);
          }
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > body.length()) {
            throw invalid();
          }
          int v = e - '0';
          for (int k = 0; k < 2; k++) {
            char d = body.charAt(i + k);
            if (d < '0' || d > '7') {
              throw invalid();
            }
            v = v * 8 + (d - '0');
          }
          if (v > 255) {
            throw invalid();
          }
          i += 2;
          sb.append((char) v);
        }
        default -> throw invalid();
      }
      runes++;
    }
    if (q == '\'' && runes != 1) {
      throw invalid();
    }
    return sb.toString();
  }

  private static IllegalArgumentException invalid() {
    return new IllegalArgumentException("invalid syntax");
  }
}
