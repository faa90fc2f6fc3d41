package dev.vigil.promql.promqltest;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.promqltest.Command.LoadSeries;
import dev.vigil.promql.value.GoFloats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code load_with_nhcb} adds: every classic histogram ({@code x_bucket{le="..."}}, {@code
 * x_count}, {@code x_sum}) also becomes a native histogram with custom buckets named {@code x}
 * (without {@code le}), one sample per timestamp, as Prometheus's {@code convertnhcb} builds them:
 * cumulative bucket counts turn into per-bucket counts, a missing {@code +Inf} bucket is added
 * with the count, a missing count is the highest bucket's. A bucket series whose {@code le} is not
 * a number (or NaN) is ignored; inconsistent input (counts not cumulative, negative, count not
 * matching the {@code +Inf} bucket) fails the load.
 */
final class NhcbSeries {
  private NhcbSeries() {}

  /** The derived series' labels, or null when {@code series} is not part of a classic histogram. */
  static Labels baseOf(Labels series) {
    String name = series.metricName();
    String base;
    if (name.endsWith("_bucket")) {
      String le = series.get("le");
      if (le == null || le.isEmpty()) {
        throw new ScriptException(0, "expected bucket label in metric " + series);
      }
      if (Double.isNaN(le(le))) {
        return null;
      }
      base = name.substring(0, name.length() - "_bucket".length());
    } else if (name.endsWith("_sum")) {
      base = name.substring(0, name.length() - "_sum".length());
    } else if (name.endsWith("_count")) {
      base = name.substring(0, name.length() - "_count".length());
    } else {
      return null;
    }
    return series.toBuilder().delete("le").set(Labels.METRIC_NAME, base).build();
  }

  /** NaN when {@code le} is not a number, so that the series is ignored. */
  private static double le(String le) {
    try {
      return GoSyntax.parseFloat(le);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** The derived histograms by series and timestamp. @throws ScriptException on bad input */
  static Map<Labels, TreeMap<Long, FloatHistogram>> convert(List<LoadSeries> series,
      long intervalMs) {
    Map<Labels, TreeMap<Long, Temp>> temps = new LinkedHashMap<>();
    for (LoadSeries s : series) {
      Labels base = baseOf(s.labels());
      if (base == null) {
        continue;
      }
      String name = s.labels().metricName();
      TreeMap<Long, Temp> byT = temps.computeIfAbsent(base, k -> new TreeMap<>());
      for (int i = 0; i < s.values().size(); i++) {
        SequenceValue v = s.values().get(i);
        if (v.omitted() || v.histogram() != null) {
          continue;
        }
        Temp t = byT.computeIfAbsent(i * intervalMs, k -> new Temp());
        if (name.endsWith("_bucket")) {
          t.bucket(le(s.labels().get("le")), v.value());
        } else if (name.endsWith("_sum")) {
          t.sum = v.value();
        } else {
          t.count(v.value());
        }
      }
    }
    Map<Labels, TreeMap<Long, FloatHistogram>> out = new LinkedHashMap<>();
    temps.forEach((labels, byT) -> {
      TreeMap<Long, FloatHistogram> hs = new TreeMap<>();
      byT.forEach((t, temp) -> hs.put(t, temp.convert(labels)));
      out.put(labels, hs);
    });
    return out;
  }

  /** Classic-histogram parts of one timestamp, collected before conversion. */
  private static final class Temp {
    final List<double[]> buckets = new ArrayList<>(); // {le, cumulative count}, le ascending
    double count;
    boolean hasCount;
    double sum;
    String error;

    void bucket(double le, double c) {
      if (error != null) {
        return;
      }
      if (c < 0) {
        error = "bucket count must be non-negative: le=" + GoFloats.formatG(le) + ", count="
            + GoFloats.formatG(c);
        return;
      }
      int i = 0;
      while (i < buckets.size() && buckets.get(i)[0] < le) {
        i++;
      }
      if (i < buckets.size() && buckets.get(i)[0] == le) {
        return; // a duplicate sample
      }
      if ((i > 0 && c < buckets.get(i - 1)[1])
          || (i < buckets.size() && c > buckets.get(i)[1])) {
        error = "count is not cumulative";
        return;
      }
      buckets.add(i, new double[] {le, c});
    }

    void count(double c) {
      if (error != null) {
        return;
      }
      if (c < 0) {
        error = "count must be non-negative: count=" + GoFloats.formatG(c);
        return;
      }
      count = c;
      hasCount = true;
    }

    FloatHistogram convert(Labels series) {
      if (error == null && !hasCount && buckets.isEmpty()) {
        error = "count must be provided when no buckets are present";
      }
      if (error != null) {
        throw new ScriptException(0, "cannot convert classic histogram " + series + ": " + error);
      }
      double total = hasCount ? count : buckets.get(buckets.size() - 1)[1];
      List<double[]> bs = new ArrayList<>(buckets);
      if (bs.isEmpty() || bs.get(bs.size() - 1)[0] != Double.POSITIVE_INFINITY) {
        bs.add(new double[] {Double.POSITIVE_INFINITY, total});
      }
      if (total != bs.get(bs.size() - 1)[1]) {
        throw new ScriptException(0, "cannot convert classic histogram " + series
            + ": count mismatch: count=" + GoFloats.formatG(total) + " != le=+Inf count="
            + GoFloats.formatG(bs.get(bs.size() - 1)[1]));
      }
      double[] counts = new double[bs.size()];
      double[] bounds = new double[bs.size() - 1];
      double prev = 0;
      for (int i = 0; i < bs.size(); i++) {
        counts[i] = bs.get(i)[1] - prev;
        prev = bs.get(i)[1];
        if (i < bounds.length) {
          bounds[i] = bs.get(i)[0];
        }
      }
      return new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
          FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, total, sum,
          new int[] {0, counts.length}, counts, new int[0], new double[0], bounds);
    }
  }
}
