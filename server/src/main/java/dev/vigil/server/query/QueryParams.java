package dev.vigil.server.query;

import dev.vigil.model.time.Durations;
import dev.vigil.server.api.ApiException;
import dev.vigil.server.api.ApiRequest;
import dev.vigil.server.api.TimeParams;
import java.util.regex.Pattern;

/**
 * The parameters of the query endpoints parsed as Prometheus's API parses them, with its error
 * texts: durations as float seconds or Prometheus durations ({@code 5m}, {@code 1h30m}), times as
 * float seconds or RFC 3339, {@code limit} as a non-negative integer. Stateless.
 */
final class QueryParams {
  /** Go's {@code strconv.ParseFloat} syntax: decimal, hex mantissa with p exponent, inf, nan. */
  private static final Pattern GO_FLOAT = Pattern.compile(
      "[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?"
          + "|0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?\\d+"
          + "|(?i:inf|infinity|nan))");
  private static final double MAX_INT64 = 9.223372036854775807e18;

  private QueryParams() {}

  /**
   * Prometheus's {@code parseDuration}, in nanoseconds.
   *
   * @throws IllegalArgumentException {@code cannot parse "x" to a valid duration}
   */
  static long durationNanos(String s) {
    if (GO_FLOAT.matcher(s).matches()) {
      double d = parseGoFloat(s);
      double ns = d * 1e9;
      if (ns > MAX_INT64 || ns < -MAX_INT64) {
        throw new IllegalArgumentException(
            "cannot parse \"" + s + "\" to a valid duration. It overflows int64");
      }
      // Go converts NaN to the smallest int64 on amd64: a NaN step is "zero or negative".
      return Double.isNaN(ns) ? Long.MIN_VALUE : (long) ns;
    }
    try {
      return Math.multiplyExact(Durations.parse(s), 1_000_000L);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid duration");
    }
  }

  private static double parseGoFloat(String s) {
    String t = s.toLowerCase(java.util.Locale.ROOT);
    String body = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
    double sign = t.startsWith("-") ? -1 : 1;
    if (body.equals("inf") || body.equals("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (body.equals("nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(s); // Java reads decimal and 0x...p... hex floats alike
  }

  /** A duration parameter: absent is null; errors are {@code invalid parameter "name": ...}. */
  static Long durationParam(ApiRequest r, String name) {
    String v = r.param(name);
    if (v.isEmpty()) {
      return null;
    }
    try {
      return durationNanos(v);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage());
    }
  }

  /** {@code start}/{@code end} of a range query: required, no "Invalid time value" wrapping. */
  static long requiredTime(ApiRequest r, String name) {
    try {
      return TimeParams.parse(r.param(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage());
    }
  }

  /** {@code limit}: 0 (none) when absent, else a non-negative 64-bit integer as Go's Atoi. */
  static long limit(ApiRequest r) {
    String s = r.param("limit");
    if (s.isEmpty()) {
      return 0;
    }
    long limit;
    if (!s.matches("[+-]?\\d+")) {
      throw ApiException.invalidParam("limit",
          "strconv.Atoi: parsing \"" + s + "\": invalid syntax");
    }
    try {
      limit = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiException.invalidParam("limit",
          "strconv.Atoi: parsing \"" + s + "\": value out of range");
    }
    if (limit < 0) {
      throw ApiException.invalidParam("limit", "limit must be non-negative");
    }
    return limit;
  }

  /**
   * {@code lookback_delta} in milliseconds, 0 when absent (engine default).
   *
   * @throws ApiException bad_data {@code error parsing lookback delta duration: ...}
   */
  static long lookbackDeltaMs(ApiRequest r) {
    String v = r.param("lookback_delta");
    if (v.isEmpty()) {
      return 0;
    }
    try {
      return durationNanos(v) / 1_000_000;
    } catch (IllegalArgumentException e) {
      throw ApiException.badData("error parsing lookback delta duration: " + e.getMessage());
    }
  }
}
