package dev.vigil.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.model.Labels;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import dev.vigil.promql.value.GoFloats;
import dev.vigil.promql.value.GoMath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vector functions over step series; expectations from functions.test and histograms.test. */
class VectorFunctionsTest {
  private static final StepGrid INSTANT = StepGrid.instant(0);
  private final EvalContext ctx = new EvalContext("q", EngineOptions.DEFAULT, () -> false);

  private static StepSeries series(Labels l, double... values) {
    StepSeries s = new StepSeries(l, values.length);
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i]) || values.length == 1) {
        s.set(i, values[i]);
      }
    }
    return s;
  }

  private static List<Object> args(Object... a) {
    return new ArrayList<>(Arrays.asList(a));
  }

  private static List<StepSeries> vec(StepSeries... s) {
    return new ArrayList<>(Arrays.asList(s));
  }

  @SuppressWarnings("unchecked")
  private List<StepSeries> call(String fn, StepGrid g, Object... a) {
    return (List<StepSeries>) VectorFunctions.get(fn).apply(null, args(a), g, ctx);
  }

  @Test
  void mathFunctionsDropTheName() {
    List<StepSeries> out = call("abs", INSTANT, vec(series(Labels.of("__name__", "m", "a", "b"), -2)));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).labels).isEqualTo(Labels.of("a", "b"));
    assertThat(out.get(0).values[0]).isEqualTo(2);
    assertThat(out.get(0).dropName).isTrue();
  }

  @Test
  void droppingNamesThatCollideFails() {
    StepSeries a = series(Labels.of("__name__", "a", "x", "1"), 1);
    StepSeries b = series(Labels.of("__name__", "b", "x", "1"), 2);
    assertThatThrownBy(() -> call("ceil", INSTANT, vec(a, b)))
        .isInstanceOf(PromqlException.class)
        .hasMessage("vector cannot contain metrics with the same labelset");
  }

  @Test
  void collidingSeriesAtDifferentStepsMerge() {
    StepGrid g = new StepGrid(0, 60_000, 60_000);
    StepSeries a = series(Labels.of("__name__", "a", "x", "1"), 1, Double.NaN);
    StepSeries b = series(Labels.of("__name__", "b", "x", "1"), Double.NaN, 2);
    List<StepSeries> out = call("floor", g, vec(a, b));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).values).containsExactly(1, 2);
  }

  @Test
  void roundClampAndLogs() {
    assertThat(call("round", INSTANT, vec(series(Labels.EMPTY, 2.5)), new double[] {1}).get(0)
        .values[0]).isEqualTo(3);
    assertThat(call("round", INSTANT, vec(series(Labels.EMPTY, -2.5))).get(0).values[0])
        .isEqualTo(-2);
    assertThat(call("round", INSTANT, vec(series(Labels.EMPTY, 12.34)), new double[] {0.1})
        .get(0).values[0]).isCloseTo(12.3, within(1e-12));
    assertThat(call("clamp", INSTANT, vec(series(Labels.EMPTY, 5)), new double[] {0},
        new double[] {3}).get(0).values[0]).isEqualTo(3);
    assertThat(call("clamp", INSTANT, vec(series(Labels.EMPTY, 5)), new double[] {3},
        new double[] {0})).isEmpty();
    assertThat(call("log2", INSTANT, vec(series(Labels.EMPTY, 8))).get(0).values[0]).isEqualTo(3);
    assertThat(GoMath.log2(0x1p-1070)).isEqualTo(-1070);
    assertThat(GoMath.asinh(1)).isCloseTo(0.881373587019543, within(1e-15));
    assertThat(GoMath.acosh(2)).isCloseTo(1.3169578969248166, within(1e-15));
    assertThat(GoMath.atanh(0.5)).isCloseTo(0.5493061443340549, within(1e-15));
  }

  @Test
  void calendarFunctions() {
    List<StepSeries> v = vec(series(Labels.EMPTY, 1136239445));
    assertThat(call("year", INSTANT, v).get(0).values[0]).isEqualTo(2006);
    assertThat(call("hour", INSTANT, vec(series(Labels.EMPTY, 1136239445))).get(0).values[0])
        .isEqualTo(22);
    assertThat(call("day_of_week", INSTANT, vec(series(Labels.EMPTY, 1136239445))).get(0)
        .values[0]).isEqualTo(1);
    assertThat(call("days_in_month", INSTANT, vec(series(Labels.EMPTY, 1454284800))).get(0)
        .values[0]).isEqualTo(29);
    assertThat(call("day_of_week", INSTANT).get(0).values[0]).isEqualTo(4); // 1970-01-01
  }

  @Test
  void labelReplace() {
    StepSeries s = series(Labels.of("__name__", "testmetric", "src", "source-value-10",
        "dst", "original"), 0);
    List<StepSeries> out = call("label_replace", INSTANT, vec(s), "dst", "destination-value-$1",
        "src", "source-value-(.*)");
    assertThat(out.get(0).labels.get("dst")).isEqualTo("destination-value-10");
    assertThat(out.get(0).labels.get("__name__")).isEqualTo("testmetric");
    StepSeries t = series(Labels.of("src", "source-value-10", "dst", "original"), 0);
    out = call("label_replace", INSTANT, vec(t), "dst", "x-$1", "src", "value-(.*)");
    assertThat(out.get(0).labels.get("dst")).isEqualTo("original"); // anchored: no match
    StepSeries u = series(Labels.of("src", "a"), 0);
    out = call("label_replace", INSTANT, vec(u), "dst", "${1}x$1x", "src", "(.*)");
    assertThat(out.get(0).labels.get("dst")).isEqualTo("ax"); // $1x names group "1x"
    assertThatThrownBy(() -> call("label_replace", INSTANT, vec(series(Labels.EMPTY, 0)), "dst",
        "", "src", "(.*"))
        .hasMessage("invalid regular expression in label_replace(): (.*");
    assertThatThrownBy(() -> call("label_replace", INSTANT, vec(series(Labels.EMPTY, 0)), "",
        "", "src", "(.*)"))
        .hasMessage("invalid destination label name in label_replace(): ");
  }

  @Test
  void labelJoin() {
    StepSeries s = series(Labels.of("src", "a", "src1", "b", "src2", "c"), 0);
    List<StepSeries> out = call("label_join", INSTANT, vec(s), "dst", "-", "src", "src3", "src1");
    assertThat(out.get(0).labels.get("dst")).isEqualTo("a--b");
    StepSeries d1 = series(Labels.of("this", "a", "label", "x"), 0);
    StepSeries d2 = series(Labels.of("this", "a", "label", "y"), 1);
    assertThatThrownBy(() -> call("label_join", INSTANT, vec(d1, d2), "label", "", "this"))
        .hasMessage("vector cannot contain metrics with the same labelset");
  }

  @Test
  void sortByValueAndByLabel() {
    StepSeries a = series(Labels.of("i", "a"), 3);
    StepSeries b = series(Labels.of("i", "b"), Double.NaN);
    StepSeries c = series(Labels.of("i", "c"), 1);
    assertThat(call("sort", INSTANT, vec(a, b, c))).extracting(s -> s.labels.get("i"))
        .containsExactly("c", "a", "b");
    assertThat(call("sort_desc", INSTANT, vec(a, b, c))).extracting(s -> s.labels.get("i"))
        .containsExactly("a", "c", "b");
    List<StepSeries> cpus = vec(series(Labels.of("cpu", "10"), 0), series(Labels.of("cpu", "2"), 0),
        series(Labels.of("cpu", "1"), 0), series(Labels.of("cpu", "100"), 0));
    assertThat(call("sort_by_label", INSTANT, cpus, "cpu")).extracting(s -> s.labels.get("cpu"))
        .containsExactly("1", "2", "10", "100");
    List<StepSeries> rel = vec(series(Labels.of("r", "1.11.3"), 0), series(Labels.of("r", "1.2.3"), 0),
        series(Labels.of("r", "1.111.3"), 0));
    assertThat(call("sort_by_label_desc", INSTANT, rel, "r")).extracting(s -> s.labels.get("r"))
        .containsExactly("1.111.3", "1.11.3", "1.2.3");
  }

  @Test
  void scalarAndVector() {
    double[] s = (double[]) VectorFunctions.get("scalar").apply(null,
        args(vec(series(Labels.of("a", "1"), 4))), INSTANT, ctx);
    assertThat(s).containsExactly(4);
    double[] none = (double[]) VectorFunctions.get("scalar").apply(null,
        args(vec(series(Labels.of("a", "1"), 4), series(Labels.of("a", "2"), 5))), INSTANT, ctx);
    assertThat(none[0]).isNaN();
  }

  private static List<StepSeries> classic(String name, double[] les, double[] counts) {
    List<StepSeries> out = new ArrayList<>();
    for (int i = 0; i < les.length; i++) {
      String le = les[i] == Double.POSITIVE_INFINITY ? "+Inf" : GoFloats.formatG(les[i]);
      out.add(series(Labels.of("__name__", name, "le", le), counts[i]));
    }
    return out;
  }

  @Test
  void histogramQuantileOnClassicBuckets() {
    // histograms.test: testhistogram_bucket at 50m, both start="positive" and "negative".
    double[] les = {0.1, 0.2, 1, Double.POSITIVE_INFINITY};
    double[] counts = {50, 70, 110, 120};
    List<StepSeries> out = call("histogram_quantile", INSTANT, new double[] {0.5},
        classic("h_bucket", les, counts));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).labels).isEqualTo(Labels.EMPTY);
    assertThat(out.get(0).values[0]).isCloseTo(0.15, within(1e-12));
    double[] negLes = {-0.2, -0.1, 0.3, Double.POSITIVE_INFINITY};
    double[] negCounts = {10, 20, 20, 30};
    out = call("histogram_quantile", INSTANT, new double[] {0.5},
        classic("h_bucket", negLes, negCounts));
    assertThat(out.get(0).values[0]).isCloseTo(-0.15, within(1e-12));
    assertThat(ctx.annotations().warnings()).isEmpty();
  }

  @Test
  void forcedMonotonicityInfo() {
    double[] les = {0.1, 1, 10, 100, 1000, Double.POSITIVE_INFINITY};
    double[] counts = {2, 1, 5, 4, 9, 8};
    List<StepSeries> out = call("histogram_quantile", INSTANT, new double[] {0.5},
        classic("nonmonotonic_bucket", les, counts));
    assertThat(out.get(0).values[0]).isCloseTo(8.5, within(1e-12));
    assertThat(ctx.annotations().infos()).hasSize(1);
    assertThat(ctx.annotations().infos().get(0)).startsWith("PromQL info: input to"
        + " histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/"
        + "prometheus/latest/querying/functions/#histogram_quantile) for metric name"
        + " \"nonmonotonic_bucket\"");
  }

  @Test
  void badBucketLabelWarns() {
    List<StepSeries> in = vec(series(Labels.of("__name__", "series", "le", "Hello World"), 2));
    assertThat(call("histogram_quantile", INSTANT, new double[] {0.8}, in)).isEmpty();
    assertThat(ctx.annotations().warnings()).singleElement().asString().startsWith(
        "PromQL warning: bucket label \"le\" is missing or has a malformed value of"
            + " \"Hello World\" for metric name \"series\"");
  }

  @Test
  void histogramFractionOnClassicBuckets() {
    double[] les = {1, 2, 3, Double.POSITIVE_INFINITY};
    double[] counts = {1, 3, 6, 100};
    assertThat(call("histogram_fraction", INSTANT, new double[] {0}, new double[] {1.5},
        classic("p_bucket", les, counts)).get(0).values[0]).isCloseTo(0.02, within(1e-12));
    double[] neg = {-3, -2, -1, Double.POSITIVE_INFINITY};
    double[] negCounts = {10, 12, 15, 100};
    assertThat(call("histogram_fraction", INSTANT, new double[] {-4}, new double[] {-2},
        classic("n_bucket", neg, negCounts)).get(0).values[0]).isCloseTo(0.02, within(1e-12));
    assertThat(call("histogram_fraction", INSTANT, new double[] {Double.NEGATIVE_INFINITY},
        new double[] {-1.5}, classic("n_bucket", neg, negCounts)).get(0).values[0])
        .isCloseTo(0.135, within(1e-12));
    assertThat(call("histogram_fraction", INSTANT, new double[] {2}, new double[] {5},
        classic("p_bucket", les, counts)).get(0).values[0]).isCloseTo(0.03, within(1e-12));
  }

  @Test
  void histogramQuantilesLabelsEachQuantile() {
    double[] les = {0.1, 0.2, Double.POSITIVE_INFINITY};
    double[] counts = {50, 70, 110};
    List<StepSeries> out = call("histogram_quantiles", INSTANT, classic("h_bucket", les, counts),
        "q", new double[] {0}, new double[] {0.5});
    assertThat(out).extracting(s -> s.labels.get("q")).containsExactly("0.0", "0.5");
  }

  @Test
  void classicBucketsAreSortedCoalescedAndMadeMonotonic() {
    double inf = Double.POSITIVE_INFINITY;
    double[] upper = {inf, 1, 0.5, 1, 2};
    double[] count = {10, 3, 2, 1, 3.9999999999999996};
    int[] forced = new int[1];
    int m = BucketMath.normalise(upper, count, 5, forced);
    assertThat(m).isEqualTo(4);
    assertThat(Arrays.copyOf(upper, m)).containsExactly(0.5, 1, 2, inf);
    assertThat(Arrays.copyOf(count, m)).containsExactly(2, 4, 4, 10); // 1+3 coalesced; noise fixed
    assertThat(forced[0]).isZero();
    double[] noInf = {1, 2};
    assertThat(BucketMath.normalise(noInf, new double[] {1, 2}, 2, forced)).isEqualTo(-1);
  }
}
