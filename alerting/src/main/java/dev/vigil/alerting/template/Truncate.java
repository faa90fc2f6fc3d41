package dev.vigil.alerting.template;

/** Alertmanager's length limits on notification fields. Stateless. */
public final class Truncate {
  private Truncate() {}

  /** At most {@code max} code points; a cut string ends with "…" (Alertmanager's TruncateInRunes). */
  public static String runes(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }
}
