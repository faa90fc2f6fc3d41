package dev.vigil.alerting.timeinterval;

/** Minutes of the day {@code [startMinute, endMinute)}; {@code 24:00} is minute 1440. */
public record TimeRange(int startMinute, int endMinute) {
  public TimeRange {
    if (startMinute < 0 || endMinute > 1440 || startMinute >= endMinute) {
      throw new IllegalArgumentException(
          "invalid time range " + startMinute + ".." + endMinute + " minutes");
    }
  }
}
