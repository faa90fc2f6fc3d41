package dev.vigil.promql.engine;

import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * Per-query state shared by the evaluator, functions and operators: annotations, the
 * samples-in-memory limit and cancellation. Not thread-safe: one query, one thread; a helper
 * thread evaluating some of the query's series works on its own {@link #fork}, whose counters
 * {@link SeriesFanOut} replays on the query's context in input order.
 */
public final class EvalContext {
  public static final String TOO_MANY_SAMPLES =
      "query processing would load too many samples into memory in query execution";

  private Annotations annotations = new Annotations();
  private final EngineOptions options;
  private final long maxSamples;
  private final BooleanSupplier cancelled;
  private long currentSamples;
  private long peakSamples;
  private long totalSamples;
  private long slots;
  /** Step slots a query may hold: a quarter of the heap at ~9 bytes per slot. */
  private final long slotBudget;
  /** For a fork: whether its current series must stop (a failure before it, or cancellation). */
  private final IntPredicate stopped;
  /** For a fork: the index of the series it evaluates, for {@link #stopped}. */
  private int seriesIndex;

  private final String query;
  /** {@link System#nanoTime()} after which the query has timed out; Long.MAX_VALUE for never. */
  private final long deadlineNanos;
  private final boolean hasDeadline;
  /**
   * Why queries yield: the JDK never preempts a virtual thread, and the server runs queries,
   * rule groups and write requests on virtual threads over a few carriers (one on a 2-processor
   * machine), so a query evaluating for seconds would hold a carrier, and every remote write
   * waiting for it, that long. Yielding at the cancellation checks, which evaluation passes at
   * least once per series, lets the waiting threads run within about this interval; each yield
   * costs a few microseconds.
   */
  static final long YIELD_EVERY_NANOS = 2_000_000;

  private long lastYieldNanos = System.nanoTime();
  /** Samples read per step of the query's own grid (stats=all), or null. */
  private long[] perStepSamples;

  public EvalContext(String query, EngineOptions options, BooleanSupplier cancelled) {
    this(query, options, cancelled, 0, false);
  }

  /**
   * @param deadlineNanos {@link System#nanoTime()} value past which {@link #checkCancelled()}
   *     reports a timeout (used only when {@code hasDeadline})
   */
  public EvalContext(
      String query, EngineOptions options, BooleanSupplier cancelled, long deadlineNanos,
      boolean hasDeadline) {
    this.query = query;
    this.options = options;
    this.maxSamples = options.maxSamples();
    this.cancelled = cancelled;
    this.deadlineNanos = deadlineNanos;
    this.hasDeadline = hasDeadline;
    this.slotBudget = Math.max(1_000_000, Runtime.getRuntime().maxMemory() / 4 / 9);
    this.stopped = null;
  }

  private EvalContext(EvalContext parent, IntPredicate stopped) {
    this.query = parent.query;
    this.options = parent.options;
    this.maxSamples = parent.maxSamples;
    this.cancelled = parent.cancelled;
    this.deadlineNanos = parent.deadlineNanos;
    this.hasDeadline = parent.hasDeadline;
    this.slotBudget = parent.slotBudget;
    this.stopped = stopped;
    if (parent.perStepSamples != null) {
      this.perStepSamples = new long[parent.perStepSamples.length];
    }
  }

  /**
   * A context for one helper thread of this query: the same options, limits, cancellation and
   * deadline, its own counters and annotations. {@code stopped} is asked with the index of the
   * series being evaluated (see {@link #startSeries}) whenever {@link #checkCancelled()} is.
   */
  EvalContext fork(IntPredicate stopped) {
    return new EvalContext(this, stopped);
  }

  /**
   * Starts a fork on series {@code index} with {@code samples} samples and {@code slots} step
   * slots held before it (a lower bound of what the query holds there): its counters then
   * measure that series alone on top of them.
   */
  void startSeries(int index, long samples, long slots) {
    seriesIndex = index;
    currentSamples = samples;
    peakSamples = samples;
    this.slots = slots;
  }

  /** Sends a fork's annotations to {@code a} from now on. */
  void useAnnotations(Annotations a) {
    annotations = a;
  }

  /** Adds a fork's statistics (samples read, per step) to this context's. */
  void addStats(EvalContext fork) {
    totalSamples += fork.totalSamples;
    if (perStepSamples != null && fork.perStepSamples != null) {
      for (int i = 0; i < perStepSamples.length; i++) {
        perStepSamples[i] += fork.perStepSamples[i];
      }
    }
  }

  /** The query text (for messages). */
  public String query() {
    return query;
  }

  public Annotations annotations() {
    return annotations;
  }

  /**
   * The position suffix Prometheus appends to annotations about a node, e.g. {@code " (1:6)"}
   * (line and column of the node's start, 1-based).
   */
  public String position(dev.vigil.promql.ast.PosRange pos) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < pos.start() && i < query.length(); i++) {
      if (query.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return " (" + line + ":" + col + ")";
  }

  public EngineOptions options() {
    return options;
  }

  /**
   * Accounts {@code n} more samples held in memory.
   *
   * @throws PromqlException ({@link ErrorType#EXECUTION}) past the limit
   */
  public void acquireSamples(long n) {
    currentSamples += n;
    if (currentSamples > peakSamples) {
      peakSamples = currentSamples;
    }
    if (currentSamples > maxSamples) {
      throw new PromqlException(ErrorType.EXECUTION, TOO_MANY_SAMPLES);
    }
  }

  /**
   * Accounts {@code n} more step slots allocated for step series (memory held whether or not
   * the steps have samples, unlike {@link #acquireSamples}): a query whose series would not fit
   * the heap fails with the sample-limit error instead of taking the process down.
   */
  public void reserveSlots(long n) {
    slots += n;
    if (slots > slotBudget) {
      throw new PromqlException(ErrorType.EXECUTION, TOO_MANY_SAMPLES);
    }
  }

  /** Step slots now held (see {@link #reserveSlots}). */
  public long slots() {
    return slots;
  }

  /** Sets the step slots held after a node replaced its inputs by its output. */
  public void settleSlots(long n) {
    slots = n;
  }

  /** Samples held in memory now. */
  public long currentSamples() {
    return currentSamples;
  }

  /** Samples no longer held. */
  public void releaseSamples(long n) {
    currentSamples -= n;
  }

  /** Samples read from storage (for {@code totalQueryableSamples}). */
  public void countQueryable(long n) {
    totalSamples += n;
  }

  /** Starts counting samples read per step of a grid of {@code steps} steps. */
  public void enablePerStepStats(int steps) {
    perStepSamples = new long[steps];
  }

  /** Per-step counts when enabled, else null. */
  public long[] perStepSamples() {
    return perStepSamples;
  }

  /** Counts {@code n} samples read for step {@code step} of the query grid (when enabled). */
  public void countQueryableAtStep(int step, long n) {
    if (perStepSamples != null && step >= 0 && step < perStepSamples.length) {
      perStepSamples[step] += n;
    }
  }

  public long peakSamples() {
    return peakSamples;
  }

  public long totalQueryableSamples() {
    return totalSamples;
  }

  /**
   * Stops the query when it is cancelled or past its deadline, and on a virtual thread gives its
   * carrier up every {@link #YIELD_EVERY_NANOS}.
   *
   * @throws PromqlException ({@link ErrorType#CANCELED}/{@link ErrorType#TIMEOUT}) when stopped
   */
  public void checkCancelled() {
    if (cancelled.getAsBoolean()) {
      throw new PromqlException(ErrorType.CANCELED, "query was canceled in expression evaluation");
    }
    long now = System.nanoTime();
    if (hasDeadline && now - deadlineNanos > 0) {
      throw new PromqlException(ErrorType.TIMEOUT, "query timed out in expression evaluation");
    }
    if (now - lastYieldNanos > YIELD_EVERY_NANOS) {
      lastYieldNanos = now;
      if (Thread.currentThread().isVirtual()) {
        Thread.yield();
      }
    }
    if (stopped != null && stopped.test(seriesIndex)) {
      throw new SeriesFanOut.Stopped();
    }
  }
}
