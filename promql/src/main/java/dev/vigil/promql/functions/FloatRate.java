package dev.vigil.promql.functions;

/**
 * {@code rate}, {@code increase} and {@code delta} over a window of float samples without start
 * timestamps and without the {@code anchored}/{@code smoothed} modifiers: the case of nearly
 * every dashboard query, which the evaluator runs in its own step loop rather than through
 * {@link RangeFunction#apply} (no per-step stores into the window's fields, no content checks for
 * histograms or start timestamps it already knows are absent). The arithmetic is that of {@link
 * RateFunctions}, operation for operation, so results are bit-identical. Immutable; thread-safe
 * (the remembered quotients live in each thread's {@link RangeWindow}).
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
    double factor = RateFunctions.extrapolationFactor(
        w, first, last, false, isCounter, isRate, f[first], result);
    return result * factor;
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
