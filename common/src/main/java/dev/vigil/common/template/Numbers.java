package dev.vigil.common.template;

import dev.vigil.common.template.Node.NumberNode;
import dev.vigil.common.text.GoQuote;
import java.math.BigInteger;

/** Go's number literal interpretation for template constants (parse.NumberNode). */
final class Numbers {
  private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private Numbers() {}

  /** Parses a number or character literal; IllegalArgumentException carries Go's message. */
  static NumberNode parse(int pos, String text, boolean isChar) {
    if (isChar) {
      String s;
      try {
        s = GoQuote.unquote(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("malformed character constant: " + text);
      }
      long r = s.codePointAt(0);
      return new NumberNode(pos, text, true, r, true, true, r);
    }
    BigInteger big = parseInt(text);
    boolean isInt = false;
    boolean isUint = false;
    boolean isFloat = false;
    long i = 0;
    double f = 0;
    if (big != null) {
      if (big.bitLength() < 64) {
        isInt = true;
        i = big.longValue();
        isUint = big.signum() >= 0;
      } else if (big.signum() > 0 && big.compareTo(MAX_UINT64) <= 0) {
        isUint = true;
      }
    }
    if (isInt) {
      isFloat = true;
      f = i;
    } else if (isUint) {
      isFloat = true;
      f = big.doubleValue();
    } else {
      Double parsed = parseFloat(text);
      if (parsed != null) {
        if (!containsAny(text, ".eEpP")) {
          throw new IllegalArgumentException("integer overflow: " + GoQuote.quote(text, false));
        }
        isFloat = true;
        f = parsed;
        if (!Double.isInfinite(f) && (double) (long) f == f && Math.abs(f) < 0x1p63) {
          isInt = true;
          i = (long) f;
        }
        if (f >= 0 && f < 0x1p64 && Math.rint(f) == f) {
          isUint = true;
        }
      }
    }
    if (!isInt && !isUint && !isFloat) {
      throw new IllegalArgumentException("illegal number syntax: " + GoQuote.quote(text, false));
    }
    return new NumberNode(pos, text, isInt, i, isUint, isFloat, f);
  }

  static boolean containsAny(String s, String chars) {
    for (int k = 0; k < s.length(); k++) {
      if (chars.indexOf(s.charAt(k)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** strconv.ParseInt(s, 0, ...) without the size limit; null when not an integer. */
  static BigInteger parseInt(String s) {
    int i = 0;
    boolean neg = false;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      neg = s.charAt(i) == '-';
      i++;
    }
    int base = 10;
    if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
      base = 16;
      i += 2;
    } else if (s.startsWith("0o", i) || s.startsWith("0O", i)) {
      base = 8;
      i += 2;
    } else if (s.startsWith("0b", i) || s.startsWith("0B", i)) {
      base = 2;
      i += 2;
    } else if (s.startsWith("0", i) && s.length() > i + 1) {
      base = 8;
      i += 1;
    }
    String digits = s.substring(i);
    if (digits.isEmpty() || digits.startsWith("_") && base == 10 || digits.endsWith("_")
        || digits.contains("__")) {
      return null;
    }
    digits = digits.replace("_", "");
    if (digits.isEmpty()) {
      return null;
    }
    for (int k = 0; k < digits.length(); k++) {
      if (Character.digit(digits.charAt(k), base) < 0) {
        return null;
      }
    }
    BigInteger v = new BigInteger(digits, base);
    return neg ? v.negate() : v;
  }

  /** strconv.ParseFloat for decimal and hexadecimal literals; null when malformed. */
  static Double parseFloat(String s) {
    String t = s.replace("_", "");
    if (t.isEmpty()) {
      return null;
    }
    char last = t.charAt(t.length() - 1);
    if (!(Character.isDigit(last) || last == '.')) {
      return null;
    }
    for (int k = 0; k < t.length(); k++) {
      char c = t.charAt(k);
      if (!(Character.isDigit(c) || ".+-eEpPxXabcdefABCDEF".indexOf(c) >= 0)) {
        return null;
      }
    }
    boolean hex = t.startsWith("0x") || t.startsWith("0X") || t.startsWith("-0x") || t.startsWith("+0x")
        || t.startsWith("-0X") || t.startsWith("+0X");
    if (hex && !containsAny(t, "pP")) {
      return null;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
