package dev.vigil.promql.functions;

/**
 * Natural string order as Prometheus's {@code sort_by_label} uses it: strings split into runs of
 * digits and non-digits; digit runs compare as integers, other runs as strings. Stateless.
 */
final class NaturalOrder {
  private NaturalOrder() {}

  /** A consistent three-way comparison (equal-valued digit runs like "01"/"1" fall back to text). */
  static int compare(String a, String b) {
    boolean ab = less(a, b);
    boolean ba = less(b, a);
    if (ab != ba) {
      return ab ? -1 : 1;
    }
    return a.compareTo(b);
  }

  /** Whether {@code a} sorts before {@code b}, chunk by chunk. */
  static boolean less(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length()) {
      if (j >= b.length()) {
        return false;
      }
      int ie = chunkEnd(a, i);
      int je = chunkEnd(b, j);
      String ca = a.substring(i, ie);
      String cb = b.substring(j, je);
      boolean lastA = ie >= a.length();
      boolean lastB = je >= b.length();
      if (isDigit(a.charAt(i)) && isDigit(b.charAt(j)) && ca.length() <= 18 && cb.length() <= 18) {
        long x = Long.parseLong(ca);
        long y = Long.parseLong(cb);
        if (x != y) {
          return x < y;
        }
      } else if (!ca.equals(cb)) {
        return ca.compareTo(cb) < 0;
      }
      if (lastA) {
        return true;
      }
      if (lastB) {
        return false;
      }
      i = ie;
      j = je;
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int chunkEnd(String s, int i) {
    boolean digit = isDigit(s.charAt(i));
    int e = i + 1;
    while (e < s.length() && isDigit(s.charAt(e)) == digit) {
      e++;
    }
    return e;
  }
}
