package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.engine.EvalContext;

/**
 * The input and output of one {@link RangeFunction} call: the samples of one series and the
 * window of one step. The evaluator fills it and reuses it for every step and series, so a call
 * allocates nothing.
 *
 * <p>{@code t/f/h} hold every sample of the series the evaluator loaded for the whole query, in
 * time order ({@code h[i]} non-null marks a histogram sample; {@code h} is null when the series
 * has none). The window is indices {@code [from, to)}, the samples with {@code rangeStart < t <=
 * rangeEnd} (left-open). For the {@code anchored}/{@code smoothed} modifiers the buffer also holds
 * the samples the modifier needs around the window (up to the lookback delta before
 * {@code rangeStart}, and after {@code rangeEnd} for smoothed), so a function may look at indices
 * below {@code from} and at or above {@code to}.
 */
public final class RangeWindow {
  public long[] t;
  public double[] f;
  public FloatHistogram[] h;
  /**
   * Start timestamps parallel to {@code t} ({@link dev.vigil.model.SampleIterator#NO_START_TIMESTAMP}
   * where a sample has none), or null when no sample has one, the engine does not use them
   * ({@link dev.vigil.promql.engine.EngineOptions#useStartTimestamps()}) or the range vector is a
   * subquery (whose computed samples have none, as in Prometheus).
   */
  public long[] st;
  public int size;

  public int from;
  public int to;
  public long rangeStart;
  public long rangeEnd;
  /** The step's evaluation time (before offset and {@code @}). */
  public long stepTime;
  public boolean anchored;
  public boolean smoothed;
  /** Lookback delta in ms (for anchored/smoothed boundary samples). */
  public long lookbackDelta;

  /** Scalar arguments at this step by argument position (NaN for non-scalar positions). */
  public double[] scalarArgs;
  /** String arguments by position (null for non-string positions). */
  public String[] stringArgs;

  /** The series (for annotations naming the metric). */
  public Labels labels;
  /** Position of the function call and of its range-vector argument (for annotations). */
  public PosRange callPos;
  public PosRange argPos;
  /**
   * The call being evaluated, when the evaluator sets it: annotations about a scalar argument
   * (e.g. an invalid quantile) carry that argument's position, as in Prometheus. Null falls back to
   * {@link #callPos}.
   */
  public Expr.Call call;
  public EvalContext ctx;

  /** The result: a histogram when {@code outHistogram} is non-null, else {@code outValue}. */
  public double outValue;
  public FloatHistogram outHistogram;

  public int windowSize() {
    return to - from;
  }

  /**
   * Position of argument {@code i} of the call; without {@link #call}, the range argument's
   * position (or the call's).
   */
  public PosRange argPos(int i) {
    if (call != null && i < call.args().size()) {
      return call.args().get(i).pos();
    }
    return argPos != null ? argPos : callPos;
  }

  /**
   * The metric name every series of the call has, when its range argument selects one name with
   * an equality matcher; null when unknown. {@link #metricName} then needs no label lookup per
   * series (a binary search over fresh label strings, about a tenth of an instant rate's CPU).
   */
  public String fixedName;

  /** The series' metric name, or "" when it has none. */
  public String metricName() {
    if (fixedName != null) {
      return fixedName;
    }
    // Functions ask once per step; the labels change once per series, so look the name up once.
    if (labels != nameOf || name == null) {
      String n = labels == null ? null : labels.get(Labels.METRIC_NAME);
      name = n == null ? "" : n;
      nameOf = labels;
    }
    return name;
  }

  private Labels nameOf;
  private String name;

  /**
   * Whether the series' metric name is set and ends in none of a counter's suffixes ({@code
   * _total}, {@code _sum}, {@code _count}, {@code _bucket}): rate and increase note such names.
   * Asked once per step, decided once per series.
   */
  boolean nonCounterName() {
    String n = metricName();
    if (n != nonCounterOf) {
      nonCounter = !n.isEmpty() && !n.endsWith("_total") && !n.endsWith("_sum")
          && !n.endsWith("_count") && !n.endsWith("_bucket");
      nonCounterOf = n;
    }
    return nonCounter;
  }

  private String nonCounterOf;
  private boolean nonCounter;

  /** {@code (rangeEnd - rangeStart) / 1000.0}, divided once per distinct range. */
  double rangeSeconds() {
    long r = rangeEnd - rangeStart;
    if (r != rangeSecondsOf) {
      rangeSecondsOf = r;
      rangeSecondsValue = r / 1000.0;
    }
    return rangeSecondsValue;
  }

  private long rangeSecondsOf = Long.MIN_VALUE;
  private double rangeSecondsValue;

  /** The last window shape of {@link FloatRate}'s arithmetic; null until it first runs. */
  FloatRate.Shape rateShape;
  // Remembered quotients of rate's extrapolation (see Quotient).
  final Quotient toStart = new Quotient();
  final Quotient toEnd = new Quotient();
  final Quotient sampled = new Quotient();
  final Quotient average = new Quotient();
  final Quotient factor = new Quotient();
  final Quotient perSecond = new Quotient();

  // Counter resets found so far in the buffer, so that sliding windows look at each sample once.
  private double[] scanF;
  private int scanEnd;
  private int lastReset = -1;

  /**
   * Forgets what {@link #resetIn} learnt about the buffer: the evaluator calls it when it starts
   * on another series in the same arrays.
   */
  public void forgetResets() {
    scanF = null;
  }

  /** Keeps {@link #resetIn}'s knowledge valid after the buffer dropped its first {@code n} samples. */
  public void shiftResets(int n) {
    scanEnd = Math.max(0, scanEnd - n);
    lastReset = lastReset - n < 0 ? -1 : lastReset - n;
  }

  /**
   * Whether a sample in buffer indices {@code (first, last]} is a counter reset: its value is
   * below the previous sample's, or the start timestamps say so. Each sample is examined once per
   * series as windows slide forward (they never move back); the answer only tells whether the
   * caller needs its exact, order-preserving correction loop.
   */
  boolean resetIn(int first, int last) {
    if (f != scanF) {
      scanF = f;
      scanEnd = 0;
      lastReset = -1;
    }
    int i = Math.max(scanEnd, first + 1);
    double[] v = f;
    if (st == null) {
      for (; i <= last; i++) {
        if (v[i] < v[i - 1]) {
          lastReset = i;
        }
      }
    } else {
      for (; i <= last; i++) {
        if (v[i] < v[i - 1] || StartTimestamps.isReset(this, i)) {
          lastReset = i;
        }
      }
    }
    if (i > scanEnd) {
      scanEnd = i;
    }
    return lastReset > first;
  }

  private double[] scratch = new double[16];

  /**
   * A work array of at least {@code n} doubles owned by this window, so that functions that sort
   * (quantile_over_time, mad_over_time) do not allocate per step.
   */
  double[] scratch(int n) {
    if (scratch.length < n) {
      scratch = new double[Math.max(n, 2 * scratch.length)];
    }
    return scratch;
  }
}
