package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input of histogram_quantile(s)/histogram_fraction sorted into native histogram samples and
 * classic histograms (float series grouped by their labels without {@code le}). At a step where a
 * native histogram has exactly the labels of a classic group, both are ignored with Prometheus's
 * warning. Built once per call; not thread-safe.
 */
final class HistogramInput {
  /** A classic histogram: its bucket series and their parsed upper bounds. */
  static final class Group {
    final Labels key;
    final List<StepSeries> members = new ArrayList<>();
    final List<Double> bounds = new ArrayList<>();

    Group(Labels key) {
      this.key = key;
    }

    /** Bounds do not change between steps: sorting once spares every step a sort. */
    void sortByBound() {
      Integer[] order = new Integer[members.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(bounds.get(a), bounds.get(b)));
      List<StepSeries> m = new ArrayList<>(order.length);
      List<Double> b = new ArrayList<>(order.length);
      for (int i : order) {
        m.add(members.get(i));
        b.add(bounds.get(i));
      }
      members.clear();
      members.addAll(m);
      bounds.clear();
      bounds.addAll(b);
    }
  }

  final List<StepSeries> natives = new ArrayList<>();
  final Map<Labels, Group> groups = new LinkedHashMap<>();
  private final EvalContext ctx;
  private final PosRange vectorPos;
  private double[] upper = new double[16];
  private double[] count = new double[16];

  HistogramInput(List<StepSeries> in, EvalContext ctx, PosRange vectorPos) {
    this.ctx = ctx;
    this.vectorPos = vectorPos;
    for (StepSeries s : in) {
      add(s);
    }
    for (Group g : groups.values()) {
      g.sortByBound();
    }
  }

  /**
   * Sorts one input series in: a native histogram series, a bucket of a classic group, or both.
   * A method of its own, called once per series, so that it is compiled early and once for every
   * query, where the loop over the input (one call per query) was compiled late and whole.
   */
  private void add(StepSeries s) {
    int kinds = kinds(s);
    if ((kinds & HISTOGRAMS) != 0) {
      natives.add(s);
    }
    if ((kinds & FLOATS) == 0) {
      return;
    }
    String le = s.labels.get("le");
    double bound = parseGoFloat(le);
    if (Double.isNaN(bound) && !le.equalsIgnoreCase("nan")) {
      AnnotationText.badBucketLabel(ctx, s.labels.metricName(), le, vectorPos);
      return;
    }
    Labels key = s.labels.without("le");
    Group g = groups.computeIfAbsent(key, Group::new);
    g.members.add(s);
    g.bounds.add(bound);
  }

  private static final int FLOATS = 1;
  private static final int HISTOGRAMS = 2;

  /** Which kinds of samples {@code s} has: {@link #FLOATS} and/or {@link #HISTOGRAMS}. */
  private static int kinds(StepSeries s) {
    int kinds = 0;
    for (int i = 0; i < s.steps(); i++) {
      if (s.has(i)) {
        kinds |= s.isHistogram(i) ? HISTOGRAMS : FLOATS;
      }
    }
    return kinds;
  }

  /** Whether the native sample of {@code s} at step {@code i} collides with a classic group. */
  boolean conflicts(StepSeries s, int i) {
    Group g = groups.get(s.labels);
    if (g == null || !hasBucketAt(g, i)) {
      return false;
    }
    AnnotationText.mixedClassicNative(ctx, s.labels.metricName(), vectorPos);
    return true;
  }

  private boolean hasNativeConflict(Group g, int i) {
    for (StepSeries n : natives) {
      if (n.isHistogram(i) && n.labels.equals(g.key)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasBucketAt(Group g, int i) {
    for (StepSeries m : g.members) {
      if (m.has(i) && !m.isHistogram(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Collects group {@code g}'s buckets at step {@code i} into {@link #upper()}/{@link #count()};
   * returns how many, 0 when there are none or a native histogram collides.
   */
  int buckets(Group g, int i) {
    int n = 0;
    for (int k = 0; k < g.members.size(); k++) {
      StepSeries m = g.members.get(k);
      if (!m.has(i) || m.isHistogram(i)) {
        continue;
      }
      if (n == upper.length) {
        upper = java.util.Arrays.copyOf(upper, 2 * n);
        count = java.util.Arrays.copyOf(count, 2 * n);
      }
      upper[n] = g.bounds.get(k);
      count[n++] = m.values[i];
    }
    if (n > 0 && !natives.isEmpty() && hasNativeConflict(g, i)) {
      return 0;
    }
    return n;
  }

  double[] upper() {
    return upper;
  }

  double[] count() {
    return count;
  }

  /** The native histogram of {@code s} at step {@code i}, or null. */
  static FloatHistogram histogram(StepSeries s, int i) {
    return s.isHistogram(i) ? s.histograms[i] : null;
  }

  /** Go's strconv.ParseFloat for bucket bounds; NaN when the text is not a number. */
  static double parseGoFloat(String s) {
    if (s.isEmpty()) {
      return Double.NaN;
    }
    String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    boolean neg = s.startsWith("-");
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+'
          || c == '-' || c == 'x' || c == 'X' || c == 'p' || c == 'P' || c == '_'
          || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return Double.NaN;
      }
    }
    char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
    boolean hex = lower.startsWith("0x");
    if (!hex && (last == 'd' || last == 'D' || last == 'f' || last == 'F' || t.indexOf('_') >= 0)) {
      return Double.NaN; // Java's float suffixes are not Go syntax
    }
    try {
      return Double.parseDouble(s.replace("_", ""));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
