package dev.vigil.promql.value;

/**
 * The float functions whose results Java's {@link Math} gives differently from Go's {@code math}
 * package (Go's formulas for log2/log10 are exact at powers of two; Java has no inverse hyperbolic
 * functions), and the arithmetic operators whose special cases differ ({@code math.Pow},
 * {@code math.Mod}). Stateless and thread-safe.
 */
public final class GoMath {
  private GoMath() {}

  private static final double LN2 = 0.693147180559945309417232121458176568;
  private static final double LN10 = 2.30258509299404568401799145468436421;
  private static final double NEAR_ZERO = 1.0 / (1 << 28);
  private static final double LARGE = 1 << 28;

  /** Go's {@code math.Log2}: exact for powers of two. */
  public static double log2(double x) {
    if (Double.isNaN(x) || x <= 0 || Double.isInfinite(x)) {
      return Math.log(x) / LN2; // NaN, -Inf, +Inf as Go
    }
    int exp = Math.getExponent(x);
    double frac;
    if (exp == Double.MIN_EXPONENT - 1) { // subnormal: normalise first
      double y = x * 0x1p54;
      exp = Math.getExponent(y) - 54;
      frac = y / Math.scalb(1.0, Math.getExponent(y) + 1);
    } else {
      frac = x / Math.scalb(1.0, exp + 1);
    }
    exp += 1; // x = frac * 2^exp with frac in [0.5, 1)
    if (frac == 0.5) {
      return exp - 1;
    }
    return StrictMath.log(frac) * (1 / LN2) + exp;
  }

  /** Go's {@code math.Log10}. */
  public static double log10(double x) {
    return log2(x) * (LN2 / LN10);
  }

  public static double asinh(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    boolean sign = x < 0;
    if (sign) {
      x = -x;
    }
    double t;
    if (x > LARGE) {
      t = StrictMath.log(x) + LN2;
    } else if (x > 2) {
      t = StrictMath.log(2 * x + 1 / (Math.sqrt(x * x + 1) + x));
    } else if (x < NEAR_ZERO) {
      t = x;
    } else {
      t = StrictMath.log1p(x + x * x / (1 + Math.sqrt(1 + x * x)));
    }
    return sign ? -t : t;
  }

  public static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    if (x >= LARGE) {
      return StrictMath.log(x) + LN2;
    }
    if (x > 2) {
      return StrictMath.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
    }
    double t = x - 1;
    return StrictMath.log1p(t + Math.sqrt(2 * t + t * t));
  }

  public static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    boolean sign = x < 0;
    if (sign) {
      x = -x;
    }
    double t;
    if (x < NEAR_ZERO) {
      t = x;
    } else if (x < 0.5) {
      t = x + x;
      t = 0.5 * StrictMath.log1p(t + t * x / (1 - x));
    } else {
      t = 0.5 * StrictMath.log1p((x + x) / (1 - x));
    }
    return sign ? -t : t;
  }

  /**
   * Go's {@code math.Pow}: unlike {@link Math#pow}, {@code 1^y} is 1 for every y (NaN included)
   * and {@code (-1)^±Inf} is 1.
   */
  public static double pow(double x, double y) {
    if (x == 1.0) {
      return 1.0;
    }
    if (x == -1.0 && Double.isInfinite(y)) {
      return 1.0;
    }
    return Math.pow(x, y);
  }

  /** Go's {@code math.Mod}: Java's remainder on doubles has the same (fmod) semantics. */
  public static double mod(double x, double y) {
    return x % y;
  }
}
