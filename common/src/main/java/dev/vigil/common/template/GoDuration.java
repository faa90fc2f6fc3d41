package dev.vigil.common.template;


/**
 * A Go {@code time.Duration} as templates see it: printed the way Go prints durations ({@code
 * 1h2m5s}, {@code 1.5s}, {@code 100ms}, {@code 0s}) and offering Go's accessors ({@code
 * .Seconds}, {@code .Minutes}, {@code .Hours}, {@code .Milliseconds}).
 *
 * @param nanos the duration in nanoseconds
 */
public record GoDuration(long nanos) implements GoTyped {
  private static final long SECOND = 1_000_000_000L;

  /** Go's time.Duration(seconds * 1e9), truncating toward zero and saturating like Go's conversion on amd64. */
  public static GoDuration ofSeconds(double seconds) {
    double ns = seconds * 1e9;
    long n = Double.isNaN(ns) || ns >= 0x1p63 || ns < -0x1p63 ? Long.MIN_VALUE : (long) ns;
    return new GoDuration(n);
  }

  public double seconds() {
    long sec = nanos / SECOND;
    long frac = nanos % SECOND;
    return sec + frac / 1e9;
  }

  public double minutes() {
    long min = nanos / (60 * SECOND);
    long rest = nanos % (60 * SECOND);
    return min + rest / (60 * 1e9);
  }

  public double hours() {
    long h = nanos / (3600 * SECOND);
    long rest = nanos % (3600 * SECOND);
    return h + rest / (3600 * 1e9);
  }

  public long milliseconds() {
    return nanos / 1_000_000;
  }

  public long nanoseconds() {
    return nanos;
  }

  @Override
  public String goTypeName() {
    return "*time.Duration";
  }

  /** Go's Duration.String. */
  @Override
  public String toString() {
    if (nanos == 0) {
      return "0s";
    }
    boolean neg = nanos < 0;
    // Unsigned magnitude; Long.MIN_VALUE stays representable through unsigned arithmetic.
    long u = neg ? -nanos : nanos;
    StringBuilder sb = new StringBuilder();
    if (Long.compareUnsigned(u, SECOND) < 0) {
      int prec;
      String unit;
      if (u < 1_000) {
        prec = 0;
        unit = "ns";
      } else if (u < 1_000_000) {
        prec = 3;
        unit = "\u00b5s";
      } else {
        prec = 6;
        unit = "ms";
      }
      sb.append(Long.toUnsignedString(u / pow10(prec)));
      appendFrac(sb, Long.remainderUnsigned(u, pow10(prec)), prec);
      sb.append(unit);
    } else {
      long secs = Long.divideUnsigned(u, SECOND);
      long frac = Long.remainderUnsigned(u, SECOND);
      long h = secs / 3600;
      long m = (secs / 60) % 60;
      long s = secs % 60;
      if (h > 0) {
        sb.append(h).append('h');
      }
      if (h > 0 || m > 0) {
        sb.append(m).append('m');
      }
      sb.append(s);
      appendFrac(sb, frac, 9);
      sb.append('s');
    }
    return neg ? "-" + sb : sb.toString();
  }

  private static long pow10(int n) {
    long p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }

  private static void appendFrac(StringBuilder sb, long frac, int prec) {
    if (frac == 0 || prec == 0) {
      return;
    }
    StringBuilder digits = new StringBuilder(Long.toString(frac));
    while (digits.length() < prec) {
      digits.insert(0, '0');
    }
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    sb.append('.').append(digits, 0, end);
  }
}
