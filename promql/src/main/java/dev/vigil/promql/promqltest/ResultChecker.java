package dev.vigil.promql.promqltest;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.engine.Value;
import dev.vigil.promql.promqltest.Command.Eval;
import dev.vigil.promql.promqltest.Command.Expect;
import dev.vigil.promql.promqltest.Command.ExpectKind;
import dev.vigil.promql.promqltest.Command.ExpectedSeries;
import dev.vigil.promql.value.Almost;
import dev.vigil.promql.value.GoFloats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Compares a query's outcome with an eval's expectations the way the harness does; every method
 * returns null when it matches and otherwise the harness's description of the difference.
 */
final class ResultChecker {
  private ResultChecker() {}

  /** The harness's relative tolerance for float comparisons. */
  private static final double EPSILON = 1e-6;

  private static final Pattern POSITION_SUFFIX = Pattern.compile(" \\(\\d+:\\d+\\)$");

  /**
   * Annotations as the harness sees them: Prometheus's engine reports bare messages and only its
   * API appends the position in the query ({@code  (1:25)}); Vigil's engine messages carry the
   * API form, so the position is dropped before comparing.
   */
  static List<String> bare(List<String> messages) {
    if (messages == null) {
      return List.of();
    }
    return messages.stream().map(m -> POSITION_SUFFIX.matcher(m).replaceFirst("")).toList();
  }

  static String checkAnnotations(Eval ev, String expr, List<String> rawWarnings,
      List<String> rawInfos) {
    List<String> warnings = bare(rawWarnings);
    List<String> infos = bare(rawInfos);
    if (ev.warn() && warnings.isEmpty()) {
      return "expected warnings evaluating query \"" + expr + "\" but got none";
    }
    if (ev.info() && infos.isEmpty()) {
      return "expected info annotations evaluating query \"" + expr + "\" but got none";
    }
    String err = checkKind(expr, ev.expects(ExpectKind.WARN), warnings, "warn", warnings, infos);
    if (err != null) {
      return err;
    }
    err = checkKind(expr, ev.expects(ExpectKind.INFO), infos, "info", warnings, infos);
    if (err != null) {
      return err;
    }
    if (!ev.expects(ExpectKind.NO_WARN).isEmpty() && !warnings.isEmpty()) {
      return "unexpected warning annotations evaluating query \"" + expr + "\": "
          + all(warnings, infos);
    }
    if (!ev.expects(ExpectKind.NO_INFO).isEmpty() && !infos.isEmpty()) {
      return "unexpected info annotations evaluating query \"" + expr + "\": "
          + all(warnings, infos);
    }
    return null;
  }

  private static String all(List<String> warnings, List<String> infos) {
    List<String> a = new ArrayList<>(warnings);
    a.addAll(infos);
    return a.toString();
  }

  /** Every expected annotation matches one that occurred and every one that occurred is expected. */
  private static String checkKind(String expr, List<Expect> expected, List<String> actual,
      String kind, List<String> warnings, List<String> infos) {
    if (expected.isEmpty()) {
      return null;
    }
    if (actual.isEmpty()) {
      return "expected " + kind + " annotations but none were found for query \"" + expr + "\"";
    }
    for (Expect e : expected) {
      if (actual.stream().noneMatch(e::matches)) {
        return "expected " + kind + " annotation matching " + e.describe()
            + " but no matching annotation was found for query \"" + expr + "\", found: "
            + all(warnings, infos);
      }
    }
    for (String a : actual) {
      if (expected.stream().noneMatch(e -> e.matches(a))) {
        return "unexpected " + kind + " annotation \"" + a + "\" found for query " + expr;
      }
    }
    return null;
  }

  static String checkExpectedFailure(Eval ev, String message) {
    if (ev.expectedFailMessage() != null && !ev.expectedFailMessage().isEmpty()
        && !ev.expectedFailMessage().equals(message)) {
      return "expected error \"" + ev.expectedFailMessage() + "\" evaluating query \""
          + ev.expr() + "\", but got: " + message;
    }
    if (ev.expectedFailRegexp() != null && !ev.expectedFailRegexp().matcher(message).find()) {
      return "expected error matching pattern \"" + ev.expectedFailRegexp().pattern()
          + "\" evaluating query \"" + ev.expr() + "\", but got: " + message;
    }
    List<Expect> fail = ev.expects(ExpectKind.FAIL);
    if (!fail.isEmpty() && !fail.get(0).matches(message)) {
      return "expected error matching " + fail.get(0).describe() + " evaluating query \""
          + ev.expr() + "\", but got: " + message;
    }
    return null;
  }

  static String compare(Eval ev, Value result) {
    return switch (result) {
      case Value.Matrix m -> compareMatrix(ev, m);
      case Value.Vector v -> compareVector(ev, v.samples());
      case Value.Scalar s -> {
        if (!ev.expectScalar()) {
          yield "expected vector or matrix result, but got scalar " + GoFloats.formatG(s.v());
        }
        SequenceValue exp = ev.expectedScalar();
        if (exp.histogram() != null) {
          yield "expected histogram " + HistogramLiterals.format(exp.histogram()) + " but got "
              + GoFloats.formatG(s.v());
        }
        yield Almost.equal(exp.value(), s.v(), EPSILON) ? null
            : "expected scalar " + GoFloats.formatG(exp.value()) + " but got " + GoFloats.formatG(s.v());
      }
      case Value.StringValue s -> {
        String want = ev.expectedString() == null ? "" : ev.expectedString();
        yield want.equals(s.s()) ? null
            : "expected string \"" + want + "\" but got \"" + s.s() + "\"";
      }
    };
  }

  static String compareVector(Eval ev, List<Value.Sample> samples) {
    if (ev.expectScalar()) {
      return "expected scalar result, but got vector " + formatVector(samples);
    }
    Map<Labels, ExpectedSeries> expected = ev.expected();
    Set<Labels> seen = new HashSet<>();
    for (int pos = 0; pos < samples.size(); pos++) {
      Value.Sample s = samples.get(pos);
      ExpectedSeries exp = expected.get(s.labels());
      if (exp == null) {
        return "unexpected metric " + s.labels() + " in result, has value "
            + (s.h() != null ? HistogramLiterals.format(s.h()) : GoFloats.formatG(s.f()));
      }
      if (ev.isOrdered() && exp.pos() != pos + 1) {
        return "expected metric " + s.labels() + " with " + exp.values() + " at position "
            + exp.pos() + " but was at " + (pos + 1);
      }
      SequenceValue e0 = exp.values().get(0);
      if (e0.histogram() == null && s.h() != null) {
        return "expected float value " + e0 + " for " + s.labels() + " but got histogram "
            + HistogramLiterals.format(s.h());
      }
      if (e0.histogram() != null && s.h() == null) {
        return "expected histogram " + e0 + " for " + s.labels() + " but got float value "
            + GoFloats.formatG(s.f());
      }
      if (e0.histogram() != null
          && !histogramsEqual(e0.histogram(), s.h(), e0.counterResetHintSet())) {
        return "expected " + e0 + " for " + s.labels() + " but got "
            + HistogramLiterals.format(s.h());
      }
      if (e0.histogram() == null && !Almost.equal(e0.value(), s.f(), EPSILON)) {
        return "expected " + GoFloats.formatG(e0.value()) + " for " + s.labels() + " but got "
            + GoFloats.formatG(s.f());
      }
      seen.add(s.labels());
    }
    for (var e : expected.entrySet()) {
      if (!seen.contains(e.getKey())) {
        return "expected metric " + e.getKey() + " with " + e.getValue().values()
            + " not found";
      }
    }
    return null;
  }

  private static String formatVector(List<Value.Sample> samples) {
    List<String> parts = new ArrayList<>();
    for (Value.Sample s : samples) {
      parts.add(s.labels() + " => " + (s.h() != null ? HistogramLiterals.format(s.h())
          : GoFloats.formatG(s.f())) + " @[" + s.t() + "]");
    }
    return String.join("\n", parts);
  }

  private static String compareMatrix(Eval ev, Value.Matrix m) {
    if (ev.isOrdered()) {
      return "expected ordered result, but query returned a matrix";
    }
    if (ev.expectScalar()) {
      return "expected scalar result, but got matrix";
    }
    String sorted = assertSorted(m);
    if (sorted != null) {
      return sorted;
    }
    Set<Labels> seen = new HashSet<>();
    for (Value.SeriesPoints s : m.series()) {
      ExpectedSeries exp = ev.expected().get(s.labels());
      if (exp == null) {
        return "unexpected metric " + s.labels() + " in result, has " + formatSeries(s);
      }
      seen.add(s.labels());
      List<long[]> floatTimes = new ArrayList<>();
      List<Double> floats = new ArrayList<>();
      List<Long> histTimes = new ArrayList<>();
      List<SequenceValue> hists = new ArrayList<>();
      for (int i = 0; i < exp.values().size(); i++) {
        long ts = ev.startMs() + i * ev.stepMs();
        if (ts > ev.endMs()) {
          return "expected " + exp.values().size() + " points for " + s.labels()
              + ", but query time range cannot return this many points";
        }
        SequenceValue e = exp.values().get(i);
        if (e.histogram() != null) {
          histTimes.add(ts);
          hists.add(e);
        } else if (!e.omitted()) {
          floatTimes.add(new long[] {ts});
          floats.add(e.value());
        }
      }
      long[] fts = s.fts() == null ? new long[0] : s.fts();
      double[] fvs = s.fvs() == null ? new double[0] : s.fvs();
      long[] hts = s.hts() == null ? new long[0] : s.hts();
      FloatHistogram[] hvs = s.hvs() == null ? new FloatHistogram[0] : s.hvs();
      if (floats.size() != fts.length || hists.size() != hts.length) {
        return "expected " + floats.size() + " float points and " + hists.size()
            + " histogram points for " + s.labels() + ", but got " + formatSeries(s);
      }
      for (int i = 0; i < floats.size(); i++) {
        if (floatTimes.get(i)[0] != fts[i]) {
          return "expected float value at index " + i + " for " + s.labels()
              + " to have timestamp " + floatTimes.get(i)[0] + ", but it had timestamp "
              + fts[i] + " (result has " + formatSeries(s) + ")";
        }
        if (!Almost.equal(fvs[i], floats.get(i), EPSILON)) {
          return "expected float value at index " + i + " (t=" + fts[i] + ") for "
              + s.labels() + " to be " + GoFloats.formatG(floats.get(i)) + ", but got "
              + GoFloats.formatG(fvs[i]) + " (result has " + formatSeries(s) + ")";
        }
      }
      for (int i = 0; i < hists.size(); i++) {
        if (histTimes.get(i) != hts[i]) {
          return "expected histogram value at index " + i + " for " + s.labels()
              + " to have timestamp " + histTimes.get(i) + ", but it had timestamp " + hts[i];
        }
        SequenceValue e = hists.get(i);
        if (!histogramsEqual(e.histogram(), hvs[i], e.counterResetHintSet())) {
          return "expected histogram value at index " + i + " (t=" + hts[i] + ") for "
              + s.labels() + " to be " + e + ", but got " + HistogramLiterals.format(hvs[i]);
        }
      }
    }
    for (Labels l : ev.expected().keySet()) {
      if (!seen.contains(l)) {
        return "expected metric " + l + " not found";
      }
    }
    return null;
  }

  static String assertSorted(Value.Matrix m) {
    List<Value.SeriesPoints> s = m.series();
    for (int i = 0; i + 1 < s.size(); i++) {
      if (s.get(i).labels().compareTo(s.get(i + 1).labels()) > 0) {
        return "matrix results should always be sorted by labels, but matrix is not sorted: "
            + "series at index " + (i + 1) + " with labels " + s.get(i + 1).labels()
            + " sorts before series at index " + i + " with labels " + s.get(i).labels();
      }
    }
    return null;
  }

  private static String formatSeries(Value.SeriesPoints s) {
    StringBuilder sb = new StringBuilder();
    int nf = s.fts() == null ? 0 : s.fts().length;
    int nh = s.hts() == null ? 0 : s.hts().length;
    sb.append(nf).append(nf == 1 ? " float point [" : " float points [");
    for (int i = 0; i < nf; i++) {
      sb.append(i == 0 ? "" : " ").append(GoFloats.formatG(s.fvs()[i])).append(" @[")
          .append(s.fts()[i]).append(']');
    }
    sb.append("] and ").append(nh).append(nh == 1 ? " histogram point" : " histogram points");
    return sb.toString();
  }

  /** The harness's tolerant histogram comparison (buckets by index, counts within epsilon). */
  static boolean histogramsEqual(FloatHistogram exp, FloatHistogram cur, boolean hintSet) {
    if (exp == null || cur == null) {
      return false;
    }
    if (exp.schema() != cur.schema()
        || !Almost.equal(exp.count(), cur.count(), EPSILON)
        || !Almost.equal(exp.sum(), cur.sum(), EPSILON)) {
      return false;
    }
    if (exp.schema() == FloatHistogram.CUSTOM_BUCKETS_SCHEMA
        && !java.util.Arrays.equals(orEmpty(exp.customValues()), orEmpty(cur.customValues()))) {
      return false;
    }
    if (exp.zeroThreshold() != cur.zeroThreshold()
        || !Almost.equal(exp.zeroCount(), cur.zeroCount(), EPSILON)) {
      return false;
    }
    if (!bucketsEqual(exp.positiveSpans(), exp.positiveBuckets(), cur.positiveSpans(),
        cur.positiveBuckets())
        || !bucketsEqual(exp.negativeSpans(), exp.negativeBuckets(), cur.negativeSpans(),
        cur.negativeBuckets())) {
      return false;
    }
    return !hintSet || exp.counterResetHint() == cur.counterResetHint();
  }

  private static double[] orEmpty(double[] a) {
    return a == null ? new double[0] : a;
  }

  /** Buckets by index, empty ones left out (the harness compacts both sides first). */
  private static boolean bucketsEqual(int[] s1, double[] b1, int[] s2, double[] b2) {
    TreeMap<Integer, Double> m1 = index(s1, b1);
    TreeMap<Integer, Double> m2 = index(s2, b2);
    if (!m1.keySet().equals(m2.keySet())) {
      return false;
    }
    for (var e : m1.entrySet()) {
      if (!Almost.equal(e.getValue(), m2.get(e.getKey()), EPSILON)) {
        return false;
      }
    }
    return true;
  }

  private static TreeMap<Integer, Double> index(int[] spans, double[] counts) {
    TreeMap<Integer, Double> out = new TreeMap<>();
    int idx = 0;
    int k = 0;
    for (int s = 0; spans != null && s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int j = 0; j < spans[s + 1] && k < counts.length; j++, idx++, k++) {
        if (counts[k] != 0) {
          out.put(idx, counts[k]);
        }
      }
    }
    return out;
  }
}
