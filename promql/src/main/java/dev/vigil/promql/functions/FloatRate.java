package dev.vigil.promql.functions;

/**
 * {@code rate}, {@code increase} and {@code delta} over a window of float samples without start
 * timestamps and without the {@code anchored}/{@code smoothed} modifiers: the case of nearly
 * every dashboard query, which the evaluator runs in its own step loop rather than through
 * {@link RangeFunction#apply} (no per-step stores into the window's fields, no content checks for
 * histograms or start timestamps it already knows are absent). The arithmetic is that of {@link
 * RateFunctions}, operation for operation, so results are bit-identical. Immutable; thread-safe
 * (the remembered window shape lives in each thread's {@link RangeWindow}).
 */
public final class FloatRate {
  private static final FloatRate RATE = new FloatRate(true, true);
  private static final FloatRate INCREASE = new FloatRate(true, false);
  private static final FloatRate DELTA = new FloatRate(false, false);

  private final boolean isCounter;
  private final boolean isRate;

  private FloatRate(boolean isCounter, boolean isRate) {
    this.isCounter = isCounter;
    this.isRate = isRate;
  }

  /** The kernel for a range function's name, or null when it is not one of the three. */
  public static FloatRate forFunction(String name) {
    return switch (name) {
      case "rate" -> RATE;
      case "increase" -> INCREASE;
      case "delta" -> DELTA;
      default -> null;
    };
  }

  /** Whether resets matter (rate, increase): the caller then tracks them for {@link #value}. */
  public boolean isCounter() {
    return isCounter;
  }

  /**
   * The value of the window of buffer indices {@code [first, last]} ({@code last > first}) whose
   * samples are all floats without start timestamps: {@code w.t}, {@code w.f}, {@code
   * w.rangeStart} and {@code w.rangeEnd} must be set.
   *
   * @param reset whether some sample in {@code (first, last]} is below its predecessor (only read
   *     for counters); when false the correction loop is skipped, which changes nothing
   */
  public double value(RangeWindow w, int first, int last, boolean reset) {
    double[] f = w.f;
    double result = f[last] - f[first];
    if (isCounter && reset) {
      for (int i = first + 1; i <= last; i++) {
        if (f[i] < f[i - 1]) {
          result += f[i - 1];
        }
      }
    }
    return result * factor(w, first, last, f[first], result);
  }

  /**
   * {@link RateFunctions#extrapolationFactor} without anchoring, operation for operation, with
   * what depends only on the window's shape (its sample count and the distances between its
   * first and last samples and its bounds) remembered from the previous window: regularly spaced
   * samples under regularly spaced steps give every window the same shape, so a step computes
   * only the counter's zero point. Where {@link Quotient} remembers each division on its own, this
   * checks four numbers once per step.
   */
  private double factor(RangeWindow w, int first, int last, double firstValue, double result) {
    long[] t = w.t;
    long firstT = t[first];
    long lastT = t[last];
    long toStart = firstT - w.rangeStart;
    long toEnd = w.rangeEnd - lastT;
    long range = w.rangeEnd - w.rangeStart;
    int n = last - first + 1;
    Shape s = w.rateShape;
    if (s == null) {
      s = new Shape();
      w.rateShape = s;
    }
    if (s.of != this || s.toStart != toStart || s.toEnd != toEnd || s.range != range || s.n != n
        || s.span != lastT - firstT) {
      s.of = this;
      s.toStart = toStart;
      s.toEnd = toEnd;
      s.range = range;
      s.n = n;
      s.span = lastT - firstT;
      double durationToStart = toStart / 1000.0;
      double durationToEnd = toEnd / 1000.0;
      double sampledInterval = (lastT - firstT) / 1000.0;
      double averageInterval = sampledInterval / (n - 1);
      double threshold = averageInterval * 1.1;
      if (durationToStart >= threshold) {
        durationToStart = averageInterval / 2;
      }
      if (durationToEnd >= threshold) {
        durationToEnd = averageInterval / 2;
      }
      s.durationToStart = durationToStart;
      s.moderateShape = RateFunctions.moderate(sampledInterval)
          && (durationToStart == 0 || RateFunctions.moderate(durationToStart));
      s.durationToEnd = durationToEnd;
      s.sampledInterval = sampledInterval;
      s.rangeSeconds = range / 1000.0;
      s.factorSet = false;
    }
    double durationToStart = s.durationToStart;
    double sampledInterval = s.sampledInterval;
    if (isCounter) {
      // A counter cannot go below zero: when the extrapolated start would, start at the zero point.
      double durationToZero = durationToStart;
      // RateFunctions.clearlyAfterZero, its tests on the shape's numbers made once per shape
      if (result > 0 && firstValue >= 0 && !(s.moderateShape && RateFunctions.moderate(firstValue)
          && RateFunctions.moderate(result)
          && firstValue * sampledInterval > durationToStart * result * (1 + 1e-9))) {
        durationToZero = sampledInterval * (firstValue / result);
      }
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    long startBits = Double.doubleToRawLongBits(durationToStart);
    if (!s.factorSet || s.factorStartBits != startBits) {
      double factor = (sampledInterval + durationToStart + s.durationToEnd) / sampledInterval;
      if (isRate) {
        factor = factor / s.rangeSeconds;
      }
      s.factorSet = true;
      s.factorStartBits = startBits;
      s.factor = factor;
    }
    return s.factor;
  }

  /**
   * The last window shape {@link #factor} saw and what follows from it. One per {@link
   * RangeWindow} (so per thread).
   */
  static final class Shape {
    /** The kernel the shape was computed for; null before the first window. */
    FloatRate of;
    long toStart;
    long toEnd;
    long range;
    long span;
    int n;
    double durationToStart;
    /** The shape's part of {@link RateFunctions#clearlyAfterZero}. */
    boolean moderateShape;
    double durationToEnd;
    double sampledInterval;
    double rangeSeconds;
    boolean factorSet;
    long factorStartBits;
    double factor;
  }

  /**
   * Emits what the per-step function would have emitted along with a value (the "might not be a
   * counter" info of rate and increase); annotations are a set, so once per series is enough.
   */
  public void annotate(RangeWindow w) {
    if (isCounter) {
      RateFunctions.counterInfo(w);
    }
  }
}
