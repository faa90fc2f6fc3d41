package dev.vigil.bench.rules;

import dev.vigil.bench.rules.RuleBench.IntervalResult;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The rule benchmark's table and JSON. Stateless. */
final class RuleBenchReport {
  private RuleBenchReport() {}

  /** The value at quantile {@code q} (nearest rank) of {@code values}. */
  static double quantile(List<IntervalResult> rs, ToDoubleFunction<IntervalResult> f, double q) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  static String table(RuleSet set, List<IntervalResult> rs, int threads) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "rule evaluation: %,d rules (%,d recording, %,d alerting) in %d groups, %d threads,"
            + " %d measured intervals%n", set.total, set.recording, set.alerting, set.groups(),
        threads, rs.size()));
    out.append(String.format(Locale.ROOT, "%-34s %10s %10s %10s%n", "per 15 s interval", "median",
        "p90", "max"));
    row(out, "wall ms (all rules)", rs, IntervalResult::wallMs);
    row(out, "CPU ms (process)", rs, IntervalResult::cpuMs);
    row(out, "wall us per rule", rs, r -> r.wallMs() * 1000 / set.total);
    row(out, "recorded samples written", rs, r -> r.recorded());
    row(out, "ALERTS/_FOR_STATE samples", rs, r -> r.alertSeries());
    row(out, "alerts pending", rs, r -> r.pending());
    row(out, "alerts firing", rs, r -> r.firing());
    row(out, "failing rules", rs, r -> r.failedRules());
    double max = quantile(rs, IntervalResult::wallMs, 1);
    out.append(String.format(Locale.ROOT,
        "fits in 15 s: %s (slowest interval %.2f s = %.0f %% of the interval)%n",
        max < 15_000 ? "yes" : "NO", max / 1000, max / 150));
    return out.toString();
  }

  private static void row(StringBuilder out, String name, List<IntervalResult> rs,
      ToDoubleFunction<IntervalResult> f) {
    out.append(String.format(Locale.ROOT, "%-34s %,10.0f %,10.0f %,10.0f%n", name,
        quantile(rs, f, 0.5), quantile(rs, f, 0.9), quantile(rs, f, 1)));
  }

  static String json(RuleFleet fleet, RuleSet set, int threads, int warmups,
      List<IntervalResult> all) {
    List<IntervalResult> rs = all.subList(warmups, all.size());
    StringBuilder out = new StringBuilder("{\n");
    out.append(String.format(Locale.ROOT,
        "  \"services\": %d, \"instances\": %d, \"series\": %d, \"points\": %d, \"samples\": %d,%n",
        fleet.services, fleet.instances, fleet.series(), fleet.points, fleet.samples()));
    out.append(String.format(Locale.ROOT,
        "  \"rules\": %d, \"recording\": %d, \"alerting\": %d, \"groups\": %d, \"threads\": %d,"
            + " \"cores\": %d, \"warmups\": %d,%n", set.total, set.recording, set.alerting,
        set.groups(), threads, Runtime.getRuntime().availableProcessors(), warmups));
    for (String[] k : new String[][] {{"wallMs", "w"}, {"cpuMs", "c"}}) {
      ToDoubleFunction<IntervalResult> f = k[1].equals("w") ? IntervalResult::wallMs
          : IntervalResult::cpuMs;
      out.append(String.format(Locale.ROOT,
          "  \"%s\": {\"median\": %.1f, \"p90\": %.1f, \"max\": %.1f},%n", k[0],
          quantile(rs, f, 0.5), quantile(rs, f, 0.9), quantile(rs, f, 1)));
    }
    out.append(String.format(Locale.ROOT, "  \"fitsIn15s\": %s,%n",
        quantile(rs, IntervalResult::wallMs, 1) < 15_000));
    out.append("  \"intervals\": [\n");
    String[] lines = new String[all.size()];
    for (int i = 0; i < all.size(); i++) {
      IntervalResult r = all.get(i);
      lines[i] = String.format(Locale.ROOT,
          "    {\"ts\": %d, \"warmup\": %s, \"wallMs\": %.1f, \"cpuMs\": %.1f, \"recorded\": %d,"
              + " \"alertSamples\": %d, \"pending\": %d, \"firing\": %d, \"failingRules\": %d}",
          r.ts(), i < warmups, r.wallMs(), r.cpuMs(), r.recorded(), r.alertSeries(), r.pending(),
          r.firing(), r.failedRules());
    }
    out.append(String.join(",\n", Arrays.asList(lines))).append("\n  ]\n}\n");
    return out.toString();
  }
}
