package dev.vigil.server.exposition;

import dev.vigil.model.Label;
import dev.vigil.model.LabelNames;
import dev.vigil.model.Labels;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writers for the Prometheus text exposition format (0.0.4) and OpenMetrics 1.0 text: metric
 * names, label sets, escaped help text and floats printed exactly as Go's {@code strconv} prints
 * them, so that scrapers and diff-based tests see what Prometheus would write. Stateless.
 */
public final class TextFormat {
  /** Content type of the classic text format. */
  public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** Content type of OpenMetrics 1.0 text. */
  public static final String OPENMETRICS_CONTENT_TYPE =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private TextFormat() {}

  /**
   * Appends {@code name{labels}} where {@code labels} excludes {@code __name__}; {@code extra}
   * labels (may be null; empty values are written) follow the series' own. Names that are not legacy-valid are quoted
   * inside the braces, as the UTF-8 aware formats do.
   */
  public static void appendSeries(StringBuilder sb, String name, Labels labels, List<Label> extra) {
    boolean quotedName = !LabelNames.isLegacyMetricName(name);
    if (!quotedName) {
      sb.append(name);
    }
    int[] count = {0};
    if (quotedName) {
      sb.append('{');
      LabelNames.appendQuoted(sb, name);
      count[0]++;
    }
    labels.forEach((n, v) -> {
      if (!n.equals(Labels.METRIC_NAME)) {
        appendLabel(sb, n, v, count[0]++ == 0 && !quotedName);
      }
    });
    if (extra != null) {
      for (Label l : extra) {
        appendLabel(sb, l.name(), l.value(), count[0]++ == 0 && !quotedName);
      }
    }
    if (count[0] > 0) {
      sb.append('}');
    }
  }

  private static void appendLabel(StringBuilder sb, String n, String v, boolean first) {
    sb.append(first ? '{' : ',');
    if (LabelNames.isLegacyLabelName(n)) {
      sb.append(n);
    } else {
      LabelNames.appendQuoted(sb, n);
    }
    sb.append("=\"");
    escapeLabelValue(sb, v);
    sb.append('"');
  }

  /** Label values escape backslash, double quote and newline. */
  public static void escapeLabelValue(StringBuilder sb, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  /** HELP text escapes backslash and newline (and, in OpenMetrics, double quotes). */
  public static void escapeHelp(StringBuilder sb, String help, boolean openMetrics) {
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '"' -> sb.append(openMetrics ? "\\\"" : "\"");
        default -> sb.append(c);
      }
    }
  }

  /** A float as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} with Prometheus's specials. */
  public static String formatFloat(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    // Double.toString gives the shortest repr that round-trips (JDK 19+), as Go's -1 precision.
    BigDecimal d = shortest(Math.abs(v));
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale(); // decimal exponent of the first digit
    StringBuilder sb = new StringBuilder(24);
    if (v < 0) {
      sb.append('-');
    }
    // Go's 'g' with shortest precision uses %e when the exponent is < -4 or >= 6.
    if (exp < -4 || exp >= 6) {
      appendExponent(sb, digits, exp);
    } else {
      appendPlain(sb, digits, exp);
    }
    return sb.toString();
  }

  /**
   * The shortest decimal that parses back to {@code v}. Double.toString is shortest except that
   * it always prints two significant digits where one would do (4.9E-324 for 5e-324).
   */
  private static BigDecimal shortest(double v) {
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    if (d.precision() == 2) {
      BigDecimal one = d.round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
      if (one.doubleValue() == v) {
        return one.stripTrailingZeros();
      }
    }
    return d;
  }

  private static void appendPlain(StringBuilder sb, String digits, int exp) {
    if (exp < 0) {
      sb.append("0.");
      sb.append("0".repeat(-exp - 1));
      sb.append(digits);
    } else if (exp + 1 >= digits.length()) {
      sb.append(digits);
      sb.append("0".repeat(exp + 1 - digits.length()));
    } else {
      sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
  }

  private static void appendExponent(StringBuilder sb, String digits, int exp) {
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) {
      sb.append('0');
    }
    sb.append(a);
  }

  /**
   * A float as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an
   * exponent. Prometheus writes sample values in JSON this way.
   */
  public static String formatPlainFloat(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return formatFloat(v);
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    double abs = Math.abs(v);
    if (abs >= 1e-3 && abs < 1e7) {
      // Double.toString is plain in this range ("123.45", "5.0") and already Go's shortest
      // digits: its two-digit quirk needs a rounding interval wider than 1 %, which only
      // subnormals have. So drop a trailing ".0" and skip the BigDecimal round trip (a query
      // answer formats every point).
      String s = Double.toString(v);
      return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
    String plain = shortest(abs).toPlainString();
    return v < 0 ? "-" + plain : plain;
  }

  /** OpenMetrics floats: as Go's 'g' format but always with a '.' or exponent ("1.0"). */
  public static String formatOpenMetricsFloat(double v) {
    String s = formatFloat(v);
    if (Double.isNaN(v) || Double.isInfinite(v) || s.indexOf('.') >= 0 || s.indexOf('e') >= 0) {
      return s;
    }
    return s + ".0";
  }
}
