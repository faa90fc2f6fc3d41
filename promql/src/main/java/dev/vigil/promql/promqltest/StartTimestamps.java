package dev.vigil.promql.promqltest;

import dev.vigil.model.Labels;
import dev.vigil.model.time.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code @st} lines of a load block, which give each sample of the following series line a
 * start timestamp (created timestamp) relative to its own time: {@code metric{l="v"}@st -30s-1mx2
 * _ -1m}, or standalone {@code @st ...} as the default for the lines after it. Items: {@code _},
 * {@code _xN} (N omitted), {@code *} / {@code *xN} (the previous offset, N+1 times), {@code D},
 * {@code DxN} (N+1 times), {@code D+DxN} / {@code D-DxN} (N+1 offsets stepping). Offsets are
 * durations with an optional sign, kept in milliseconds as {@link SequenceValue#value()}.
 */
final class StartTimestamps {
  private StartTimestamps() {}

  /** A parsed line; {@code metric} is null for the standalone default form. */
  record Line(Labels metric, List<SequenceValue> offsets) {}

  static boolean isStartLine(String def) {
    String s = def.strip();
    int space = firstSpace(s);
    return space >= 0 && s.substring(0, space).endsWith("@st");
  }

  private static int firstSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }

  static Line parseLine(String def, int line) {
    String s = def.strip();
    int space = firstSpace(s);
    String metricPart = s.substring(0, space - "@st".length());
    List<SequenceValue> offsets;
    try {
      offsets = sequence(s.substring(space + 1).strip());
    } catch (IllegalArgumentException e) {
      throw new ScriptException(line, "invalid @st sequence: " + e.getMessage());
    }
    if (metricPart.isEmpty()) {
      return new Line(null, offsets);
    }
    try {
      return new Line(SeriesDescParser.parseMetric(metricPart), offsets);
    } catch (IllegalArgumentException e) {
      throw new ScriptException(line,
          "invalid @st line metric \"" + metricPart + "\": " + e.getMessage());
    }
  }

  static List<SequenceValue> sequence(String input) {
    List<SequenceValue> out = new ArrayList<>();
    for (String item : input.split("\\s+")) {
      if (item.isEmpty()) {
        continue;
      }
      try {
        item(item, previous(out), out);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid ST item \"" + item + "\": " + e.getMessage());
      }
    }
    return out;
  }

  private static double previous(List<SequenceValue> vals) {
    for (int i = vals.size() - 1; i >= 0; i--) {
      if (!vals.get(i).omitted()) {
        return vals.get(i).value();
      }
    }
    return 0;
  }

  private static void item(String item, double prev, List<SequenceValue> out) {
    if (item.equals("_")) {
      out.add(SequenceValue.OMITTED);
      return;
    }
    if (item.startsWith("_x")) {
      long n = count(item.substring(2));
      if (n == 0) {
        throw new IllegalArgumentException("invalid repeat count");
      }
      for (long i = 0; i < n; i++) {
        out.add(SequenceValue.OMITTED);
      }
      return;
    }
    if (item.equals("*")) {
      out.add(SequenceValue.of(prev));
      return;
    }
    if (item.startsWith("*x")) {
      long n = count(item.substring(2));
      for (long i = 0; i <= n; i++) {
        out.add(SequenceValue.of(prev));
      }
      return;
    }
    long[] base = durationPrefix(item);
    String rest = item.substring((int) base[1]);
    if (rest.isEmpty()) {
      out.add(SequenceValue.of(base[0]));
      return;
    }
    if (rest.charAt(0) == 'x') {
      long n = count(rest.substring(1));
      for (long i = 0; i <= n; i++) {
        out.add(SequenceValue.of(base[0]));
      }
      return;
    }
    if (rest.charAt(0) != '+' && rest.charAt(0) != '-') {
      throw new IllegalArgumentException("unexpected character '" + rest.charAt(0)
          + "' after duration");
    }
    boolean negative = rest.charAt(0) == '-';
    long[] delta = durationPrefix(rest.substring(1));
    String rest2 = rest.substring(1 + (int) delta[1]);
    if (rest2.isEmpty() || rest2.charAt(0) != 'x') {
      throw new IllegalArgumentException("expected 'x<count>' after step duration");
    }
    long n = count(rest2.substring(1));
    long step = negative ? -delta[0] : delta[0];
    long offset = base[0];
    for (long i = 0; i <= n; i++) {
      out.add(SequenceValue.of(offset));
      offset += step;
    }
  }

  private static long count(String s) {
    try {
      long n = Long.parseLong(s);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid repeat count");
    }
  }

  /** {milliseconds, characters consumed} of a signed duration at the start of {@code s}. */
  private static long[] durationPrefix(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      i++;
    }
    int start = i;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == start) {
      throw new IllegalArgumentException("expected digits in duration \"" + s + "\"");
    }
    // The unit is letters up to "x", the repetition separator no unit contains.
    while (i < s.length() && Character.isLetter(s.charAt(i)) && s.charAt(i) != 'x') {
      i++;
    }
    long ms;
    try {
      ms = Durations.parse(s.substring(start, i));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid duration \"" + s.substring(start, i) + "\"");
    }
    return new long[] {negative ? -ms : ms, i};
  }
}
