package dev.vigil.promql.operators;

import static dev.vigil.promql.operators.Vec.POS;
import static dev.vigil.promql.operators.Vec.dump;
import static dev.vigil.promql.operators.Vec.dumpOrdered;
import static dev.vigil.promql.operators.Vec.list;
import static dev.vigil.promql.operators.Vec.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregationsTest {
  private static final Expr ANY = new Expr.NumberLiteral(0, POS);

  private static List<StepSeries> agg(AggregateOp op, List<String> grouping, boolean without,
      Object param, List<StepSeries> in) {
    return agg(op, grouping, without, param, in, Vec.ctx());
  }

  private static List<StepSeries> agg(AggregateOp op, List<String> grouping, boolean without,
      Object param, List<StepSeries> in, EvalContext ctx) {
    int steps = in.get(0).steps();
    Expr.AggregateExpr e = new Expr.AggregateExpr(op, ANY, op.hasParam() ? ANY : null, grouping,
        without, POS);
    return Aggregations.aggregate(e, in, param, new StepGrid(0, steps - 1, 1), ctx);
  }

  private static double[] k(int steps, double v) {
    double[] p = new double[steps];
    Arrays.fill(p, v);
    return p;
  }

  private static List<StepSeries> requests() {
    return list(
        s("http_requests{job=\"api\",instance=\"0\",group=\"production\"}", "100"),
        s("http_requests{job=\"api\",instance=\"1\",group=\"production\"}", "200"),
        s("http_requests{job=\"api\",instance=\"2\",group=\"production\"}", "NaN"),
        s("http_requests{job=\"api\",instance=\"0\",group=\"canary\"}", "300"),
        s("http_requests{job=\"api\",instance=\"1\",group=\"canary\"}", "400"),
        s("http_requests{job=\"app\",instance=\"0\",group=\"production\"}", "500"),
        s("http_requests{job=\"app\",instance=\"1\",group=\"production\"}", "600"),
        s("http_requests{job=\"app\",instance=\"0\",group=\"canary\"}", "700"),
        s("http_requests{job=\"app\",instance=\"1\",group=\"canary\"}", "800"));
  }

  @Test
  void sumCountAvgByAndWithout() {
    List<StepSeries> in = list(s("m{job=\"a\",i=\"0\"}", "1 2"), s("m{job=\"a\",i=\"1\"}", "3 _"),
        s("m{job=\"b\",i=\"0\"}", "_ 10"));
    assertThat(dump(agg(AggregateOp.SUM, List.of("job"), false, null, in)))
        .isEqualTo("{job=\"a\"} 4 2\n{job=\"b\"} _ 10");
    in = list(s("m{job=\"a\",i=\"0\"}", "1 2"), s("m{job=\"a\",i=\"1\"}", "3 _"),
        s("m{job=\"b\",i=\"0\"}", "_ 10"));
    assertThat(dump(agg(AggregateOp.COUNT, List.of("i"), true, null, in)))
        .isEqualTo("{job=\"a\"} 2 1\n{job=\"b\"} _ 1");
    in = list(s("m{job=\"a\",i=\"0\"}", "1 2"), s("m{job=\"a\",i=\"1\"}", "3 _"));
    assertThat(dump(agg(AggregateOp.AVG, List.of(), false, null, in))).isEqualTo("{} 2 2");
  }

  @Test
  void sumOfInfinitiesAndKahanCompensation() {
    assertThat(dump(agg(AggregateOp.SUM, List.of(), false, null,
        list(s("d{p=\"a\"}", "2"), s("d{p=\"b\"}", "Inf"))))).isEqualTo("{} +Inf");
    assertThat(dump(agg(AggregateOp.SUM, List.of(), false, null,
        list(s("d{p=\"a\"}", "2"), s("d{p=\"b\"}", "8"), s("d{p=\"c\"}", "1e100"),
            s("d{p=\"d\"}", "-1e100"))))).isEqualTo("{} 10");
    assertThat(dump(agg(AggregateOp.SUM, List.of(), false, null,
        list(s("d{p=\"a\"}", "Inf"), s("d{p=\"b\"}", "-Inf"))))).isEqualTo("{} NaN");
  }

  @Test
  void avgOfExtremeValuesMatchesPrometheus() {
    String big = "9.988465674311579e+307";
    // The running sum overflows: Prometheus switches to an incremental mean.
    double avg = agg(AggregateOp.AVG, List.of(), false, null,
        list(s("d{p=\"a\"}", big), s("d{p=\"b\"}", big), s("d{p=\"c\"}", big),
            s("d{p=\"d\"}", big))).get(0).values[0];
    assertThat(avg).isCloseTo(Double.parseDouble(big), org.assertj.core.data.Percentage.withPercentage(1e-10));
    assertThat(dump(agg(AggregateOp.AVG, List.of(), false, null,
        list(s("d{p=\"a\"}", "-" + big), s("d{p=\"b\"}", "-" + big), s("d{p=\"c\"}", big),
            s("d{p=\"d\"}", big))))).isEqualTo("{} 0");
    assertThat(dump(agg(AggregateOp.AVG, List.of(), false, null,
        list(s("d{p=\"a\"}", "0"), s("d{p=\"b\"}", "Inf"), s("d{p=\"c\"}", "0"),
            s("d{p=\"d\"}", "Inf"))))).isEqualTo("{} +Inf");
    assertThat(dump(agg(AggregateOp.AVG, List.of(), false, null,
        list(s("d{p=\"a\"}", "-Inf"), s("d{p=\"b\"}", "0"), s("d{p=\"c\"}", "Inf")))))
        .isEqualTo("{} NaN");
    StepSeries[] twelve = new StepSeries[12];
    for (int i = 0; i < 12; i++) {
      twelve[i] = s("foo{idx=\"" + i + "\"}", "52");
    }
    assertThat(dump(agg(AggregateOp.AVG, List.of(), false, null, list(twelve))))
        .isEqualTo("{} 52");
  }

  @Test
  void minMaxIgnoreNaNUnlessOnlyNaNAndIgnoreHistogramsWithInfo() {
    EvalContext ctx = Vec.ctx();
    assertThat(dump(agg(AggregateOp.MAX, List.of(), false, null,
        list(s("a{x=\"1\"}", "NaN"), s("a{x=\"2\"}", "3"), s("a{x=\"3\"}", "h")), ctx)))
        .isEqualTo("{} 3");
    assertThat(ctx.annotations().infos())
        .containsExactly("PromQL info: ignored histogram in max aggregation (1:1)");
    assertThat(dump(agg(AggregateOp.MIN, List.of(), false, null,
        list(s("a{x=\"1\"}", "NaN"), s("a{x=\"2\"}", "NaN"))))).isEqualTo("{} NaN");
    assertThat(agg(AggregateOp.MIN, List.of(), false, null, list(s("a", "h")))).isEmpty();
  }

  @Test
  void stddevStdvarGroup() {
    List<StepSeries> in = list(s("a{x=\"1\"}", "2"), s("a{x=\"2\"}", "4"), s("a{x=\"3\"}", "4"),
        s("a{x=\"4\"}", "4"), s("a{x=\"5\"}", "5"), s("a{x=\"6\"}", "5"), s("a{x=\"7\"}", "7"),
        s("a{x=\"8\"}", "9"));
    assertThat(dump(agg(AggregateOp.STDDEV, List.of(), false, null, in))).isEqualTo("{} 2");
    in = list(s("a{x=\"1\"}", "2"), s("a{x=\"2\"}", "4"));
    assertThat(dump(agg(AggregateOp.STDVAR, List.of(), false, null, in))).isEqualTo("{} 1");
    in = list(s("a{x=\"1\"}", "Inf"), s("a{x=\"2\"}", "4"));
    assertThat(dump(agg(AggregateOp.STDDEV, List.of(), false, null, in))).isEqualTo("{} NaN");
    in = list(s("a{x=\"1\"}", "2 _"), s("a{x=\"2\"}", "h 7"));
    assertThat(dump(agg(AggregateOp.GROUP, List.of(), false, null, in))).isEqualTo("{} 1 1");
  }

  @Test
  void sumOfHistogramsAndMixedWarning() {
    EvalContext ctx = Vec.ctx();
    assertThat(dump(agg(AggregateOp.SUM, List.of(), false, null,
        list(s("a{x=\"1\"}", "h"), s("a{x=\"2\"}", "h")), ctx))).isEqualTo("{} h20");
    assertThat(agg(AggregateOp.SUM, List.of(), false, null,
        list(s("a{x=\"1\"}", "h"), s("a{x=\"2\"}", "1")), ctx)).isEmpty();
    assertThat(ctx.annotations().warnings()).containsExactly(
        "PromQL warning: encountered a mix of histograms and floats for aggregation (1:1)");
  }

  @Test
  void quantileInterpolatesAndTreatsNaNAsSmallest() {
    List<StepSeries> in = list(s("d{t=\"u\",p=\"a\"}", "0"), s("d{t=\"u\",p=\"b\"}", "1"),
        s("d{t=\"u\",p=\"c\"}", "4"), s("d{t=\"n\",p=\"a\"}", "0"), s("d{t=\"n\",p=\"b\"}", "1"),
        s("d{t=\"n\",p=\"c\"}", "NaN"));
    // Go computes 1*0.3999999999999999 + 4*0.6000000000000001 just the same.
    assertThat(dump(agg(AggregateOp.QUANTILE, List.of("p"), true, k(1, 0.8), in)))
        .isEqualTo("{t=\"n\"} 0.6000000000000001\n{t=\"u\"} 2.8000000000000003");
    in = list(s("d{t=\"n\",p=\"a\"}", "NaN"), s("d{t=\"n\",p=\"b\"}", "1"));
    assertThat(dump(agg(AggregateOp.QUANTILE, List.of("p"), true, k(1, 0.2), in)))
        .isEqualTo("{t=\"n\"} NaN");
  }

  @Test
  void quantileWarnsForOutOfRangeParameter() {
    EvalContext ctx = Vec.ctx();
    assertThat(dump(agg(AggregateOp.QUANTILE, List.of(), false, new double[] {Double.NaN, 2},
        list(s("a", "1 1")), ctx))).isEqualTo("{} NaN +Inf");
    assertThat(ctx.annotations().warnings()).containsExactly(
        "PromQL warning: quantile value should be between 0 and 1, got NaN (1:1)");
    ctx = Vec.ctx();
    agg(AggregateOp.QUANTILE, List.of(), false, new double[] {-0.5, 1.5}, list(s("a", "1 1")),
        ctx);
    assertThat(ctx.annotations().warnings()).containsExactly(
        "PromQL warning: quantile value should be between 0 and 1, got 1.5 (1:1)",
        "PromQL warning: quantile value should be between 0 and 1, got -0.5 (1:1)");
  }

  @Test
  void topkAndBottomkInstantOrderWithNaNLast() {
    assertThat(dumpOrdered(agg(AggregateOp.TOPK, List.of(), false, k(1, 3), requests())))
        .isEqualTo("{__name__=\"http_requests\", group=\"canary\", instance=\"1\", job=\"app\"} 800\n"
            + "{__name__=\"http_requests\", group=\"canary\", instance=\"0\", job=\"app\"} 700\n"
            + "{__name__=\"http_requests\", group=\"production\", instance=\"1\", job=\"app\"} 600");
    List<StepSeries> prod = list(
        s("r{job=\"api\",instance=\"0\"}", "100"), s("r{job=\"api\",instance=\"1\"}", "200"),
        s("r{job=\"api\",instance=\"2\"}", "NaN"));
    assertThat(dumpOrdered(agg(AggregateOp.TOPK, List.of(), false, k(1, 3), prod)))
        .isEqualTo("{__name__=\"r\", instance=\"1\", job=\"api\"} 200\n"
            + "{__name__=\"r\", instance=\"0\", job=\"api\"} 100\n"
            + "{__name__=\"r\", instance=\"2\", job=\"api\"} NaN");
    prod = list(
        s("r{job=\"api\",instance=\"0\"}", "100"), s("r{job=\"api\",instance=\"1\"}", "200"),
        s("r{job=\"api\",instance=\"2\"}", "NaN"));
    assertThat(dumpOrdered(agg(AggregateOp.BOTTOMK, List.of(), false, k(1, 9999999999.0), prod)))
        .isEqualTo("{__name__=\"r\", instance=\"0\", job=\"api\"} 100\n"
            + "{__name__=\"r\", instance=\"1\", job=\"api\"} 200\n"
            + "{__name__=\"r\", instance=\"2\", job=\"api\"} NaN");
  }

  @Test
  void topkByGroupAndParameterPerStep() {
    assertThat(dump(agg(AggregateOp.TOPK, List.of("group"), false, k(1, 1), requests())))
        .isEqualTo("{__name__=\"http_requests\", group=\"canary\", instance=\"1\", job=\"app\"} 800\n"
            + "{__name__=\"http_requests\", group=\"production\", instance=\"1\", job=\"app\"} 600");
    List<StepSeries> in = list(s("a{x=\"1\"}", "1 1 1"), s("a{x=\"2\"}", "2 2 2"),
        s("a{x=\"3\"}", "3 3 3"));
    assertThat(dump(agg(AggregateOp.BOTTOMK, List.of(), false, new double[] {1, 0, 2}, in)))
        .isEqualTo("{__name__=\"a\", x=\"1\"} 1 _ 1\n{__name__=\"a\", x=\"2\"} _ _ 2");
  }

  @Test
  void kParameterErrors() {
    assertThatThrownBy(() -> agg(AggregateOp.TOPK, List.of(), false, k(1, Double.NaN),
        list(s("a", "1")))).isInstanceOf(PromqlException.class)
        .hasMessage("Parameter value is NaN");
    assertThatThrownBy(() -> agg(AggregateOp.LIMIT_RATIO, List.of(), false, k(1, Double.NaN),
        list(s("a", "1")))).hasMessage("Ratio value is NaN");
    assertThatThrownBy(() -> agg(AggregateOp.TOPK, List.of(), false, k(1, 1e19),
        list(s("a", "1")))).hasMessage("Scalar value 1e+19 overflows int64");
    assertThat(agg(AggregateOp.TOPK, List.of(), false, k(1, 0), list(s("a", "1")))).isEmpty();
  }

  @Test
  void topkIgnoresHistogramsWithInfo() {
    EvalContext ctx = Vec.ctx();
    assertThat(dump(agg(AggregateOp.TOPK, List.of(), false, k(1, 1),
        list(s("a{x=\"1\"}", "h"), s("a{x=\"2\"}", "5")), ctx)))
        .isEqualTo("{__name__=\"a\", x=\"2\"} 5");
    assertThat(ctx.annotations().infos())
        .containsExactly("PromQL info: ignored histogram in topk aggregation (1:1)");
  }

  @Test
  void limitkTakesTheFirstSeriesPerGroupIncludingHistograms() {
    List<StepSeries> in = list(s("a{g=\"1\",x=\"1\"}", "h 1"), s("a{g=\"1\",x=\"2\"}", "5 5"),
        s("a{g=\"2\",x=\"3\"}", "_ 7"));
    assertThat(dump(agg(AggregateOp.LIMITK, List.of("g"), false, k(2, 1), in)))
        .isEqualTo("{__name__=\"a\", g=\"1\", x=\"1\"} h10 1\n"
            + "{__name__=\"a\", g=\"2\", x=\"3\"} _ 7");
  }

  @Test
  void limitRatioComplementsAndWarns() {
    EvalContext ctx = Vec.ctx();
    List<StepSeries> all = list(s("a{x=\"1\"}", "1"), s("a{x=\"2\"}", "1"), s("a{x=\"3\"}", "1"),
        s("a{x=\"4\"}", "1"), s("a{x=\"5\"}", "1"), s("a{x=\"6\"}", "1"));
    int some = agg(AggregateOp.LIMIT_RATIO, List.of(), false, k(1, 0.3), copy(all)).size();
    int rest = agg(AggregateOp.LIMIT_RATIO, List.of(), false, k(1, -0.7), copy(all)).size();
    assertThat(some + rest).isEqualTo(6);
    assertThat(agg(AggregateOp.LIMIT_RATIO, List.of(), false, k(1, 1.1), copy(all), ctx))
        .hasSize(6);
    assertThat(ctx.annotations().warnings()).containsExactly(
        "PromQL warning: ratio value should be between -1 and 1, got 1.1, capping to 1 (1:1)");
  }

  private static List<StepSeries> copy(List<StepSeries> in) {
    List<StepSeries> out = new java.util.ArrayList<>();
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

  @Test
  void countValuesFormatsLikeGo() {
    List<StepSeries> in = list(s("v{job=\"a\",i=\"0\"}", "6 0.1"), s("v{job=\"a\",i=\"1\"}", "6 1e21"),
        s("v{job=\"b\",i=\"0\"}", "8 6"));
    Expr.AggregateExpr e = new Expr.AggregateExpr(AggregateOp.COUNT_VALUES, ANY,
        new Expr.StringLiteral("version", POS), List.of(), false, POS);
    assertThat(dump(Aggregations.aggregate(e, in, "version", new StepGrid(0, 1, 1), Vec.ctx())))
        .isEqualTo("{version=\"0.1\"} _ 1\n{version=\"1000000000000000000000\"} _ 1\n"
            + "{version=\"6\"} 2 1\n{version=\"8\"} 1 _");
  }

  @Test
  void countValuesWithoutOverwritesAndRejectsBadLabelNames() {
    List<StepSeries> in = list(s("v{job=\"a\",i=\"0\"}", "6"), s("v{job=\"b\",i=\"1\"}", "6"));
    Expr.AggregateExpr e = new Expr.AggregateExpr(AggregateOp.COUNT_VALUES, ANY, ANY,
        List.of("i"), true, POS);
    assertThat(dump(Aggregations.aggregate(e, in, "job", new StepGrid(0, 0, 1), Vec.ctx())))
        .isEqualTo("{job=\"6\"} 2");
    assertThatThrownBy(() -> Aggregations.aggregate(e, list(s("v", "1")), "a\uDCC5z",
        new StepGrid(0, 0, 1), Vec.ctx())).hasMessage("invalid label name \"a\\xc5z\"");
  }

  @Test
  void withoutDropsNameAndDropNamePropagates() {
    StepSeries a = s("m{e=\"1\"}", "1");
    a.dropName = true;
    List<StepSeries> out = agg(AggregateOp.SUM, List.of("__name__"), false, null,
        list(s("m{e=\"2\"}", "10"), a));
    assertThat(dump(out)).isEqualTo("{__name__=\"m\"}! 11");
    assertThat(dump(agg(AggregateOp.SUM, List.of("x"), true, null, list(s("m{e=\"1\"}", "1")))))
        .isEqualTo("{e=\"1\"} 1");
  }

  @Test
  void singleMemberGroupsGiveWhatFoldingGives() {
    for (AggregateOp op : List.of(AggregateOp.SUM, AggregateOp.AVG, AggregateOp.COUNT,
        AggregateOp.MIN, AggregateOp.MAX, AggregateOp.GROUP, AggregateOp.STDDEV,
        AggregateOp.STDVAR)) {
      String values = "-0 1.5 NaN Inf _ -Inf";
      // A histogram sample forces the general fold; it is dropped or counted like Prometheus.
      List<StepSeries> single = agg(op, List.of("x"), false, null, list(s("a{x=\"1\"}", values)));
      StepSeries h = s("a{x=\"1\"}", values + " h");
      List<StepSeries> folded = agg(op, List.of("x"), false, null, list(h));
      String want = dump(folded);
      want = want.substring(0, want.lastIndexOf(' '));
      assertThat(dump(single)).as(op.text()).isEqualTo(want);
    }
  }

  @Test
  void histogramSumAndAvgAreCompensated() {
    // native_histograms.test: sums 3.1, 1e100, -1e100, 1.3 of the histograms give 4.4.
    StepSeries[] in = new StepSeries[4];
    double[] sums = {3.1, 1e100, -1e100, 1.3};
    for (int i = 0; i < 4; i++) {
      in[i] = new StepSeries(dev.vigil.model.Labels.of("i", "" + i), 1);
      in[i].setHistogram(0, new dev.vigil.model.FloatHistogram(
          dev.vigil.model.FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001, 0, 1, sums[i],
          new int[] {0, 1}, new double[] {1}, new int[0], new double[0], null));
    }
    List<StepSeries> sum = agg(AggregateOp.SUM, List.of(), false, null, list(in));
    assertThat(sum.get(0).histograms[0].sum()).isEqualTo(4.4);
    assertThat(sum.get(0).histograms[0].count()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      StepSeries c = new StepSeries(in[i].labels, 1);
      c.setHistogram(0, in[i].histograms[0]);
      in[i] = c;
    }
    List<StepSeries> avg = agg(AggregateOp.AVG, List.of(), false, null, list(in));
    assertThat(avg.get(0).histograms[0].sum()).isCloseTo(1.1, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(avg.get(0).histograms[0].positiveBuckets()).containsExactly(1);
  }
}
