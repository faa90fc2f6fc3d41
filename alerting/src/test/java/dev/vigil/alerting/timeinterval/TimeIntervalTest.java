package dev.vigil.alerting.timeinterval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeIntervalTest {
  private static TimeInterval days(String... ranges) {
    return new TimeInterval(null, null, List.of(ranges).stream().map(TimeIntervalParser::daysOfMonth).toList(), null, null, null);
  }

  private static void check(TimeInterval ti, String instant, boolean want) {
    assertThat(ti.contains(Instant.parse(instant))).as(instant).isEqualTo(want);
  }

  @Test
  void negativeDaysCountFromTheMonthsEnd() {
    TimeInterval last = days("-1");
    check(last, "2024-02-29T10:00:00Z", true); // leap February
    check(last, "2023-02-28T10:00:00Z", true);
    check(last, "2024-02-28T10:00:00Z", false);
    check(last, "2024-01-31T10:00:00Z", true);
    TimeInterval lastThree = days("-3:-1");
    check(lastThree, "2024-04-28T00:00:00Z", true);
    check(lastThree, "2024-04-27T23:59:59Z", false);
    TimeInterval upToThirtyFirst = days("25:31");
    check(upToThirtyFirst, "2024-04-30T00:00:00Z", true); // clamped to the 30-day month
    TimeInterval late = days("30:31");
    check(late, "2024-02-29T00:00:00Z", false); // the range starts after February ends
  }

  @Test
  void timesAreEndExclusiveAndWeekdaysStartOnSunday() {
    TimeInterval ti = new TimeInterval(List.of(TimeIntervalParser.timeRange("09:00", "17:00"), TimeIntervalParser.timeRange("23:00", "24:00")),
        List.of(TimeIntervalParser.weekdays("Sunday")),
        null, null, null, null);
    check(ti, "2024-06-02T09:00:00Z", true); // a Sunday
    check(ti, "2024-06-02T16:59:59Z", true);
    check(ti, "2024-06-02T17:00:00Z", false);
    check(ti, "2024-06-02T23:59:59Z", true);
    check(ti, "2024-06-03T10:00:00Z", false); // Monday
    assertThatThrownBy(() -> TimeIntervalParser.weekdays("saturday:sunday")).hasMessage("start day cannot be before end day");
  }

  @Test
  void monthsYearsAndLocation() {
    TimeInterval ti = new TimeInterval(List.of(TimeIntervalParser.timeRange("00:00", "01:00")), null, null,
        List.of(TimeIntervalParser.months("december"), TimeIntervalParser.months("1:2")),
        List.of(TimeIntervalParser.years("2024:2025")), TimeIntervalParser.location("Australia/Sydney"));
    // 2024-12-31T13:30Z is 00:30 on 2025-01-01 in Sydney (UTC+11).
    check(ti, "2024-12-31T13:30:00Z", true);
    check(ti, "2024-12-31T00:30:00Z", false);
    check(ti, "2026-01-01T13:30:00Z", false);
    assertThat(TimeIntervalParser.location("Local")).isEqualTo(ZoneId.systemDefault());
    assertThatThrownBy(() -> TimeIntervalParser.location("Mars/Olympus")).hasMessage("unknown time zone Mars/Olympus");
    assertThatThrownBy(() -> TimeIntervalParser.months("march:january")).hasMessage("end month january is before start month march");
    assertThatThrownBy(() -> TimeIntervalParser.timeRange("9:00", "10:00")).hasMessage("couldn't parse timestamp 9:00, invalid format");
    assertThatThrownBy(() -> TimeIntervalParser.daysOfMonth("0")).hasMessage("0 is not a valid day of the month: out of range");
  }
}
