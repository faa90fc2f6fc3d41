package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Samples;
import dev.vigil.testkit.MemoryStorage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An aggregation that folds its input series as they are evaluated ({@code sum by (job)
 * (rate(x[5m]))}, {@code count(x)}) gives bit for bit what the same aggregation over its input
 * evaluated in full gives ({@code sum by (job) ((rate(x[5m])))}: the parentheses keep the
 * evaluator from streaming): values, order, annotations, statistics and sample-limit errors, on
 * one thread and on several.
 */
@Timeout(120)
class StreamingAggregationTest {
  private static final long MINUTE = 60_000;
  private static final long END = 180 * MINUTE;

  private static final List<String> OPS =
      List.of("sum", "avg", "count", "min", "max", "group", "stddev", "stdvar");
  private static final List<String> GROUPINGS =
      List.of("by (job)", "by (instance)", "without (instance)", "", "by (nope)");
  private static final List<String> INPUTS = List.of("rate(req_total[5m])",
      "avg_over_time(gauge[10m])", "gauge", "last_over_time(huge[3m])", "huge",
      "sum_over_time(req_total[1m])");

  private final long seed = System.nanoTime();
  private final MemoryStorage store = new MemoryStorage();

  StreamingAggregationTest() {
    System.out.println("StreamingAggregationTest seed " + seed);
    Random r = new Random(seed);
    Appender a = store.appender();
    for (int i = 0; i < 300; i++) {
      Labels counter = Labels.of("__name__", "req_total", "instance", "i" + i,
          "job", "j" + i % 7);
      Labels gauge = Labels.of("__name__", "gauge", "instance", "i" + i, "job", "j" + i % 5);
      // values near the float range's end: the sums overflow, the mean switches to incremental
      Labels huge = Labels.of("__name__", "huge", "instance", "i" + i, "job", "j" + i % 3);
      double c = r.nextInt(100);
      long start = r.nextInt(40) * MINUTE;
      long stop = r.nextInt(8) == 0 ? start + r.nextInt(120) * MINUTE : END;
      for (long t = start; t <= stop; t += 15_000 + r.nextInt(30_000)) {
        c = r.nextInt(50) == 0 ? r.nextInt(5) : c + r.nextDouble() * 10;
        a.append(0, counter, t, c);
        a.append(0, gauge, t, r.nextInt(40) == 0 ? Samples.STALE_NAN
            : r.nextInt(60) == 0 ? Double.NaN : r.nextGaussian() * 1e6);
        a.append(0, huge, t, r.nextInt(30) == 0 ? Double.POSITIVE_INFINITY
            : (r.nextBoolean() ? 1 : -1) * r.nextDouble() * 1.7e308);
      }
    }
    a.commit();
  }

  private static PromqlEngine engine(int threads, long maxSamples) {
    return new PromqlEngine(EngineOptions.DEFAULT.withMaxSamples(maxSamples)
        .withParallelism(threads, 1));
  }

  private QueryResult range(PromqlEngine e, String query) {
    return e.rangeQuery(store::querier, query, END - 120 * MINUTE, END, 30_000,
        new QueryOptions(0, null, true)).exec();
  }

  private QueryResult instant(PromqlEngine e, String query) {
    return e.instantQuery(store::querier, query, END - 7 * MINUTE,
        new QueryOptions(0, null, true)).exec();
  }


  @Test
  void streamedAggregationsAreBitIdenticalToMaterialisedOnes() {
    List<PromqlEngine> engines = List.of(engine(1, 50_000_000), engine(2, 50_000_000),
        engine(4, 50_000_000));
    int checked = 0;
    for (String op : OPS) {
      for (String grouping : GROUPINGS) {
        for (String in : INPUTS) {
          String streamed = op + " " + grouping + " (" + in + ")";
          String whole = op + " " + grouping + " ((" + in + "))";
          String wantRange = ResultText.render(range(engines.get(0), whole));
          String wantInstant = ResultText.render(instant(engines.get(0), whole));
          for (PromqlEngine e : engines) {
            assertThat(ResultText.render(range(e, streamed))).as("range %s on %d threads (seed %d)",
                streamed, e.options().parallelism(), seed).isEqualTo(wantRange);
            assertThat(ResultText.render(instant(e, streamed))).as("instant %s on %d threads (seed %d)",
                streamed, e.options().parallelism(), seed).isEqualTo(wantInstant);
          }
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(OPS.size() * GROUPINGS.size() * INPUTS.size());
  }

  @Test
  void sampleLimitFailsAsForTheMaterialisedInput() {
    for (String in : List.of("rate(req_total[5m])", "gauge")) {
      String streamed = "sum by (job) (" + in + ")";
      String whole = "sum by (job) ((" + in + "))";
      long peak = range(engine(1, 50_000_000), whole).stats().peakSamples();
      assertThat(range(engine(1, 50_000_000), streamed).stats().peakSamples()).isEqualTo(peak);
      for (long limit : new long[] {peak, peak - 1, peak / 3, 5}) {
        Throwable want = catchThrowable(() -> range(engine(1, limit), whole));
        assertThat(want == null).as("%s at limit %d of peak %d", whole, limit, peak)
            .isEqualTo(limit >= peak);
        for (int threads : new int[] {1, 2, 4}) {
          Throwable got = catchThrowable(() -> range(engine(threads, limit), streamed));
          if (want == null) {
            assertThat(got).as("%s at limit %d on %d threads", streamed, limit, threads)
                .isNull();
          } else {
            assertThat(got).as("%s at limit %d on %d threads", streamed, limit, threads)
                .isInstanceOf(PromqlException.class).hasMessage(want.getMessage());
          }
        }
      }
    }
  }
}
