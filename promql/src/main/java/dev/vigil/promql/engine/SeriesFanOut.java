package dev.vigil.promql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Evaluates one node's per-series work (a range function's windows over each series, an instant
 * selector's steps) on the query's thread and, once the node has more than {@link
 * EngineOptions#parallelMinSeries()} series, on helper threads of the engine's {@link
 * QueryWorkers} as well, with exactly the results, errors, sample accounting, statistics and
 * annotations a sequential run gives, whatever the number of threads and their timing.
 *
 * <p>Design. Series come from the node's source (a store's series set: not thread-safe) in input
 * order, pulled under one lock in blocks of {@link #BLOCK}; the thread that pulls a block
 * evaluates its series in order on its own {@link EvalContext#fork fork} of the query's context
 * (own counters and annotations, the query's cancellation and deadline). The query's thread works
 * on blocks like any helper, so it finishes even when every pool thread is busy with other
 * queries; then it waits only for blocks that other threads have claimed (which are running).
 * After each block, the thread that evaluated it (and the query's thread while it waits) folds
 * the finished blocks that follow the ones folded so far, one thread at a time, in input order,
 * up to the first unfinished or failed one; what is left is folded on the query's thread once no
 * other thread works. So results can go to a consumer (a streaming aggregation) as soon as
 * their turn comes, and none is folded after the node is over. The fold replays each series' sample accounting on the
 * query's context (its peak on top of what the series before it keep, then what it keeps), so the
 * sample limit fails at the same series as in a sequential run and the peak statistic is the
 * same; it then rethrows the first series error in input order and merges annotations in input
 * order (the query's annotation sets keep their first-seen order).
 *
 * <p>A fork checks the limit against a lower bound of what is held before its series (the blocks
 * finished before its block was claimed, plus its own block so far): a query past the limit fails
 * promptly and never falsely. A series failing at index k stops work on later series only: the
 * earlier ones are still needed to decide which error a sequential run reports. Cancellation and
 * timeouts stop every thread at once. Helper tasks that start after their query is over find no
 * block to claim, so they never touch a closed store.
 */
final class SeriesFanOut<S> {
  /** Series per block: a few hundred microseconds of range-function work. */
  static final int BLOCK = 32;
  /** Blocks a helper of a streaming node may claim beyond the last one handed over. */
  static final int AHEAD = 4;

  /** A series' work as evaluated by one thread (which owns its scratch state). */
  interface Work<S> {
    /** The series' result, or null when it has none. */
    StepSeries apply(S source);
  }

  /** Thrown by a fork's {@link EvalContext#checkCancelled()} when its series is not needed. */
  static final class Stopped extends RuntimeException {
    Stopped() {
      super("series after a failed one", null, false, false);
    }
  }

  private final Evaluator ev;
  private final Supplier<S> feed;
  private final Function<EvalContext, Work<S>> workFor;
  private final Consumer<StepSeries> sink;
  /**
   * Whether the sink folds and recycles what it gets: helpers then stay at most {@link #AHEAD}
   * blocks ahead of the last series handed over, so that what is in flight stays bounded.
   */
  private final boolean streaming;
  /** Series handed over so far (written under {@link #handing} and {@link #lock}). */
  private volatile int handed;
  /** Held while blocks are handed to the sink: by one thread at a time, in input order. */
  private final ReentrantLock handing = new ReentrantLock();
  /** Blocks already handed to the sink (written under {@link #handing}). */
  private volatile int folded;
  /** Set once the query's thread is done with this node: no thread hands anything over then. */
  private boolean over; // guarded by handing

  private final Object lock = new Object();
  // guarded by lock
  private final List<Block<S>> blocks = new ArrayList<>();
  private final List<EvalContext> forks = new ArrayList<>();
  private S pending;
  private int nextIndex;
  private boolean exhausted;
  private boolean closed;
  private int inFlight;
  private long heldDone;
  private long slotsDone;
  private long heldBase;
  private long slotsBase;
  /** Series after this index are not needed (a failure at it; -1 stops all). */
  private volatile int stopAt = Integer.MAX_VALUE;
  /** Cancellation or timeout seen by any thread (first wins). */
  private volatile RuntimeException abort;

  private SeriesFanOut(Evaluator ev, Supplier<S> feed, Function<EvalContext, Work<S>> workFor,
      Consumer<StepSeries> sink, boolean streaming) {
    this.streaming = streaming;
    this.ev = ev;
    this.feed = feed;
    this.workFor = workFor;
    this.sink = sink;
  }

  /**
   * Evaluates every series {@code feed} yields (null after the last) with the work {@code
   * workFor} makes for a thread's context, and returns the non-null results in input order.
   *
   * @param steps steps each series is evaluated at: with more steps, fewer series are worth
   *     handing off (the threshold counts a series as 16 units plus one per step)
   */
  static <S> List<StepSeries> run(
      Evaluator ev, int steps, Supplier<S> feed, Function<EvalContext, Work<S>> workFor) {
    List<StepSeries> out = new ArrayList<>();
    run(ev, steps, feed, workFor, out::add, false);
    return out;
  }

  /**
   * As {@link #run(Evaluator, int, Supplier, Function)}, handing each non-null result to {@code
   * sink} on the query's thread, in input order, as soon as it and every series before it are
   * evaluated (while helpers still work on later ones), instead of collecting them: a consumer
   * that folds them (a streaming aggregation) never holds the node's whole output. A series is
   * handed over after its sample accounting was replayed on the query's context, exactly when a
   * sequential run would have it; a failure before it means it is never handed over.
   */
  static <S> void run(Evaluator ev, int steps, Supplier<S> feed,
      Function<EvalContext, Work<S>> workFor, Consumer<StepSeries> sink, boolean streaming) {
    QueryWorkers workers = ev.workers;
    int sequential = workers == null || !workers.parallel()
        ? Integer.MAX_VALUE : sequentialSeries(workers.minSeries(), steps);
    Work<S> work = workFor.apply(ev.ctx);
    S src = feed.get();
    for (int done = 0; src != null && done < sequential; done++) {
      StepSeries res = work.apply(src);
      if (res != null) {
        sink.accept(res);
      }
      src = feed.get();
    }
    if (src == null) {
      return;
    }
    SeriesFanOut<S> fan = new SeriesFanOut<>(ev, feed, workFor, sink, streaming);
    fan.pending = src;
    fan.heldBase = ev.ctx.currentSamples();
    fan.slotsBase = ev.ctx.slots();
    fan.parallel(workers);
  }

  /**
   * Series evaluated on the query's thread before helpers join: {@code minSeries} for a one-step
   * node, fewer when each series has more steps.
   */
  static int sequentialSeries(int minSeries, int steps) {
    long units = (long) minSeries * (SERIES_UNITS + 1);
    return (int) Math.max(1, Math.min(minSeries, units / (SERIES_UNITS + Math.max(1, steps))));
  }

  /** The cost of opening a series' samples, in steps evaluated. */
  private static final int SERIES_UNITS = 15;

  private void parallel(QueryWorkers workers) {
    for (int i = 0; i < workers.helpers(); i++) {
      if (!workers.submit(this::help)) {
        break;
      }
    }
    RuntimeException failure = null;
    try {
      help(true);
    } catch (RuntimeException | Error e) {
      failure = asAbort(e);
    }
    synchronized (lock) {
      closed = true;
    }
    // Hand finished blocks over while the helpers' last blocks are still running.
    while (true) {
      boolean idle;
      synchronized (lock) {
        while (inFlight > 0 && !(failure == null && abort == null && nextBlockReady())) {
          try {
            lock.wait(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the query's context reports it as a cancellation
          }
          if (failure == null && abort == null) {
            try {
              ev.ctx.checkCancelled();
            } catch (PromqlException e) {
              failure = asAbort(e);
            }
          }
        }
        idle = inFlight == 0;
      }
      if (failure == null && abort == null) {
        failure = drain(true);
      }
      if (idle) {
        break;
      }
    }
    handing.lock();
    try {
      over = true; // a helper that finished its last block may still try to hand over
      RuntimeException stop = failure != null ? failure : abort;
      if (stop instanceof ErrorCarrier c) {
        throw (Error) c.getCause();
      }
      if (stop != null) {
        throw stop;
      }
      fold();
    } finally {
      handing.unlock();
    }
  }

  /** Whether the next block to hand over has finished without a failure; holds the lock. */
  private boolean nextBlockReady() {
    if (folded >= blocks.size()) {
      return false;
    }
    Block<S> b = blocks.get(folded);
    return b.finished && b.error == null && b.done == b.count;
  }

  /**
   * Replays and hands over the finished blocks that follow the ones already handed over, up to
   * the first unfinished or failed one (which {@link #fold} deals with once every thread is
   * done). Any thread may do it, one at a time: a helper that finished a block hands it over
   * rather than leave it (and the series it holds) to the query's thread. While one thread hands
   * over, another one does not wait ({@code wait} false) and leaves its block to it or to the
   * query's thread, which waits for blocks until none is in flight.
   *
   * @return the failure of the replay or the sink (the sample limit, say), as an abort
   */
  private RuntimeException drain(boolean wait) {
    if (wait) {
      handing.lock();
    } else if (!handing.tryLock()) {
      return null;
    }
    try {
      while (!over) {
        Block<S> b;
        synchronized (lock) {
          if (abort != null || folded >= blocks.size()) {
            return null;
          }
          b = blocks.get(folded);
          if (!b.finished || b.error != null || b.done < b.count) {
            return null;
          }
        }
        handOver(b);
        synchronized (lock) {
          folded++;
          handed = b.first + b.count;
          lock.notifyAll(); // a helper may wait for the hand-over to catch up
        }
      }
      return null;
    } catch (RuntimeException | Error e) {
      return asAbort(e);
    } finally {
      handing.unlock();
    }
  }

  /** A block's accounting, results and annotations, on the query's context in input order. */
  private void handOver(Block<S> b) {
    EvalContext ctx = ev.ctx;
    for (int i = 0; i < b.done; i++) {
      handOver(ctx, b, i);
    }
    for (String w : b.annotations.warnings()) {
      ctx.annotations().warn(w);
    }
    for (String info : b.annotations.infos()) {
      ctx.annotations().info(info);
    }
  }

  /**
   * Series {@code i} of a block: its accounting on the query's context, its result to the sink.
   * The per-series steps of two block loops ({@link #handOver}, {@link #claimNow}) are methods
   * of their own: called for every series of every parallel node, they are compiled early in a
   * server's life, where the block loops themselves (a few calls per node) reached the JIT late,
   * each as an on-stack-replacement compilation with the sink or the store's series set inlined.
   */
  private void handOver(EvalContext ctx, Block<S> b, int i) {
    replay(ctx, b.peak[i], b.held[i], b.slots[i]);
    StepSeries res = b.results[i];
    if (res != null) {
      b.results[i] = null;
      sink.accept(res);
    }
  }

  /** Records a cancellation or timeout (or an error outside any series) and stops every thread. */
  private RuntimeException asAbort(Throwable e) {
    RuntimeException r = e instanceof RuntimeException re ? re
        : e instanceof Error err ? new ErrorCarrier(err) : new IllegalStateException(e);
    synchronized (lock) {
      if (abort == null) {
        abort = r;
      }
      stopAt = -1;
    }
    return abort;
  }

  /** Claims and evaluates blocks until none is left (helper threads). */
  private void help() {
    help(false);
  }

  /**
   * Claims and evaluates blocks until none is left, handing finished blocks over after each;
   * on the query's thread ({@code owner}) a failure to hand over is thrown.
   */
  private void help(boolean owner) {
    EvalContext fork = null;
    Work<S> work = null;
    for (Block<S> b = claim(owner); b != null; b = claim(owner)) {
      try {
        if (fork == null) {
          fork = ev.ctx.fork(i -> i > stopAt);
          work = workFor.apply(fork);
          synchronized (lock) {
            forks.add(fork);
          }
        }
        evaluate(b, fork, work);
      } catch (RuntimeException | Error e) {
        asAbort(e);
      } finally {
        finish(b);
      }
      if (abort == null) {
        RuntimeException e = drain(false);
        if (e != null && owner) {
          throw e;
        }
      }
    }
  }

  private Block<S> claim(boolean owner) {
    // Every series before nextIndex is in a claimed block, which a running thread finishes:
    // waiting here never waits for the pool (the query's thread waits for its helpers only when
    // they are AHEAD blocks ahead of the hand-over, so it waits as well, a bit later). A thread
    // that finds the next block to hand over finished hands it over itself: the thread that
    // finished it may have found another one handing over and left it.
    int ahead = owner ? 2 * AHEAD * BLOCK : AHEAD * BLOCK;
    while (true) {
      synchronized (lock) {
        if (!streaming || closed || exhausted || nextIndex > stopAt || abort != null
            || nextIndex - handed < ahead) {
          return claimNow();
        }
        if (!nextBlockReady()) {
          try {
            lock.wait(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
          }
          continue;
        }
      }
      RuntimeException e = drain(true);
      if (e != null) {
        return null; // an abort: the query's thread throws it
      }
    }
  }

  /** Claims the next block (called holding the lock). */
  private Block<S> claimNow() {
    synchronized (lock) {
      if (closed || exhausted || nextIndex > stopAt) {
        return null;
      }
      Block<S> b = new Block<>(nextIndex, heldBase + heldDone, slotsBase + slotsDone);
      while (b.count < BLOCK) {
        S s = pull(b);
        if (s == null) {
          break;
        }
        b.sources[b.count++] = s;
      }
      if (b.count == 0) {
        if (b.error != null) {
          b.finished = true;
          blocks.add(b);
        }
        return null;
      }
      blocks.add(b);
      nextIndex += b.count;
      inFlight++;
      return b;
    }
  }

  /**
   * The next series for block {@code b} (called holding the lock), or null after the last one or
   * when the store fails (recorded in {@code b}).
   */
  private S pull(Block<S> b) {
    if (pending != null) {
      S s = pending;
      pending = null;
      return s;
    }
    S s;
    try {
      s = feed.get();
    } catch (RuntimeException | Error e) {
      // The store failed before series nextIndex + count: a sequential run fails there.
      b.error = e;
      exhausted = true;
      stopAt = Math.min(stopAt, nextIndex + b.count);
      return null;
    }
    if (s == null) {
      exhausted = true;
    }
    return s;
  }

  private void evaluate(Block<S> b, EvalContext fork, Work<S> work) {
    // Unlike the other block loops, this one keeps its per-series step inline: on its own, that
    // step became hot before the works it calls were compiled, and the JIT compiled every work
    // into it (twice ~45 KB of code, ~160 ms of compiler time each on the benchmark machine).
    fork.useAnnotations(b.annotations);
    long held = b.heldBefore;
    long slots = b.slotsBefore;
    for (int i = 0; i < b.count; i++) {
      int index = b.first + i;
      if (index > stopAt) {
        return;
      }
      fork.startSeries(index, held, slots);
      StepSeries res;
      try {
        @SuppressWarnings("unchecked")
        S src = (S) b.sources[i];
        res = work.apply(src);
      } catch (Stopped e) {
        return;
      } catch (PromqlException e) {
        if (e.type() == ErrorType.CANCELED || e.type() == ErrorType.TIMEOUT) {
          asAbort(e);
          return;
        }
        failed(b, i, fork, held, slots, e);
        return;
      } catch (RuntimeException | Error e) {
        failed(b, i, fork, held, slots, e);
        return;
      }
      b.sources[i] = null;
      b.results[i] = res;
      b.peak[i] = fork.peakSamples() - held;
      b.held[i] = fork.currentSamples() - held;
      b.slots[i] = fork.slots() - slots;
      b.heldSum += b.held[i];
      b.slotsSum += b.slots[i];
      held = fork.currentSamples();
      slots = fork.slots();
      b.done = i + 1;
    }
  }

  private void failed(Block<S> b, int i, EvalContext fork, long held, long slots, Throwable e) {
    b.error = e;
    b.errorPeak = fork.peakSamples() - held;
    b.errorSlots = fork.slots() - slots;
    synchronized (lock) {
      stopAt = Math.min(stopAt, b.first + i);
    }
  }

  private void finish(Block<S> b) {
    synchronized (lock) {
      // sums kept by evaluate: a loop here (a few calls per node, 32 rounds each) was compiled
      // twice, on-stack replacement first, then as a whole
      heldDone += b.heldSum;
      slotsDone += b.slotsSum;
      b.finished = true;
      inFlight--;
      lock.notifyAll(); // the query's thread waits for this block or for the last one
    }
  }

  /**
   * Replays the blocks not handed over yet on the query's context in input order: the sample
   * limit, the first error, the results, annotations and statistics come out as a sequential run
   * makes them.
   */
  private void fold() {
    EvalContext ctx = ev.ctx;
    for (; folded < blocks.size(); folded++) {
      Block<S> b = blocks.get(folded);
      if (b.error != null || b.done < b.count) {
        for (int i = 0; i < b.done; i++) {
          replay(ctx, b.peak[i], b.held[i], b.slots[i]);
          if (b.results[i] != null) {
            sink.accept(b.results[i]);
          }
        }
        if (b.error != null) {
          replay(ctx, b.errorPeak, 0, b.errorSlots);
          rethrow(b.error);
        }
        throw new IllegalStateException("series " + (b.first + b.done)
            + " was not evaluated, yet no series before it failed");
      }
      handOver(b);
    }
    for (EvalContext fork : forks) {
      ctx.addStats(fork);
    }
  }

  /** A series' accounting on the query's context: its peak is checked, {@code held} kept. */
  private static void replay(EvalContext ctx, long peak, long held, long slots) {
    ctx.acquireSamples(peak);
    ctx.releaseSamples(peak - held);
    ctx.reserveSlots(slots);
  }

  private static void rethrow(Throwable e) {
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException(e);
  }

  /** An error (such as a stack overflow) of a helper thread, rethrown as it was. */
  private static final class ErrorCarrier extends RuntimeException {
    ErrorCarrier(Error e) {
      super(e);
    }
  }

  /** Up to {@link #BLOCK} consecutive series and what their evaluation left. */
  private static final class Block<S> {
    final int first;
    final long heldBefore;
    final long slotsBefore;
    final Object[] sources = new Object[BLOCK];
    final StepSeries[] results = new StepSeries[BLOCK];
    final long[] peak = new long[BLOCK];
    final long[] held = new long[BLOCK];
    final long[] slots = new long[BLOCK];
    final Annotations annotations = new Annotations();
    int count;
    /** Series evaluated, in order. */
    int done;
    /** The failure of series {@code done} (or of the store before it), if any. */
    Throwable error;
    long errorPeak;
    long errorSlots;
    /** Sums of {@link #held} and {@link #slots} over the series evaluated. */
    long heldSum;
    long slotsSum;
    boolean finished;

    Block(int first, long heldBefore, long slotsBefore) {
      this.first = first;
      this.heldBefore = heldBefore;
      this.slotsBefore = slotsBefore;
    }
  }
}
