package dev.vigil.rules.template;

import dev.vigil.common.template.GoDuration;
import dev.vigil.common.template.GoFormat;
import dev.vigil.common.template.GoTime;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Prometheus's number formatting for templates (humanize, humanize1024, humanizeDuration,
 * humanizePercentage, humanizeTimestamp, toTime) and the value conversion they share. Output
 * matches Prometheus byte for byte; errors carry Go's messages.
 */
final class Humanize {
  private Humanize() {}

  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
  private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

  /** Prometheus's ConvertToFloat: float64, string, int kinds and durations; float32 is refused. */
  static double toFloat(Object i) {
    return switch (i) {
      case Double d -> d;
      case String s -> parseFloat(s);
      case Long l -> l;
      case Integer n -> n;
      case BigInteger b -> b.doubleValue();
      case GoDuration d -> d.seconds();
      case null, default -> throw new IllegalArgumentException(
          "can't convert " + GoFormat.typeName(i) + " to float");
    };
  }

  /** strconv.ParseFloat(s, 64) with Go's error texts. */
  static double parseFloat(String s) {
    String t = s;
    String lower = t.toLowerCase(Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    boolean neg = lower.startsWith("-");
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan") && t.length() == 3) {
      return Double.NaN;
    }
    boolean hex = unsigned.startsWith("0x");
    if (unsigned.contains("_")) {
      if (!hex) {
        throw syntax(s);
      }
      t = t.replace("_", "");
    }
    if (t.isEmpty() || !t.chars().allMatch(c -> Character.isDigit(c) || ".+-eEpPxXabcdefABCDEF".indexOf(c) >= 0)
        || !(Character.isDigit(t.charAt(t.length() - 1)) || t.charAt(t.length() - 1) == '.')
        || (hex && !unsigned.contains("p")) || (!hex && unsigned.matches(".*[a-dfx].*"))) {
      throw syntax(s);
    }
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw syntax(s);
    }
    if (Double.isInfinite(v)) {
      throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoFormat.quote(s) + ": value out of range");
    }
    return v;
  }

  private static IllegalArgumentException syntax(String s) {
    return new IllegalArgumentException("strconv.ParseFloat: parsing " + GoFormat.quote(s) + ": invalid syntax");
  }

  private static String g4(double v, String suffix) {
    return GoFormat.sprintf("%.4g%s", v, suffix);
  }

  static String humanize(Object i) {
    double v = toFloat(i);
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v, "");
    }
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : BIG) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
      return g4(v, prefix);
    }
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v, prefix);
  }

  static String humanize1024(Object i) {
    double v = toFloat(i);
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v, "");
    }
    String prefix = "";
    for (String p : BINARY) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return g4(v, prefix);
  }

  static String humanizeDuration(Object i) {
    double v = toFloat(i);
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v, "");
    }
    if (v == 0) {
      return g4(v, "s");
    }
    if (Math.abs(v) >= 1) {
      String sign = "";
      if (v < 0) {
        sign = "-";
        v = -v;
      }
      long duration = (long) v;
      long seconds = duration % 60;
      long minutes = (duration / 60) % 60;
      long hours = (duration / 60 / 60) % 24;
      long days = duration / 60 / 60 / 24;
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + g4(v, "s");
    }
    String prefix = "";
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v, prefix + "s");
  }

  static String humanizePercentage(Object i) {
    return GoFormat.sprintf("%.4g%%", toFloat(i) * 100);
  }

  static String humanizeTimestamp(Object i) {
    double v = toFloat(i);
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v, "");
    }
    return toTime(v).toString();
  }

  /** Prometheus's floatToTime: seconds to a UTC time with millisecond precision. */
  static GoTime toTime(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("value is NaN or Inf");
    }
    double ts = v * 1e9;
    if (ts > 0x1p63 || ts < -0x1p63) {
      throw new IllegalArgumentException(
          GoFormat.sprint(v) + " cannot be represented as a nanoseconds timestamp since it overflows int64");
    }
    long nanos = ts >= 0x1p63 ? Long.MIN_VALUE : (long) ts;
    return GoTime.ofEpochMilli(nanos / 1_000_000);
  }
}
