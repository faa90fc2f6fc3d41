package dev.vigil.promql.engine;

import static dev.vigil.promql.engine.Ast.sel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SelectHints;
import dev.vigil.model.SeriesSet;
import dev.vigil.promql.ast.Expr;
import dev.vigil.testkit.MemoryStorage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timeouts, cancellation, the concurrency limit and querier handling. */
@Timeout(20)
class QueryLifecycleTest {
  /** Own threads: the common pool may have a single worker on a small machine. */
  private static final java.util.concurrent.ExecutorService THREADS =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  private final MemoryStorage store = new MemoryStorage();

  QueryLifecycleTest() {
    Appender a = store.appender();
    for (int i = 0; i < 50; i++) {
      a.append(0, Labels.of("__name__", "foo", "i", "" + i), 0, i);
    }
    a.commit();
  }

  /** A querier whose select runs {@code hook} first (to block, sleep or cancel). */
  private Queryable hooked(Runnable hook, AtomicInteger opened, AtomicInteger closed) {
    return (mint, maxt) -> {
      opened.incrementAndGet();
      Querier q = store.querier(mint, maxt);
      return new Querier() {
        @Override
        public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
          hook.run();
          return q.select(sorted, hints, matchers);
        }

        @Override
        public List<String> labelNames(List<Matcher> matchers) {
          return q.labelNames(matchers);
        }

        @Override
        public List<String> labelValues(String name, List<Matcher> matchers) {
          return q.labelValues(name, matchers);
        }

        @Override
        public void close() {
          closed.incrementAndGet();
          q.close();
        }
      };
    };
  }

  private static PreparedQuery query(
      EngineOptions o, Semaphore slots, Queryable src, Expr e, QueryOptions qo) {
    return new PreparedQuery(o, slots, src, "foo", e, 1000, 1000, 0, qo);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void timeoutStopsEvaluation() {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Queryable slow = hooked(() -> sleep(200), opened, closed);
    QueryOptions qo = new QueryOptions(0, Duration.ofMillis(50), false);
    PreparedQuery q = query(EngineOptions.DEFAULT, new Semaphore(1), slow, sel("foo"), qo);
    assertThatThrownBy(q::exec)
        .isInstanceOf(PromqlException.class)
        .hasMessage("query timed out in expression evaluation")
        .matches(e -> ((PromqlException) e).type() == ErrorType.TIMEOUT);
    assertThat(closed.get()).isEqualTo(opened.get()).isEqualTo(1);
  }

  @Test
  void cancelStopsEvaluation() {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    PreparedQuery[] self = new PreparedQuery[1];
    Queryable cancelling = hooked(() -> self[0].cancel(), opened, closed);
    self[0] = query(EngineOptions.DEFAULT, new Semaphore(1), cancelling, sel("foo"),
        QueryOptions.DEFAULT);
    assertThatThrownBy(self[0]::exec)
        .hasMessage("query was canceled in expression evaluation")
        .matches(e -> ((PromqlException) e).type() == ErrorType.CANCELED);
    assertThat(closed.get()).isEqualTo(1);
  }

  @Test
  void queryRunsOnlyOnce() {
    PreparedQuery q = query(EngineOptions.DEFAULT, new Semaphore(1), store::querier, sel("foo"),
        QueryOptions.DEFAULT);
    assertThat(((Value.Vector) q.exec().value()).samples()).hasSize(50);
    assertThatThrownBy(q::exec).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void queriesBeyondTheConcurrencyLimitWaitAndTimeOutInTheQueue() throws Exception {
    Semaphore slots = new Semaphore(1, true);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Queryable blocking = hooked(() -> {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, opened, closed);
    PreparedQuery first = query(EngineOptions.DEFAULT, slots, blocking, sel("foo"),
        QueryOptions.DEFAULT);
    CompletableFuture<QueryResult> running = CompletableFuture.supplyAsync(first::exec, THREADS);
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    PreparedQuery second = query(EngineOptions.DEFAULT, slots, store::querier, sel("foo"),
        new QueryOptions(0, Duration.ofMillis(100), false));
    assertThatThrownBy(second::exec)
        .hasMessage("query timed out in query queue")
        .matches(e -> ((PromqlException) e).type() == ErrorType.TIMEOUT);
    // A waiting query can also be cancelled.
    PreparedQuery third = query(EngineOptions.DEFAULT, slots, store::querier, sel("foo"),
        QueryOptions.DEFAULT);
    CompletableFuture<QueryResult> waiting = CompletableFuture.supplyAsync(third::exec, THREADS);
    sleep(100);
    third.cancel();
    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
        .hasRootCauseMessage("query was canceled in query queue");
    release.countDown();
    assertThat(((Value.Vector) running.get(5, TimeUnit.SECONDS).value()).samples()).hasSize(50);
    // The slot is free again.
    assertThat(slots.availablePermits()).isEqualTo(1);
  }

  @Test
  void expressionWithoutSelectorsOpensNoQuerier() {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    PreparedQuery q = query(EngineOptions.DEFAULT, new Semaphore(1),
        hooked(() -> { }, opened, closed), Ast.num(1), QueryOptions.DEFAULT);
    assertThat(q.exec().value()).isEqualTo(new Value.Scalar(1000, 1));
    assertThat(opened.get()).isZero();
  }

  @Test
  void querierCoversTheWholeQueryRange() {
    long[] range = new long[2];
    Queryable recording = (mint, maxt) -> {
      range[0] = mint;
      range[1] = maxt;
      return store.querier(mint, maxt);
    };
    Expr e = Ast.call("count_over_time", dev.vigil.promql.ast.ValueKind.VECTOR,
        Ast.subquery(Ast.range(sel("foo", 60_000, null), 120_000).selector(), 600_000, 0,
            30_000, null));
    new PreparedQuery(EngineOptions.DEFAULT, new Semaphore(1), recording, "q",
        sel("foo", 60_000, null), 1_000_000, 2_000_000, 10_000, QueryOptions.DEFAULT).exec();
    assertThat(range[0]).isEqualTo(1_000_000 - 60_000 - 300_000);
    assertThat(range[1]).isEqualTo(2_000_000 - 60_000);
    QueryExtent extent = new QueryExtent(300_000, 60_000);
    extent.visit(e, 1_000_000, 1_000_000);
    // subquery: (1000s - 30s - 600s, 1000s - 30s], inner selector offset 60s and lookback 5m
    assertThat(extent.mint).isEqualTo(1_000_000 - 30_000 - 600_000 - 60_000 - 300_000);
  }
}
