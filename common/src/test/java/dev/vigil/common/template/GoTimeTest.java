package dev.vigil.common.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Go's time.Duration.String and time.Time.String/Format outputs. */
class GoTimeTest {
  @Test
  void durationStrings() {
    assertThat(new GoDuration(0)).hasToString("0s");
    assertThat(new GoDuration(1)).hasToString("1ns");
    assertThat(new GoDuration(1_100)).hasToString("1.1\u00b5s");
    assertThat(new GoDuration(2_200_000)).hasToString("2.2ms");
    assertThat(new GoDuration(3_300_000_000L)).hasToString("3.3s");
    assertThat(new GoDuration(-1_000_000_000L)).hasToString("-1s");
    assertThat(new GoDuration(4 * 60_000_000_000L + 5_000_000_000L)).hasToString("4m5s");
    assertThat(new GoDuration(3600_000_000_000L)).hasToString("1h0m0s");
    assertThat(new GoDuration(4_530_918_273_645L)).hasToString("1h15m30.918273645s");
    assertThat(new GoDuration(Long.MIN_VALUE)).hasToString("-2562047h47m16.854775808s");
    assertThat(GoDuration.ofSeconds(90).minutes()).isEqualTo(1.5);
  }

  @Test
  void timeStringsAndLayouts() {
    GoTime t = GoTime.ofInstant(Instant.parse("2009-11-10T23:04:05.123456789Z"));
    assertThat(t).hasToString("2009-11-10 23:04:05.123456789 +0000 UTC");
    assertThat(GoTime.ofEpochMilli(0)).hasToString("1970-01-01 00:00:00 +0000 UTC");
    assertThat(t.format("2006-01-02T15:04:05Z07:00")).isEqualTo("2009-11-10T23:04:05Z");
    assertThat(t.format("Mon Jan _2 15:04:05 2006")).isEqualTo("Tue Nov 10 23:04:05 2009");
    assertThat(t.format("Monday, 02-Jan-06 15:04:05 MST")).isEqualTo("Tuesday, 10-Nov-09 23:04:05 UTC");
    assertThat(t.format("3:04PM .000 .999999 002")).isEqualTo("11:04PM .123 .123456 314");
    assertThat(t.format("January 2, 2006")).isEqualTo("November 10, 2009");
    assertThat(GoFormat.sprintf("%v|%s|%T", t, t, t))
        .isEqualTo("2009-11-10 23:04:05.123456789 +0000 UTC|2009-11-10 23:04:05.123456789 +0000 UTC|*time.Time");
  }
}
