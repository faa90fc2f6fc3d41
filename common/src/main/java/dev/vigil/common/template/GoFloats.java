package dev.vigil.common.template;

import java.math.BigDecimal;

/**
 * Go's {@code strconv.FormatFloat} for the 'e', 'E', 'f', 'F', 'g' and 'G' formats.
 *
 * <p>Digits are kept as a decimal string with the decimal point position, the way Go's strconv
 * does: shortest digits come from the JDK's shortest round-trip conversion, fixed precision is
 * rounded from the exact binary value half-to-even, which is what Go does (Java's own
 * {@code String.format} rounds half-up and so differs on exact ties such as 0.125).
 */
final class GoFloats {
  private GoFloats() {}

  /** Decimal digits without trailing zeros ("" for zero) and the decimal point position. */
  record Digits(String d, int dp) {
    int nd() {
      return d.length();
    }
  }

  /** Formats {@code v} as Go's strconv.FormatFloat(v, fmt, prec, bitSize) does. */
  static String format(double v, char fmt, int prec, int bitSize) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean neg = (Double.doubleToRawLongBits(v) < 0);
    double abs = Math.abs(v);
    boolean shortest = prec < 0;
    Digits digs;
    char lower = Character.toLowerCase(fmt);
    if (shortest) {
      digs = bitSize == 32 ? shortest32((float) abs) : shortest(abs);
      switch (lower) {
        case 'e' -> prec = Math.max(digs.nd() - 1, 0);
        case 'f' -> prec = Math.max(digs.nd() - digs.dp, 0);
        default -> prec = digs.nd();
      }
    } else {
      digs = exact(abs);
      switch (lower) {
        case 'e' -> digs = round(digs, prec + 1);
        case 'f' -> digs = round(digs, digs.dp + prec);
        default -> {
          if (prec == 0) {
            prec = 1;
          }
          digs = round(digs, prec);
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    if (neg) {
      sb.append('-');
    }
    switch (lower) {
      case 'e' -> fmtE(sb, digs, prec, fmt);
      case 'f' -> fmtF(sb, digs, prec);
      default -> {
        int eprec = prec;
        if (eprec > digs.nd() && digs.nd() >= digs.dp) {
          eprec = digs.nd();
        }
        if (shortest) {
          eprec = 6;
        }
        int exp = digs.dp - 1;
        if (exp < -4 || exp >= eprec) {
          if (prec > digs.nd()) {
            prec = digs.nd();
          }
          fmtE(sb, digs, prec - 1, fmt == 'G' ? 'E' : 'e');
        } else {
          if (prec > digs.dp) {
            prec = digs.nd();
          }
          fmtF(sb, digs, Math.max(prec - digs.dp, 0));
        }
      }
    }
    return sb.toString();
  }

  /** strconv's 'x'/'X' (hexadecimal mantissa, binary exponent) and 'b' (decimal mantissa) forms. */
  static String formatBinary(double v, char fmt, int prec, int bitSize) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    int mantBits = bitSize == 32 ? 23 : 52;
    int expBits = bitSize == 32 ? 8 : 11;
    int bias = bitSize == 32 ? -127 : -1023;
    long bits = bitSize == 32 ? Float.floatToRawIntBits((float) v) & 0xffffffffL : Double.doubleToRawLongBits(v);
    boolean neg = (bits >>> (expBits + mantBits)) != 0;
    int exp = (int) (bits >>> mantBits) & ((1 << expBits) - 1);
    long mant = bits & ((1L << mantBits) - 1);
    if (exp == 0) {
      exp++;
    } else {
      mant |= 1L << mantBits;
    }
    exp += bias;
    StringBuilder sb = new StringBuilder();
    if (neg) {
      sb.append('-');
    }
    if (fmt == 'b') {
      sb.append(mant).append('p');
      int e = exp - mantBits;
      if (e >= 0) {
        sb.append('+');
      }
      return sb.append(e).toString();
    }
    if (mant == 0) {
      exp = 0;
    }
    mant <<= 60 - mantBits;
    while (mant != 0 && (mant & (1L << 60)) == 0) {
      mant <<= 1;
      exp--;
    }
    if (prec >= 0 && prec < 15) {
      int shift = prec * 4;
      long extra = (mant << shift) & ((1L << 60) - 1);
      mant >>>= 60 - shift;
      if ((extra | (mant & 1)) > (1L << 59)) {
        mant++;
      }
      mant <<= 60 - shift;
      if ((mant & (1L << 61)) != 0) {
        mant >>>= 1;
        exp++;
      }
    }
    String hex = fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    sb.append('0').append(fmt).append((char) ('0' + ((mant >>> 60) & 1)));
    mant <<= 4;
    if (prec < 0 && mant != 0) {
      sb.append('.');
      while (mant != 0) {
        sb.append(hex.charAt((int) ((mant >>> 60) & 15)));
        mant <<= 4;
      }
    } else if (prec > 0) {
      sb.append('.');
      for (int i = 0; i < prec; i++) {
        sb.append(hex.charAt((int) ((mant >>> 60) & 15)));
        mant <<= 4;
      }
    }
    sb.append(fmt == 'X' ? 'P' : 'p').append(exp < 0 ? '-' : '+');
    exp = Math.abs(exp);
    if (exp < 10) {
      sb.append('0');
    }
    return sb.append(exp).toString();
  }

  private static void fmtE(StringBuilder sb, Digits d, int prec, char e) {
    sb.append(d.nd() == 0 ? '0' : d.d.charAt(0));
    if (prec > 0) {
      sb.append('.');
      int i = 1;
      int m = Math.min(d.nd(), prec + 1);
      if (i < m) {
        sb.append(d.d, i, m);
        i = m;
      }
      for (; i <= prec; i++) {
        sb.append('0');
      }
    }
    sb.append(e);
    int exp = d.nd() == 0 ? 0 : d.dp - 1;
    sb.append(exp < 0 ? '-' : '+');
    exp = Math.abs(exp);
    if (exp < 10) {
      sb.append('0');
    }
    sb.append(exp);
  }

  private static void fmtF(StringBuilder sb, Digits d, int prec) {
    if (d.dp > 0) {
      int m = Math.min(d.nd(), d.dp);
      sb.append(d.d, 0, m);
      for (; m < d.dp; m++) {
        sb.append('0');
      }
    } else {
      sb.append('0');
    }
    if (prec > 0) {
      sb.append('.');
      for (int i = 0; i < prec; i++) {
        int j = d.dp + i;
        sb.append(j >= 0 && j < d.nd() ? d.d.charAt(j) : '0');
      }
    }
  }

  static Digits shortest(double abs) {
    if (abs == 0) {
      return new Digits("", 0);
    }
    Digits d = fromDecimal(new BigDecimal(Double.toString(abs)));
    return d.nd() == 2 ? oneDigit(d, abs, false) : d;
  }

  static Digits shortest32(float abs) {
    if (abs == 0) {
      return new Digits("", 0);
    }
    Digits d = fromDecimal(new BigDecimal(Float.toString(abs)));
    return d.nd() == 2 ? oneDigit(d, abs, true) : d;
  }

  /**
   * The JDK prints two digits where one would round-trip if the two-digit form is closer (only
   * subnormals are that coarse, e.g. 4.9E-324); Go prints the shortest, so take a one-digit
   * form that reads back as the same value, the closer one if both do.
   */
  private static Digits oneDigit(Digits two, double abs, boolean single) {
    int first = two.d.charAt(0) - '0';
    Digits best = two;
    BigDecimal exact = new BigDecimal(abs);
    BigDecimal bestDistance = null;
    for (int digit : new int[] {first, first + 1}) {
      Digits cand = digit == 10 ? new Digits("1", two.dp + 1) : new Digits(String.valueOf(digit), two.dp);
      if (digit == 0) {
        continue;
      }
      BigDecimal value = new BigDecimal(new java.math.BigInteger(cand.d), 1 - cand.dp);
      boolean roundTrips = single
          ? Float.parseFloat(value.toString()) == (float) abs
          : Double.parseDouble(value.toString()) == abs;
      if (roundTrips) {
        BigDecimal distance = value.subtract(exact).abs();
        if (bestDistance == null || distance.compareTo(bestDistance) < 0) {
          best = cand;
          bestDistance = distance;
        }
      }
    }
    return best;
  }

  static Digits exact(double abs) {
    if (abs == 0) {
      return new Digits("", 0);
    }
    return fromDecimal(new BigDecimal(abs));
  }

  private static Digits fromDecimal(BigDecimal bd) {
    BigDecimal s = bd.stripTrailingZeros();
    String digits = s.unscaledValue().toString();
    return new Digits(digits, digits.length() - s.scale());
  }

  /** Rounds to {@code nd} digits, ties to even, as Go's decimal.Round. */
  static Digits round(Digits a, int nd) {
    if (nd < 0 || nd >= a.nd()) {
      return a;
    }
    boolean up;
    char c = a.d.charAt(nd);
    if (c == '5' && nd + 1 == a.nd()) {
      up = nd > 0 && (a.d.charAt(nd - 1) - '0') % 2 == 1;
    } else {
      up = c >= '5';
    }
    if (!up) {
      return trim(a.d.substring(0, nd), a.dp);
    }
    char[] ds = a.d.substring(0, nd).toCharArray();
    for (int i = nd - 1; i >= 0; i--) {
      if (ds[i] < '9') {
        ds[i]++;
        return trim(new String(ds, 0, i + 1), a.dp);
      }
    }
    return new Digits("1", a.dp + 1);
  }

  private static Digits trim(String d, int dp) {
    int n = d.length();
    while (n > 0 && d.charAt(n - 1) == '0') {
      n--;
    }
    if (n == 0) {
      return new Digits("", 0);
    }
    return new Digits(d.substring(0, n), dp);
  }
}
