package dev.vigil.alerting.timeinterval;

/** An inclusive range of integers (weekdays 0=Sunday..6, days of month ±1..31, months 1..12, years). */
public record InclusiveRange(int begin, int end) {
  boolean contains(int v) {
    return v >= begin && v <= end;
  }
}
