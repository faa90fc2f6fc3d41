package dev.vigil.promql.promqltest;

import dev.vigil.model.Labels;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One command of a test script. Immutable. {@link #line()} is 1-based. */
public sealed interface Command {
  int line();

  /**
   * {@code load <interval>} (or {@code load_with_nhcb}): series whose i-th value sits at
   * {@code i * interval} ms.
   */
  record Load(int line, long intervalMs, boolean withNhcb, List<LoadSeries> series)
      implements Command {
    public Load {
      series = List.copyOf(series);
    }
  }

  /**
   * One series of a load. {@code startOffsets} is empty or parallel to {@code values}: per value
   * the start timestamp relative to the sample's time ({@code @st} lines), omitted where none.
   */
  record LoadSeries(Labels labels, List<SequenceValue> values, List<SequenceValue> startOffsets) {
    public LoadSeries {
      values = List.copyOf(values);
      startOffsets = List.copyOf(startOffsets);
    }

    public boolean hasStartTimestamps() {
      return startOffsets.stream().anyMatch(v -> !v.omitted());
    }
  }

  /** {@code clear}: the next commands see an empty store. */
  record Clear(int line) implements Command {}

  /** The {@code expect} kinds of an eval block. */
  enum ExpectKind {
    ORDERED, FAIL, WARN, NO_WARN, INFO, NO_INFO
  }

  /**
   * An {@code expect} line's matcher: an exact message, or a regular expression searched for in
   * the message (the line without {@code msg:}/{@code regex:} matches anything).
   */
  record Expect(String message, Pattern regex) {
    public boolean matches(String s) {
      return regex == null ? message.equals(s) : regex.matcher(s).find();
    }

    public String describe() {
      return regex == null ? "message \"" + message + "\"" : "pattern \"" + regex.pattern() + "\"";
    }
  }

  /** An expected series: its position among the block's lines (for ordered checks). */
  record ExpectedSeries(int pos, List<SequenceValue> values) {
    public ExpectedSeries {
      values = List.copyOf(values);
    }
  }

  /**
   * {@code eval instant at <t> <expr>} or {@code eval range from <t> to <t> step <d> <expr>}
   * with its expectations.
   *
   * @param text the eval line as written
   * @param evalMs an instant query's time (the end of an {@code expect range vector})
   * @param fail/warn/ordered/info the deprecated {@code eval_*} forms
   * @param expects expect lines by kind
   * @param expected expected series in block order (key: labels)
   * @param expectedScalar the block's scalar line, or null
   * @param expectedString the {@code expect string} literal, or null
   * @param excludeFromRangeQuery no range-mode re-run ({@code expect string}, {@code expect range
   *     vector})
   */
  record Eval(
      int line,
      String text,
      String expr,
      boolean range,
      long startMs,
      long endMs,
      long stepMs,
      long evalMs,
      boolean fail,
      boolean warn,
      boolean ordered,
      boolean info,
      String expectedFailMessage,
      Pattern expectedFailRegexp,
      Map<ExpectKind, List<Expect>> expects,
      Map<Labels, ExpectedSeries> expected,
      SequenceValue expectedScalar,
      String expectedString,
      boolean excludeFromRangeQuery)
      implements Command {

    public List<Expect> expects(ExpectKind kind) {
      return expects.getOrDefault(kind, List.of());
    }

    public boolean isOrdered() {
      return ordered || !expects(ExpectKind.ORDERED).isEmpty();
    }

    public boolean isFail() {
      return fail || !expects(ExpectKind.FAIL).isEmpty();
    }

    public boolean expectScalar() {
      return expectedScalar != null;
    }

    /** Whether any expected value is a native histogram. */
    public boolean expectsHistogram() {
      if (expectedScalar != null && expectedScalar.histogram() != null) {
        return true;
      }
      return expected.values().stream()
          .anyMatch(e -> e.values().stream().anyMatch(v -> v.histogram() != null));
    }
  }
}
