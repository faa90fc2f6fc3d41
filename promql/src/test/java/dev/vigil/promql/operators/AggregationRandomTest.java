package dev.vigil.promql.operators;

import static dev.vigil.promql.operators.Vec.POS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Labels;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import dev.vigil.promql.value.KahanSum;
import dev.vigil.promql.value.Quantiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the group-at-a-time aggregations against a step-by-step transcription of Prometheus's
 * per-step aggregation on random inputs (floats, with NaN and infinities).
 */
class AggregationRandomTest {
  private static final int STEPS = 5;
  private static final Expr ANY = new Expr.NumberLiteral(0, POS);
  private static final List<AggregateOp> OPS = List.of(AggregateOp.SUM, AggregateOp.AVG,
      AggregateOp.COUNT, AggregateOp.MIN, AggregateOp.MAX, AggregateOp.GROUP, AggregateOp.STDDEV,
      AggregateOp.STDVAR, AggregateOp.QUANTILE, AggregateOp.TOPK, AggregateOp.BOTTOMK,
      AggregateOp.LIMITK, AggregateOp.LIMIT_RATIO);

  @Test
  void matchesTheStepByStepReference() {
    long seed = System.nanoTime();
    System.out.println("AggregationRandomTest seed " + seed);
    Random rnd = new Random(seed);
    for (int iter = 0; iter < 3000; iter++) {
      AggregateOp op = OPS.get(rnd.nextInt(OPS.size()));
      List<String> grouping = List.<List<String>>of(List.of(), List.of("x"), List.of("x", "y"))
          .get(rnd.nextInt(3));
      boolean without = rnd.nextBoolean();
      List<StepSeries> in = input(rnd, op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK);
      double[] param = new double[STEPS];
      for (int i = 0; i < STEPS; i++) {
        param[i] = switch (op) {
          case QUANTILE -> rnd.nextInt(5) / 4.0;
          case LIMIT_RATIO -> rnd.nextInt(9) / 4.0 - 1;
          default -> rnd.nextInt(4);
        };
      }
      String want = Vec.dump(reference(op, grouping, without, param, in));
      Expr.AggregateExpr e = new Expr.AggregateExpr(op, ANY, op.hasParam() ? ANY : null,
          grouping, without, POS);
      String got = Vec.dump(Aggregations.aggregate(e, copy(in),
          op.hasParam() ? param : null, new StepGrid(0, STEPS - 1, 1), Vec.ctx()));
      assertThat(got).as("seed %d iteration %d: %s by %s without=%s param=%s\n%s", seed, iter,
          op, grouping, without, java.util.Arrays.toString(param), Vec.dump(in)).isEqualTo(want);
    }
  }

  private static List<StepSeries> input(Random r, boolean distinct) {
    List<StepSeries> out = new ArrayList<>();
    int n = 1 + r.nextInt(6);
    for (int i = 0; i < n; i++) {
      StepSeries s = new StepSeries(Labels.of("__name__", r.nextBoolean() ? "a" : "b",
          "x", "" + r.nextInt(2), "y", "" + r.nextInt(2), "i", "" + i), STEPS);
      for (int t = 0; t < STEPS; t++) {
        if (r.nextInt(10) < 8) {
          double v = switch (r.nextInt(distinct ? 12 : 10)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> 1e308 * (r.nextBoolean() ? 1 : -1);
            default -> distinct ? r.nextDouble() * 100 : r.nextInt(7) - 3 + r.nextInt(3) * 0.1;
          };
          if (distinct && (Double.isInfinite(v) || Math.abs(v) == 1e308)) {
            v = r.nextDouble();
          }
          s.set(t, v);
        }
      }
      out.add(s);
    }
    return out;
  }

  private static List<StepSeries> copy(List<StepSeries> in) {
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : in) {
      StepSeries c = new StepSeries(s.labels, s.steps());
      for (int i = 0; i < s.steps(); i++) {
        if (s.has(i)) {
          c.set(i, s.values[i]);
        }
      }
      out.add(c);
    }
    return out;
  }

  private static List<StepSeries> reference(AggregateOp op, List<String> grouping,
      boolean without, double[] param, List<StepSeries> in) {
    Grouping g = new Grouping(grouping, without);
    Map<Labels, StepSeries> out = new LinkedHashMap<>();
    for (int t = 0; t < STEPS; t++) {
      Map<Labels, List<StepSeries>> groups = new LinkedHashMap<>();
      for (StepSeries s : in) {
        if (s.has(t)) {
          groups.computeIfAbsent(g.groupLabels(s.labels), k -> new ArrayList<>()).add(s);
        }
      }
      for (Map.Entry<Labels, List<StepSeries>> e : groups.entrySet()) {
        List<StepSeries> members = e.getValue();
        if (op == AggregateOp.LIMITK || op == AggregateOp.LIMIT_RATIO) {
          long k = Math.min((long) param[t], in.size());
          double r = Math.max(-1, Math.min(1, param[t]));
          int taken = 0;
          for (StepSeries s : members) {
            double offset = LabelsHash.sampleOffset(s.labels);
            boolean take = op == AggregateOp.LIMITK ? taken < k
                : param[t] != 0 && ((r >= 0 && offset < r) || (r < 0 && offset >= 1 + r));
            if (take) {
              taken++;
              out.computeIfAbsent(s.labels, l -> new StepSeries(l, STEPS)).set(t, s.values[t]);
            }
          }
          continue;
        }
        if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK) {
          long k = Math.min((long) param[t], in.size());
          List<StepSeries> sorted = new ArrayList<>(members);
          int time = t;
          sorted.sort((a, b) -> {
            double x = a.values[time];
            double y = b.values[time];
            if (Double.isNaN(x) || Double.isNaN(y)) {
              return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
            }
            return op == AggregateOp.TOPK ? Double.compare(y, x) : Double.compare(x, y);
          });
          for (int i = 0; i < Math.min(k, sorted.size()); i++) {
            StepSeries s = sorted.get(i);
            out.computeIfAbsent(s.labels, l -> new StepSeries(l, STEPS)).set(t, s.values[t]);
          }
          continue;
        }
        out.computeIfAbsent(e.getKey(), l -> new StepSeries(l, STEPS))
            .set(t, fold(op, members, t, param[t]));
      }
    }
    List<StepSeries> result = new ArrayList<>();
    for (StepSeries s : out.values()) {
      if (!s.isEmpty()) {
        result.add(s);
      }
    }
    return result;
  }

  /** Prometheus's aggregation() for one group at one step, floats only. */
  private static double fold(AggregateOp op, List<StepSeries> members, int t, double q) {
    double value = 0;
    double c = 0;
    double mean = 0;
    double count = 0;
    boolean incremental = false;
    List<Double> all = new ArrayList<>();
    for (StepSeries s : members) {
      double f = s.values[t];
      all.add(f);
      if (count == 0) {
        count = 1;
        value = f;
        mean = f;
        if (op == AggregateOp.STDDEV || op == AggregateOp.STDVAR) {
          value = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
        }
        continue;
      }
      switch (op) {
        case SUM -> {
          double[] cc = {c};
          value = KahanSum.add(f, value, cc, 0);
          c = cc[0];
        }
        case AVG -> {
          count++;
          if (!incremental) {
            double[] cc = {c};
            double nv = KahanSum.add(f, value, cc, 0);
            if (!Double.isInfinite(nv)) {
              value = nv;
              c = cc[0];
              continue;
            }
            incremental = true;
            mean = value / (count - 1);
            c /= count - 1;
          }
          double qq = (count - 1) / count;
          double[] cc = {qq * c};
          mean = KahanSum.add(f / count, qq * mean, cc, 0);
          c = cc[0];
        }
        case COUNT -> count++;
        case MAX -> {
          if (value < f || Double.isNaN(value)) {
            value = f;
          }
        }
        case MIN -> {
          if (value > f || Double.isNaN(value)) {
            value = f;
          }
        }
        case STDDEV, STDVAR -> {
          count++;
          double delta = f - mean;
          mean += delta / count;
          value += delta * (f - mean);
        }
        default -> { }
      }
    }
    return switch (op) {
      case SUM -> value + c;
      case AVG -> incremental ? mean + c : value / count + c / count;
      case COUNT -> count;
      case GROUP -> 1;
      case STDVAR -> value / count;
      case STDDEV -> Math.sqrt(value / count);
      case QUANTILE -> {
        double[] v = all.stream().mapToDouble(Double::doubleValue).toArray();
        yield Quantiles.quantile(q, v, v.length);
      }
      default -> value;
    };
  }
}
