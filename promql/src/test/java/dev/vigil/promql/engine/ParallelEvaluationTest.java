package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Samples;
import dev.vigil.model.Series;
import dev.vigil.model.StorageException;
import dev.vigil.testkit.IteratorHook;
import dev.vigil.testkit.MemoryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One query's series evaluated on several threads ({@link SeriesFanOut}) give what one thread
 * gives, bit for bit: values, order, annotations, statistics, and the same errors for the sample
 * limit, cancellation and store failures, whatever the number of threads.
 */
@Timeout(120)
class ParallelEvaluationTest {
  private static final long MINUTE = 60_000;
  private static final int SERIES = 700;
  private static final long END = 180 * MINUTE;

  private static final List<String> QUERIES = List.of(
      "rate(req_total[5m])",
      "sum by (job) (rate(req_total[5m]))",
      "sum by (job) (rate(req_total{code=\"500\"}[5m])) / sum by (job) (rate(req_total[5m]))",
      "increase(req_total[10m]) > 3",
      "irate(req_total[5m])",
      "avg_over_time(gauge[10m])",
      "quantile_over_time(0.9, gauge[15m])",
      "max_over_time(sum by (job) (rate(req_total[5m]))[30m:1m])",
      "count by (job) (gauge)",
      "topk(5, rate(req_total[5m]))",
      "gauge",
      "resets(req_total[30m])",
      "changes(gauge[20m]) + deriv(gauge[20m])",
      "sum(rate(mixed[5m]))",
      "rate(gauge[5m])",
      "sort_desc(stddev_over_time(gauge[7m]))",
      "histogram_quantile(0.9, sum by (le) (rate(req_total[5m])))");

  private final long seed = System.nanoTime();
  private final MemoryStorage store = new MemoryStorage();

  ParallelEvaluationTest() {
    System.out.println("ParallelEvaluationTest seed " + seed);
    Random r = new Random(seed);
    Appender a = store.appender();
    for (int i = 0; i < SERIES; i++) {
      Labels counter = Labels.of("__name__", "req_total", "code", i % 5 == 0 ? "500" : "200",
          "instance", "i" + i, "job", "j" + i % 7, "le", String.valueOf(i % 4));
      Labels gauge = Labels.of("__name__", "gauge", "instance", "i" + i, "job", "j" + i % 7);
      double c = r.nextInt(100);
      long start = r.nextInt(20) * MINUTE;
      long stop = r.nextInt(10) == 0 ? start + r.nextInt(120) * MINUTE : END;
      for (long t = start; t <= stop; t += 15_000 + r.nextInt(30_000)) {
        c = r.nextInt(50) == 0 ? r.nextInt(5) : c + r.nextDouble() * 10;
        a.append(0, counter, t, c);
        a.append(0, gauge, t, r.nextInt(40) == 0 ? Samples.STALE_NAN : r.nextGaussian() * 5);
      }
      if (i % 50 == 0) {
        // a metric whose name does not look like a counter: rate() adds an info annotation
        a.append(0, Labels.of("__name__", "mixed", "instance", "i" + i), 60 * MINUTE, 1);
        a.append(0, Labels.of("__name__", "mixed", "instance", "i" + i), 61 * MINUTE, 2);
      }
    }
    a.commit();
  }

  private static PromqlEngine engine(int threads, int minSeries, long maxSamples) {
    return new PromqlEngine(EngineOptions.DEFAULT.withMaxSamples(maxSamples)
        .withParallelism(threads, minSeries));
  }


  private static QueryResult range(PromqlEngine e, Queryable q, String query) {
    return e.rangeQuery(q, query, END - 120 * MINUTE, END, 30_000,
        new QueryOptions(0, null, true)).exec();
  }

  private static QueryResult instant(PromqlEngine e, Queryable q, String query) {
    return e.instantQuery(q, query, END - 7 * MINUTE, new QueryOptions(0, null, true)).exec();
  }

  @Test
  void parallelResultsAreBitIdenticalToSequential() {
    PromqlEngine sequential = engine(1, 1, 50_000_000);
    List<PromqlEngine> parallel = List.of(engine(2, 1, 50_000_000), engine(4, 1, 50_000_000),
        engine(7, 1, 50_000_000), engine(3, 100, 50_000_000));
    for (String q : QUERIES) {
      String wantRange = ResultText.render(range(sequential, store::querier, q));
      String wantInstant = ResultText.render(instant(sequential, store::querier, q));
      assertThat(wantRange).as(q).contains("{");
      for (PromqlEngine p : parallel) {
        assertThat(ResultText.render(range(p, store::querier, q))).as("range %s with %d threads (seed %d)", q,
            p.options().parallelism(), seed).isEqualTo(wantRange);
        assertThat(ResultText.render(instant(p, store::querier, q))).as("instant %s with %d threads (seed %d)",
            q, p.options().parallelism(), seed).isEqualTo(wantInstant);
      }
    }
  }

  @Test
  void sampleLimitFailsExactlyWhereSequentialFails() {
    for (String q : List.of("rate(req_total[5m])", "sum by (job) (rate(req_total[5m]))",
        "gauge", "avg_over_time(gauge[10m])")) {
      long peak = range(engine(1, 1, 50_000_000), store::querier, q).stats().peakSamples();
      for (long limit : new long[] {peak, peak - 1, peak / 2, peak / 10, 3}) {
        Throwable want = catchThrowable(() -> range(engine(1, 1, limit), store::querier, q));
        for (int threads : new int[] {2, 4}) {
          Throwable got = catchThrowable(() -> range(engine(threads, 1, limit), store::querier,
              q));
          if (want == null) {
            assertThat(got).as("%s at limit %d of peak %d", q, limit, peak).isNull();
          } else {
            assertThat(got).as("%s at limit %d of peak %d", q, limit, peak)
                .isInstanceOf(PromqlException.class).hasMessage(want.getMessage());
            assertThat(((PromqlException) got).type()).isEqualTo(ErrorType.EXECUTION);
          }
        }
        assertThat(want == null).as("%s at limit %d of peak %d", q, limit, peak)
            .isEqualTo(limit >= peak);
      }
    }
  }

  /** A store whose series run {@code onIterator} once the n-th series' samples are opened. */
  private Queryable hooked(int n, Consumer<Integer> onIterator) {
    AtomicInteger opened = new AtomicInteger();
    return hooked(s -> {
      int k = opened.incrementAndGet();
      if (k >= n) {
        onIterator.accept(k);
      }
    });
  }

  /** A store that runs {@code onIterator} whenever a series' samples are opened. */
  private Queryable hooked(Consumer<Series> onIterator) {
    return (mint, maxt) -> new IteratorHook(store.querier(mint, maxt), s -> {
      onIterator.accept(s);
      return s.iterator();
    });
  }

  @Test
  void storeFailuresSurfaceAsInSequential() {
    // Two series fail; the one first in input order decides the error, whichever thread fails
    // first.
    Consumer<Series> failing = s -> {
      String instance = s.labels().get("instance");
      if (instance.equals("i123") || instance.equals("i601")) {
        throw new StorageException("disk gone under " + instance);
      }
    };
    for (String q : List.of("sum(rate(req_total[5m]))", "count(gauge)", "rate(gauge[1m])")) {
      Throwable want = catchThrowable(() -> range(engine(1, 1, 50_000_000),
          hooked(failing), q));
      assertThat(want).isInstanceOf(PromqlException.class).hasMessageStartingWith("disk gone");
      for (int threads : new int[] {2, 4}) {
        for (int run = 0; run < 5; run++) {
          Throwable got = catchThrowable(() -> range(engine(threads, 1, 50_000_000),
              hooked(failing), q));
          assertThat(got).as(q).isInstanceOf(PromqlException.class)
              .hasMessage(want.getMessage());
          assertThat(((PromqlException) got).type()).isEqualTo(((PromqlException) want).type());
        }
      }
    }
  }

  @Test
  void cancellationAndTimeoutStopEveryThread() throws Exception {
    PromqlEngine e = engine(4, 1, 50_000_000);
    List<Query> queries = new ArrayList<>();
    Queryable cancelling = hooked(200, k -> queries.get(0).cancel());
    queries.add(e.rangeQuery(cancelling, "sum(rate(req_total[5m]))", END - 120 * MINUTE, END,
        30_000, QueryOptions.DEFAULT));
    assertThatThrownBy(() -> queries.get(0).exec()).isInstanceOf(PromqlException.class)
        .hasMessage("query was canceled in expression evaluation")
        .matches(x -> ((PromqlException) x).type() == ErrorType.CANCELED);

    Queryable slow = hooked(100, k -> {
      try {
        Thread.sleep(2);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    });
    assertThatThrownBy(() -> e.rangeQuery(slow, "sum(rate(req_total[5m]))", END - 120 * MINUTE,
        END, 30_000, new QueryOptions(0, Duration.ofMillis(150), false)).exec())
        .isInstanceOf(PromqlException.class)
        .hasMessage("query timed out in expression evaluation")
        .matches(x -> ((PromqlException) x).type() == ErrorType.TIMEOUT);

    // The workers are free again: a query after the failures answers as a sequential one does.
    String q = "sum by (job) (rate(req_total[5m]))";
    assertThat(ResultText.render(range(e, store::querier, q)))
        .isEqualTo(ResultText.render(range(engine(1, 1, 50_000_000), store::querier, q)));
  }
}
