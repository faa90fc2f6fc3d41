package dev.vigil.alerting.timeinterval;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One Alertmanager time interval: a time is inside when every field that is given (times,
 * weekdays, days of month, months, years) has a range containing it, evaluated in {@code location}
 * (UTC when absent). Negative days of month count from the month's end (-1 is the last day).
 * Null lists mean "any"; immutable and thread-safe.
 */
public record TimeInterval(
    List<TimeRange> times,
    List<InclusiveRange> weekdays,
    List<InclusiveRange> daysOfMonth,
    List<InclusiveRange> months,
    List<InclusiveRange> years,
    ZoneId location) {

  public static final TimeInterval ALWAYS = new TimeInterval(null, null, null, null, null, null);

  public TimeInterval {
    times = times == null ? null : List.copyOf(times);
    weekdays = weekdays == null ? null : List.copyOf(weekdays);
    daysOfMonth = daysOfMonth == null ? null : List.copyOf(daysOfMonth);
    months = months == null ? null : List.copyOf(months);
    years = years == null ? null : List.copyOf(years);
  }

  public boolean contains(Instant instant) {
    ZonedDateTime t = instant.atZone(location == null ? ZoneOffset.UTC : location);
    if (times != null) {
      int minute = t.getHour() * 60 + t.getMinute();
      if (times.stream().noneMatch(r -> minute >= r.startMinute() && minute < r.endMinute())) {
        return false;
      }
    }
    if (daysOfMonth != null && !inDaysOfMonth(t)) {
      return false;
    }
    if (months != null && months.stream().noneMatch(r -> r.contains(t.getMonthValue()))) {
      return false;
    }
    // Java numbers Monday=1..Sunday=7; Alertmanager Sunday=0..Saturday=6.
    int weekday = t.getDayOfWeek().getValue() % 7;
    if (weekdays != null && weekdays.stream().noneMatch(r -> r.contains(weekday))) {
      return false;
    }
    return years == null || years.stream().anyMatch(r -> r.contains(t.getYear()));
  }

  private boolean inDaysOfMonth(ZonedDateTime t) {
    int days = t.toLocalDate().lengthOfMonth();
    int day = t.getDayOfMonth();
    for (InclusiveRange r : daysOfMonth) {
      int begin = r.begin() < 0 ? days + r.begin() + 1 : r.begin();
      int end = r.end() < 0 ? days + r.end() + 1 : r.end();
      if (begin > days) {
        continue;
      }
      begin = clamp(begin, -days, days);
      end = clamp(end, -days, days);
      if (day >= begin && day <= end) {
        return true;
      }
    }
    return false;
  }

  private static int clamp(int n, int min, int max) {
    return Math.max(min, Math.min(max, n));
  }

  /** Whether {@code instant} is inside any of the intervals. */
  public static boolean anyContains(List<TimeInterval> intervals, Instant instant) {
    for (TimeInterval ti : intervals) {
      if (ti.contains(instant)) {
        return true;
      }
    }
    return false;
  }
}
