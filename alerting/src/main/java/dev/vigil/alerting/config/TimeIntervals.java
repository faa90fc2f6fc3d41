package dev.vigil.alerting.config;

import dev.vigil.alerting.timeinterval.InclusiveRange;
import dev.vigil.alerting.timeinterval.TimeInterval;
import dev.vigil.alerting.timeinterval.TimeIntervalParser;
import dev.vigil.alerting.timeinterval.TimeRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Decodes one entry of a named interval's {@code time_intervals} list. */
final class TimeIntervals {
  private TimeIntervals() {}

  static TimeInterval parse(YamlObject o) {
    o.allow(Set.of("times", "weekdays", "days_of_month", "months", "years", "location"));
    try {
      List<TimeRange> times = null;
      if (o.has("times")) {
        times = new ArrayList<>();
        for (YamlObject t : o.objects("times")) {
          t.allow(Set.of("start_time", "end_time"));
          times.add(TimeIntervalParser.timeRange(t.string("start_time"), t.string("end_time")));
        }
      }
      return new TimeInterval(times,
          ranges(o, "weekdays", TimeIntervalParser::weekdays),
          ranges(o, "days_of_month", TimeIntervalParser::daysOfMonth),
          ranges(o, "months", TimeIntervalParser::months),
          ranges(o, "years", TimeIntervalParser::years),
          o.has("location") ? TimeIntervalParser.location(o.string("location")) : null);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private static List<InclusiveRange> ranges(YamlObject o, String key, Function<String, InclusiveRange> f) {
    List<String> s = o.strings(key);
    if (s == null) {
      return null;
    }
    List<InclusiveRange> out = new ArrayList<>();
    for (String v : s) {
      out.add(f.apply(v));
    }
    return out;
  }
}
