package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.testkit.MemoryStorage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A long query on a virtual thread lets other virtual threads run while it evaluates: with one
 * carrier (the tests' JVM runs with one, as the server does on 2 processors) a thread started
 * once the query has begun runs before the query ends, not after it.
 */
@Timeout(60)
class QueryYieldTest {
  @Test
  void aLongQueryGivesItsCarrierUp() throws Exception {
    assumeTrue("1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism")),
        "needs one carrier (-Djdk.virtualThreadScheduler.parallelism=1, as the build sets)");
    MemoryStorage store = new MemoryStorage();
    Appender a = store.appender();
    for (int s = 0; s < 400; s++) {
      Labels l = Labels.of("__name__", "req_total", "i", "" + s);
      for (int i = 0; i < 2000; i++) {
        a.append(0, l, i * 15_000L, i * (s + 1));
      }
    }
    a.commit();
    PromqlEngine engine = new PromqlEngine(
        EngineOptions.DEFAULT.withMaxSamples(100_000_000).withParallelism(1, 1));
    AtomicLong probeRan = new AtomicLong();
    AtomicLong queryStarted = new AtomicLong();
    Queryable startsProbe = (mint, maxt) -> {
      queryStarted.set(System.nanoTime());
      // queued behind the query on the one carrier: it runs when the query yields or ends
      Thread.ofVirtual().start(() -> probeRan.set(System.nanoTime()));
      return store.querier(mint, maxt);
    };
    long[] queryEnded = new long[1];
    Thread query = Thread.ofVirtual().start(() -> {
      engine.rangeQuery(startsProbe, "sum(rate(req_total[5m:15s]))", 0, 30_000_000, 15_000,
          QueryOptions.DEFAULT).exec().value();
      queryEnded[0] = System.nanoTime();
    });
    assertThat(query.join(java.time.Duration.ofSeconds(50))).isTrue();
    for (int i = 0; i < 500 && probeRan.get() == 0; i++) {
      Thread.sleep(10);
    }
    long queryMillis = TimeUnit.NANOSECONDS.toMillis(queryEnded[0] - queryStarted.get());
    assertThat(queryMillis).as("the query must outlast a few yield intervals").isGreaterThan(20);
    assertThat(probeRan.get()).as("the probe ran (query took %d ms)", queryMillis)
        .isPositive().isLessThan(queryEnded[0]);
  }
}
