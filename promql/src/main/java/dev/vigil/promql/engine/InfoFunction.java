package dev.vigil.promql.engine;

import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.PosRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The experimental {@code info(v [, {selector}])} function: adds to each series of {@code v} the
 * data labels of the info series ({@code target_info} unless the selector names others) that
 * share its identifying labels ({@code instance}, {@code job}), step by step. Info series are
 * read with the lookback delta at each step; of two with the same identity the newer sample
 * wins. A selector's other matchers choose which data labels to add; when one of them cannot
 * match the empty string, a series with no matching info series at a step is dropped there.
 */
final class InfoFunction {
  private static final String TARGET_INFO = "target_info";
  private static final List<String> IDENTIFYING = List.of("instance", "job");

  private InfoFunction() {}

  static List<StepSeries> evaluate(Evaluator ev, Expr.Call c, StepGrid g) {
    Expr baseExpr = c.args().get(0);
    List<StepSeries> base = ev.vector(ev.eval(baseExpr, g), baseExpr);
    List<Matcher> nameMatchers = new ArrayList<>();
    Map<String, List<Matcher>> dataMatchers = new LinkedHashMap<>();
    if (c.args().size() > 1) {
      Expr sel = SpecialFunctions.unwrapParens(c.args().get(1));
      if (!(sel instanceof Expr.VectorSelector vs)) {
        throw new PromqlException(ErrorType.BAD_DATA,
            "info(): the second argument must be a label selector");
      }
      for (Matcher m : vs.matchers()) {
        if (m.name().equals(Labels.METRIC_NAME)) {
          nameMatchers.add(m);
        } else {
          dataMatchers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
        }
      }
    }
    List<Matcher> ignoreMatchers =
        c.args().size() > 1 ? nameMatchers : List.of(Matcher.eq(Labels.METRIC_NAME, TARGET_INFO));
    boolean[] ignored = new boolean[base.size()];
    Map<String, Set<String>> idValues = new TreeMap<>();
    for (int k = 0; k < base.size(); k++) {
      Labels l = base.get(k).labels;
      ignored[k] = isInfoSeries(l.metricName(), ignoreMatchers);
      if (ignored[k]) {
        continue;
      }
      for (String id : IDENTIFYING) {
        String v = l.get(id);
        if (v != null && !v.isEmpty()) {
          idValues.computeIfAbsent(id, x -> new LinkedHashSet<>()).add(v);
        }
      }
    }
    List<StepSeries> info = idValues.isEmpty()
        ? List.of() : fetchInfo(ev, nameMatchers, dataMatchers, idValues, g);
    boolean requireMatch = false;
    for (List<Matcher> ms : dataMatchers.values()) {
      for (Matcher m : ms) {
        requireMatch |= !m.matches("");
      }
    }
    return combine(base, ignored, info, dataMatchers, requireMatch, g, ev);
  }

  /** A base series is an info series itself when its name satisfies every name matcher. */
  private static boolean isInfoSeries(String name, List<Matcher> matchers) {
    boolean positive = false;
    for (Matcher m : matchers) {
      positive |= m.type() == Matcher.Type.EQ || m.type() == Matcher.Type.RE;
      if (!m.matches(name == null ? "" : name)) {
        return false;
      }
    }
    return positive;
  }

  private static List<StepSeries> fetchInfo(
      Evaluator ev, List<Matcher> nameMatchers, Map<String, List<Matcher>> dataMatchers,
      Map<String, Set<String>> idValues, StepGrid g) {
    List<Matcher> ms = new ArrayList<>();
    boolean positive = false;
    for (Matcher m : nameMatchers) {
      positive |= m.type() == Matcher.Type.EQ || m.type() == Matcher.Type.RE;
    }
    if (nameMatchers.isEmpty()) {
      ms.add(Matcher.eq(Labels.METRIC_NAME, TARGET_INFO));
    } else {
      ms.addAll(nameMatchers);
      if (!positive) {
        // Only exclusions were given: the candidates are still info metrics, not every series.
        ms.add(Matcher.re(Labels.METRIC_NAME, ".+_info"));
      }
    }
    for (List<Matcher> dm : dataMatchers.values()) {
      ms.addAll(dm);
    }
    for (Map.Entry<String, Set<String>> e : idValues.entrySet()) {
      StringBuilder re = new StringBuilder();
      for (String v : e.getValue()) {
        if (!re.isEmpty()) {
          re.append('|');
        }
        re.append(quoteMeta(v));
      }
      ms.add(Matcher.re(e.getKey(), re.toString()));
    }
    Expr.VectorSelector sel =
        new Expr.VectorSelector(null, ms, 0, null, null, false, false, PosRange.NONE);
    return ev.selectors.vector(sel, g, SelectorEvaluator.Mode.SAMPLE_TIME);
  }

  private static String quoteMeta(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(ch) >= 0) {
        b.append('\\');
      }
      b.append(ch);
    }
    return b.toString();
  }

  /** The identity an info metric called {@code name} would need to join {@code l}. */
  private static String signature(String name, Labels l) {
    StringBuilder b = new StringBuilder(name);
    for (String id : IDENTIFYING) {
      String v = l.get(id);
      if (v != null && !v.isEmpty()) {
        b.append('\u0000').append(id).append('\u0000').append(v);
      }
    }
    return b.toString();
  }

  private static List<StepSeries> combine(
      List<StepSeries> base, boolean[] ignored, List<StepSeries> info,
      Map<String, List<Matcher>> dataMatchers, boolean requireMatch, StepGrid g, Evaluator ev) {
    int n = g.count();
    Set<String> infoNames = new LinkedHashSet<>();
    String[] infoSigs = new String[info.size()];
    for (int k = 0; k < info.size(); k++) {
      String name = info.get(k).labels.metricName();
      infoNames.add(name);
      infoSigs[k] = signature(name, info.get(k).labels);
    }
    Map<Labels, StepSeries> out = new LinkedHashMap<>();
    Map<String, Integer> bySig = new HashMap<>();
    for (int i = 0; i < n; i++) {
      ev.ctx.checkCancelled();
      bySig.clear();
      for (int k = 0; k < info.size(); k++) {
        StepSeries s = info.get(k);
        if (!s.has(i)) {
          continue;
        }
        Integer prev = bySig.putIfAbsent(infoSigs[k], k);
        if (prev != null) {
          long existing = (long) info.get(prev).values[i];
          long now = (long) s.values[i];
          if (now > existing) {
            bySig.put(infoSigs[k], k);
          } else if (now == existing) {
            throw new PromqlException(ErrorType.EXECUTION,
                "found duplicate series for info metric: existing " + info.get(prev).labels
                    + " @ " + existing + ", new " + s.labels + " @ " + now);
          }
        }
      }
      for (int k = 0; k < base.size(); k++) {
        StepSeries b = base.get(k);
        if (!b.has(i)) {
          continue;
        }
        Labels labels = ignored[k] ? b.labels : enrich(b.labels, infoNames, bySig, info,
            dataMatchers, requireMatch);
        if (labels == null) {
          continue;
        }
        StepSeries o = out.get(labels);
        if (o == null) {
          o = new StepSeries(labels, n);
          o.dropName = b.dropName;
          out.put(labels, o);
        } else if (o.has(i)) {
          throw new PromqlException(ErrorType.EXECUTION, SeriesMerge.DUPLICATE);
        }
        if (b.isHistogram(i)) {
          o.setHistogram(i, b.histograms[i]);
        } else {
          o.set(i, b.values[i]);
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  /** The base labels plus the matching info series' data labels, or null to drop the sample. */
  private static Labels enrich(
      Labels base, Set<String> infoNames, Map<String, Integer> bySig, List<StepSeries> info,
      Map<String, List<Matcher>> dataMatchers, boolean requireMatch) {
    Map<String, String> extra = null;
    int seen = 0;
    for (String name : infoNames) {
      Integer k = bySig.get(signature(name, base));
      if (k == null) {
        continue;
      }
      Labels il = info.get(k).labels;
      for (int j = 0; j < il.size(); j++) {
        String ln = il.name(j);
        if (ln.equals(Labels.METRIC_NAME)
            || (!dataMatchers.isEmpty() && !dataMatchers.containsKey(ln))) {
          continue;
        }
        if (extra == null) {
          extra = new TreeMap<>();
        }
        String have = extra.get(ln);
        if (have != null && !have.equals(il.value(j))) {
          throw new PromqlException(ErrorType.EXECUTION, "conflicting label: " + ln);
        }
        if (base.has(ln)) {
          continue;
        }
        extra.put(ln, il.value(j));
      }
      seen++;
    }
    if (seen == 0 && requireMatch) {
      return null;
    }
    if (extra == null || extra.isEmpty()) {
      return base;
    }
    LabelsBuilder b = base.toBuilder();
    extra.forEach(b::set);
    return b.build();
  }
}
