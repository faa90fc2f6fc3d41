package dev.vigil.alerting.timeinterval;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses the string forms of time-interval fields ({@code "monday:friday"}, {@code "-3:-1"},
 * {@code "09:00"}) with Alertmanager's validation and error texts. Stateless.
 */
public final class TimeIntervalParser {
  private TimeIntervalParser() {}

  private static final Pattern VALID_TIME =
      Pattern.compile("^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)");
  private static final List<String> WEEKDAYS =
      List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
  private static final List<String> MONTHS =
      List.of("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december");

  public static TimeRange timeRange(String start, String end) {
    if (start == null || end == null || start.isEmpty() || end.isEmpty()) {
      throw new IllegalArgumentException("both start and end times must be provided");
    }
    int s = minutes(start);
    int e = minutes(end);
    if (s >= e) {
      throw new IllegalArgumentException("start time cannot be equal or greater than end time");
    }
    return new TimeRange(s, e);
  }

  private static int minutes(String in) {
    if (!VALID_TIME.matcher(in).find()) {
      throw new IllegalArgumentException("couldn't parse timestamp " + in + ", invalid format");
    }
    String[] parts = in.split(":");
    return Integer.parseInt(parts[0]) * 60 + Integer.parseInt(parts[1]);
  }

  public static InclusiveRange weekdays(String str) {
    InclusiveRange r = range(str, s -> {
      int i = WEEKDAYS.indexOf(s);
      if (i < 0) {
        throw new IllegalArgumentException(s + " is not a valid weekday");
      }
      return i;
    });
    if (r.begin() > r.end()) {
      throw new IllegalArgumentException("start day cannot be before end day");
    }
    return r;
  }

  public static InclusiveRange daysOfMonth(String str) {
    InclusiveRange r = range(str, TimeIntervalParser::integer);
    for (int v : new int[] {r.begin(), r.end()}) {
      if (v == 0 || v < -31 || v > 31) {
        throw new IllegalArgumentException(v + " is not a valid day of the month: out of range");
      }
    }
    if (r.begin() < 0 && r.end() > 0) {
      throw new IllegalArgumentException("end day must be negative if start day is negative");
    }
    int checkBegin = r.begin() < 0 ? 28 + r.begin() : r.begin();
    int checkEnd = r.end() < 0 ? 28 + r.end() : r.end();
    if (checkBegin > checkEnd) {
      throw new IllegalArgumentException(
          "end day " + r.end() + " is always before start day " + r.begin());
    }
    return r;
  }

  public static InclusiveRange months(String str) {
    InclusiveRange r = range(str, s -> {
      int i = MONTHS.indexOf(s);
      if (i >= 0) {
        return i + 1;
      }
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(s + " is not a valid month");
      }
    });
    if (r.begin() < 1 || r.end() > 12) {
      throw new IllegalArgumentException(str + " is not a valid month: out of range");
    }
    if (r.begin() > r.end()) {
      throw new IllegalArgumentException("end month " + MONTHS.get(r.end() - 1)
          + " is before start month " + MONTHS.get(r.begin() - 1));
    }
    return r;
  }

  public static InclusiveRange years(String str) {
    InclusiveRange r = range(str, TimeIntervalParser::integer);
    if (r.begin() > r.end()) {
      throw new IllegalArgumentException(
          "end year " + r.end() + " is before start year " + r.begin());
    }
    return r;
  }

  /** Go's time.LoadLocation: IANA names, "UTC", "Local" (the process's zone). */
  public static ZoneId location(String name) {
    if (name.isEmpty() || name.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    if (name.equals("Local")) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone " + name);
    }
  }

  private static int integer(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strconv.Atoi: parsing " + quote(s) + ": invalid syntax");
    }
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private interface Member {
    int parse(String s);
  }

  private static InclusiveRange range(String in, Member member) {
    String s = in.toLowerCase(Locale.ROOT);
    if (s.indexOf(':') >= 0) {
      String[] parts = s.split(":", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("couldn't parse range " + s + ", invalid format");
      }
      return new InclusiveRange(member.parse(parts[0]), member.parse(parts[1]));
    }
    int v = member.parse(s);
    return new InclusiveRange(v, v);
  }

}
