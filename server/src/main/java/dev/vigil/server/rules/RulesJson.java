package dev.vigil.server.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's text forms of numbers and times in the rules API. */
final class RulesJson {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private RulesJson() {}

  /** Go's time.Time in RFC 3339 with trimmed fractional seconds; 0 is Go's zero time. */
  static String rfc3339(long ms) {
    if (ms == 0) {
      return "0001-01-01T00:00:00Z";
    }
    Instant i = Instant.ofEpochMilli(ms);
    StringBuilder sb = new StringBuilder(SECONDS.format(i));
    int frac = (int) Math.floorMod(ms, 1000L);
    if (frac != 0) {
      String f = String.format("%03d", frac).replaceAll("0+$", "");
      sb.append('.').append(f);
    }
    return sb.append('Z').toString();
  }

  /** A JSON number in plain decimal, shortest digits. */
  static String plain(double v) {
    if (v == 0) {
      return "0";
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** Go's strconv.FormatFloat(v, 'e', -1, 64). */
  static String goFloatE(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0 ? "-" : "") + "0e+00";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale();
    StringBuilder sb = new StringBuilder();
    if (v < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) {
      sb.append('0');
    }
    return sb.append(a).toString();
  }
}
