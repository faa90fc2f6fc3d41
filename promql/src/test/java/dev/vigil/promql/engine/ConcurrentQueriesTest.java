package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.testkit.MemoryStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One engine shared by many threads gives every query the answer it gives alone. */
@Timeout(60)
class ConcurrentQueriesTest {
  @Test
  void sharedEngineAnswersLikeSequentialRuns() throws Exception {
    MemoryStorage store = new MemoryStorage();
    Appender a = store.appender();
    for (int s = 0; s < 20; s++) {
      Labels l = Labels.of("__name__", "req_total", "job", "j" + (s % 4), "i", "" + s);
      for (int i = 0; i < 200; i++) {
        a.append(0, l, i * 15_000L, i * (s + 1));
      }
    }
    a.commit();
    PromqlEngine engine = new PromqlEngine(EngineOptions.DEFAULT.withMaxSamples(1_000_000));
    List<String> queries = List.of("sum by (job) (rate(req_total[1m]))",
        "max_over_time(req_total[5m:30s])", "req_total offset 1m", "topk(3, req_total)",
        "count(req_total @ 600)", "absent(nope)", "timestamp(req_total)");
    List<Value> sequential = new ArrayList<>();
    for (String q : queries) {
      sequential.add(run(engine, store, q));
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Value>> futures = new ArrayList<>();
      for (int rep = 0; rep < 6; rep++) {
        for (String q : queries) {
          futures.add(pool.submit(() -> run(engine, store, q)));
        }
      }
      for (int k = 0; k < futures.size(); k++) {
        Value got = futures.get(k).get(30, TimeUnit.SECONDS);
        assertThat(render(got)).as(queries.get(k % queries.size()))
            .isEqualTo(render(sequential.get(k % queries.size())));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Value run(PromqlEngine engine, MemoryStorage store, String q) {
    return engine.rangeQuery(store::querier, q, 0, 3_000_000, 60_000, QueryOptions.DEFAULT)
        .exec().value();
  }

  private static String render(Value v) {
    StringBuilder b = new StringBuilder();
    for (Value.SeriesPoints p : ((Value.Matrix) v).series()) {
      b.append(p.labels()).append(java.util.Arrays.toString(p.fts()))
          .append(java.util.Arrays.toString(p.fvs())).append('\n');
    }
    return b.toString();
  }
}
