package dev.vigil.common.template;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * A Go {@code time.Time} in UTC as templates see it: printed as Go prints times ({@code
 * 2015-06-23 13:19:44.128 +0000 UTC}) with Go's methods {@code .Format "2006-01-02"}, {@code
 * .Unix}, {@code .UnixMilli}, {@code .UTC}, {@code .Year} and so on.
 *
 * @param epochSecond seconds since the Unix epoch
 * @param nano nanoseconds within the second, 0..999,999,999
 */
public record GoTime(long epochSecond, int nano) implements GoTyped {
  /** Go's default layout for Time.String. */
  static final String STRING_LAYOUT = "2006-01-02 15:04:05.999999999 -0700 MST";

  public static GoTime ofEpochMilli(long ms) {
    return ofInstant(Instant.ofEpochMilli(ms));
  }

  public static GoTime ofInstant(Instant i) {
    return new GoTime(i.getEpochSecond(), i.getNano());
  }

  public Instant toInstant() {
    return Instant.ofEpochSecond(epochSecond, nano);
  }

  private ZonedDateTime zoned() {
    return Instant.ofEpochSecond(epochSecond, nano).atZone(ZoneOffset.UTC);
  }

  public long unix() {
    return epochSecond;
  }

  public long unixMilli() {
    return Math.addExact(Math.multiplyExact(epochSecond, 1000L), nano / 1_000_000);
  }

  public long unixNano() {
    return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000_000L), nano);
  }

  public GoTime utc() {
    return this;
  }

  public long year() {
    return zoned().getYear();
  }

  public long yearDay() {
    return zoned().getDayOfYear();
  }

  public long day() {
    return zoned().getDayOfMonth();
  }

  public long hour() {
    return zoned().getHour();
  }

  public long minute() {
    return zoned().getMinute();
  }

  public long second() {
    return zoned().getSecond();
  }

  public long nanosecond() {
    return nano;
  }

  /** Go's Time.Format with a reference-time layout such as {@code 2006-01-02T15:04:05Z07:00}. */
  public String format(String layout) {
    ZonedDateTime t = zoned();
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < layout.length()) {
      int n = chunk(layout, i, t, sb);
      if (n == 0) {
        sb.append(layout.charAt(i));
        i++;
      } else {
        i += n;
      }
    }
    return sb.toString();
  }

  /** Appends the value of the layout element at {@code i}; returns its length or 0 if none. */
  private int chunk(String l, int i, ZonedDateTime t, StringBuilder sb) {
    if (l.startsWith("January", i)) {
      sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
      return 7;
    }
    if (l.startsWith("Jan", i)) {
      sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
      return 3;
    }
    if (l.startsWith("Monday", i)) {
      sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
      return 6;
    }
    if (l.startsWith("Mon", i)) {
      sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
      return 3;
    }
    if (l.startsWith("MST", i)) {
      sb.append("UTC");
      return 3;
    }
    if (l.startsWith("2006", i)) {
      sb.append(String.format("%04d", t.getYear()));
      return 4;
    }
    if (l.startsWith("002", i)) {
      sb.append(String.format("%03d", t.getDayOfYear()));
      return 3;
    }
    if (l.startsWith("__2", i)) {
      sb.append(String.format("%3d", t.getDayOfYear()));
      return 3;
    }
    if (l.startsWith("01", i)) {
      sb.append(String.format("%02d", t.getMonthValue()));
      return 2;
    }
    if (l.startsWith("02", i)) {
      sb.append(String.format("%02d", t.getDayOfMonth()));
      return 2;
    }
    if (l.startsWith("_2", i)) {
      sb.append(String.format("%2d", t.getDayOfMonth()));
      return 2;
    }
    if (l.startsWith("03", i)) {
      sb.append(String.format("%02d", hour12(t)));
      return 2;
    }
    if (l.startsWith("04", i)) {
      sb.append(String.format("%02d", t.getMinute()));
      return 2;
    }
    if (l.startsWith("05", i)) {
      sb.append(String.format("%02d", t.getSecond()));
      return 2;
    }
    if (l.startsWith("06", i)) {
      sb.append(String.format("%02d", t.getYear() % 100));
      return 2;
    }
    if (l.startsWith("15", i)) {
      sb.append(String.format("%02d", t.getHour()));
      return 2;
    }
    if (l.startsWith("PM", i)) {
      sb.append(t.getHour() >= 12 ? "PM" : "AM");
      return 2;
    }
    if (l.startsWith("pm", i)) {
      sb.append(t.getHour() >= 12 ? "pm" : "am");
      return 2;
    }
    // Times are UTC: numeric zones print as +00 in the layout's shape, Z-forms as Z.
    for (String z : new String[] {"-07:00:00", "-070000", "-07:00", "-0700", "-07"}) {
      if (l.startsWith(z, i)) {
        sb.append('+').append(z.substring(1).replaceAll("[0-9]", "0"));
        return z.length();
      }
    }
    for (String z : new String[] {"Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07"}) {
      if (l.startsWith(z, i)) {
        sb.append('Z');
        return z.length();
      }
    }
    char c = l.charAt(i);
    if ((c == '.' || c == ',') && i + 1 < l.length() && (l.charAt(i + 1) == '0' || l.charAt(i + 1) == '9')) {
      char d = l.charAt(i + 1);
      int j = i + 1;
      while (j < l.length() && l.charAt(j) == d) {
        j++;
      }
      if (j >= l.length() || !Character.isDigit(l.charAt(j))) {
        int digits = j - i - 1;
        String frac = String.format("%09d", nano).substring(0, Math.min(9, digits));
        if (d == '9') {
          int end = frac.length();
          while (end > 0 && frac.charAt(end - 1) == '0') {
            end--;
          }
          if (end > 0) {
            sb.append(c).append(frac, 0, end);
          }
        } else {
          sb.append(c).append(frac);
        }
        return j - i;
      }
    }
    switch (c) {
      case '1' -> {
        sb.append(t.getMonthValue());
        return 1;
      }
      case '2' -> {
        sb.append(t.getDayOfMonth());
        return 1;
      }
      case '3' -> {
        sb.append(hour12(t));
        return 1;
      }
      case '4' -> {
        sb.append(t.getMinute());
        return 1;
      }
      case '5' -> {
        sb.append(t.getSecond());
        return 1;
      }
      default -> {
        return 0;
      }
    }
  }

  private static int hour12(ZonedDateTime t) {
    int h = t.getHour() % 12;
    return h == 0 ? 12 : h;
  }

  @Override
  public String goTypeName() {
    return "*time.Time";
  }

  /** Go's Time.String for a UTC time. */
  @Override
  public String toString() {
    return format(STRING_LAYOUT);
  }
}
