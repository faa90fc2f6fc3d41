package dev.vigil.promql.promqltest;

import java.math.BigInteger;

/**
 * The few Go standard-library parsing rules the test language inherits from Prometheus's harness:
 * {@code strconv.ParseInt(s, 0, 64)} followed by {@code strconv.ParseFloat} for numbers, and
 * {@code strconv.Unquote} for quoted strings. Stateless.
 */
final class GoSyntax {
  private GoSyntax() {}

  /**
   * A number as the harness reads one: an integer with an optional base prefix ({@code 0x},
   * {@code 0o}, {@code 0b}, or a leading {@code 0} for octal) first, else a float (including
   * {@code Inf}, {@code +Inf}, {@code NaN} in any case).
   *
   * @throws NumberFormatException when neither reading applies
   */
  static double parseNumber(String s) {
    Long n = parseInt(s);
    if (n != null) {
      return n;
    }
    return parseFloat(s);
  }

  /** {@code strconv.ParseInt(s, 0, 64)}, or null when {@code s} is not such an integer. */
  static Long parseInt(String s) {
    String body = s;
    boolean neg = false;
    if (body.startsWith("+") || body.startsWith("-")) {
      neg = body.charAt(0) == '-';
      body = body.substring(1);
    }
    if (body.isEmpty()) {
      return null;
    }
    int base = 10;
    if (body.length() > 1 && body.charAt(0) == '0') {
      char c = Character.toLowerCase(body.charAt(1));
      if (c == 'x') {
        base = 16;
        body = body.substring(2);
      } else if (c == 'o') {
        base = 8;
        body = body.substring(2);
      } else if (c == 'b') {
        base = 2;
        body = body.substring(2);
      } else {
        base = 8;
        body = body.substring(1);
      }
      // Base prefixes allow underscores between digits; plain decimals do not.
      body = underscoresOk(body) ? body.replace("_", "") : null;
      if (body == null) {
        return null;
      }
    } else if (body.indexOf('_') >= 0) {
      // Base 0 allows Go literal underscores in decimals too (1_000).
      if (!underscoresOk(body) || body.startsWith("_")) {
        return null;
      }
      body = body.replace("_", "");
    }
    if (body.isEmpty()) {
      return null;
    }
    for (int i = 0; i < body.length(); i++) {
      if (Character.digit(body.charAt(i), base) < 0) {
        return null;
      }
    }
    BigInteger v = new BigInteger(body, base);
    if (neg) {
      v = v.negate();
    }
    if (v.bitLength() > 63) {
      return null;
    }
    return v.longValue();
  }

  private static boolean underscoresOk(String body) {
    if (body.startsWith("_") && body.length() > 1) {
      body = body.substring(1);
    }
    return !body.startsWith("_") && !body.endsWith("_") && !body.contains("__");
  }

  /** {@code strconv.ParseFloat(s, 64)} for the forms test files use. */
  static double parseFloat(String s) {
    String body = s;
    String sign = "";
    if (body.startsWith("+") || body.startsWith("-")) {
      sign = body.substring(0, 1);
      body = body.substring(1);
    }
    String lower = body.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")) {
      return sign.equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan") && sign.isEmpty()) {
      return Double.NaN;
    }
    if (body.isEmpty() || !(Character.isDigit(body.charAt(0)) || body.charAt(0) == '.')) {
      throw new NumberFormatException("not a number: \"" + s + "\"");
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      // Java accepts trailing type suffixes (1d, 1f) Go does not.
      if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
          || c == 'x' || c == 'X' || c == 'p' || c == 'P'
          || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        throw new NumberFormatException("not a number: \"" + s + "\"");
      }
    }
    if (lower.startsWith("0x")) {
      return Double.parseDouble(sign + body + (lower.contains("p") ? "" : "p0"));
    }
    if (lower.chars().anyMatch(c -> c >= 'a' && c <= 'f' && c != 'e')) {
      throw new NumberFormatException("not a number: \"" + s + "\"");
    }
    return Double.parseDouble(sign + body);
  }

  /**
   * {@code strconv.Unquote}: a double-quoted string with Go escapes, a back-quoted raw string, or
   * a single-quoted one. {@code anyLengthSingle} accepts single-quoted strings of any length as
   * Prometheus's label values do (Go itself only allows one character there).
   *
   * @throws IllegalArgumentException when {@code s} is not a valid quoted string
   */
  static String unquote(String s, boolean anyLengthSingle) {
    if (s.length() < 2) {
      throw new IllegalArgumentException("invalid syntax");
    }
    char q = s.charAt(0);
    if (q != s.charAt(s.length() - 1)) {
      throw new IllegalArgumentException("invalid syntax");
    }
    String body = s.substring(1, s.length() - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) {
        throw new IllegalArgumentException("invalid syntax");
      }
      return body.replace("\r", "");
    }
    if (q != '"' && q != '\'') {
      throw new IllegalArgumentException("invalid syntax");
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == q || c == '\n') {
        throw new IllegalArgumentException("invalid syntax");
      }
      if (c != '\\') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new IllegalArgumentException("invalid syntax");
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '\\' -> out.append('\\');
        case '"', '\'' -> {
          if (e != q) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.append(e);
        }
        case 'x' -> {
          out.append((char) hex(body, i, 2));
          i += 2;
        }
        case 'u' -> {
          out.appendCodePoint(hex(body, i, 4));
          i += 4;
        }
        case 'U' -> {
          out.appendCodePoint(hex(body, i, 8));
          i += 8;
        }
        default -> {
          if (e >= '0' && e <= '7' && i + 2 <= body.length()) {
            out.append((char) Integer.parseInt(body.substring(i - 1, i + 2), 8));
            i += 2;
          } else {
            throw new IllegalArgumentException("invalid syntax");
          }
        }
      }
    }
    String r = out.toString();
    if (q == '\'' && !anyLengthSingle && r.codePointCount(0, r.length()) != 1) {
      throw new IllegalArgumentException("invalid syntax");
    }
    return r;
  }

  private static int hex(String s, int from, int n) {
    if (from + n > s.length()) {
      throw new IllegalArgumentException("invalid syntax");
    }
    try {
      return Integer.parseInt(s.substring(from, from + n), 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid syntax");
    }
  }
}
