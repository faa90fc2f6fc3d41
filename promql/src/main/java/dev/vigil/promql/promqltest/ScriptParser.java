package dev.vigil.promql.promqltest;

import dev.vigil.model.Labels;
import dev.vigil.model.time.Durations;
import dev.vigil.promql.promqltest.Command.Eval;
import dev.vigil.promql.promqltest.Command.Expect;
import dev.vigil.promql.promqltest.Command.ExpectKind;
import dev.vigil.promql.promqltest.Command.ExpectedSeries;
import dev.vigil.promql.promqltest.Command.LoadSeries;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the Prometheus test scripting language into {@link Command}s, line for line as
 * Prometheus's harness ({@code promql/promqltest/test.go}) reads it: lines are trimmed, {@code #}
 * lines are blank, a blank line ends a {@code load} or {@code eval} block, times are durations
 * after Unix time 0. Expressions are not parsed here (the runner does, so that a bad expression
 * fails its eval rather than the file). Stateless.
 */
public final class ScriptParser {
  private ScriptParser() {}

  private static final Pattern SPACE = Pattern.compile("[\t ]+");
  private static final Pattern LOAD = Pattern.compile("^load(?:_(with_nhcb))?\\s+(.+?)$");
  private static final Pattern EVAL_INSTANT = Pattern.compile(
      "^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern EVAL_RANGE = Pattern.compile(
      "^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
  private static final Pattern EXPECT = Pattern.compile(
      "^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
  private static final Pattern MATCH_ANY = Pattern.compile("^.*$");
  private static final String RANGE_VECTOR_PREFIX = "expect range vector";
  private static final Pattern EXPECT_RANGE = Pattern.compile(
      "^" + RANGE_VECTOR_PREFIX + "\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)$");
  private static final String EXPECT_STRING_PREFIX = "expect string";

  /** @throws ScriptException naming the line of the first problem */
  public static List<Command> parse(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      lines[i] = l.startsWith("#") ? "" : l;
    }
    List<Command> cmds = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.isEmpty()) {
        continue;
      }
      String c = SPACE.split(l, 2)[0].toLowerCase(Locale.ROOT);
      if (c.equals("clear")) {
        cmds.add(new Command.Clear(i + 1));
      } else if (c.startsWith("load")) {
        i = parseLoad(lines, i, cmds);
      } else if (c.startsWith("eval")) {
        i = parseEval(lines, i, cmds);
      } else {
        throw new ScriptException(i + 1, "invalid command \"" + l + "\"");
      }
    }
    return cmds;
  }

  private static int parseLoad(String[] lines, int i, List<Command> out) {
    Matcher m = LOAD.matcher(lines[i]);
    if (!m.matches()) {
      throw new ScriptException(i + 1,
          "invalid load command. (load[_with_nhcb] <step:duration>)");
    }
    int first = i;
    boolean withNhcb = m.group(1) != null;
    long gap;
    try {
      gap = Durations.parse(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new ScriptException(i + 1,
          "invalid step definition \"" + m.group(2) + "\": " + e.getMessage());
    }
    Map<Labels, LoadSeries> series = new LinkedHashMap<>();
    List<SequenceValue> defaultSt = List.of();
    List<SequenceValue> pendingSt = null;
    Labels pendingMetric = null;
    int pendingLine = 0;
    while (i + 1 < lines.length) {
      i++;
      String def = lines[i];
      if (def.isEmpty()) {
        i--;
        break;
      }
      if (StartTimestamps.isStartLine(def)) {
        if (pendingSt != null) {
          throw new ScriptException(pendingLine + 1, "@st line has no following sample line");
        }
        StartTimestamps.Line st = StartTimestamps.parseLine(def, i + 1);
        if (st.metric() == null) {
          defaultSt = st.offsets();
          continue;
        }
        pendingSt = st.offsets();
        pendingMetric = st.metric();
        pendingLine = i;
        continue;
      }
      SeriesDescription d = series(def, i);
      List<SequenceValue> st = List.of();
      if (pendingSt != null) {
        if (!d.labels().equals(pendingMetric)) {
          throw new ScriptException(pendingLine + 1,
              "@st metric does not match the following sample line metric");
        }
        if (pendingSt.size() != d.values().size()) {
          throw new ScriptException(pendingLine + 1, "@st line has " + pendingSt.size()
              + " values but sample line has " + d.values().size());
        }
        st = pendingSt;
      } else if (!defaultSt.isEmpty()) {
        // A standalone @st line applies, cycled, to the lines after it.
        List<SequenceValue> cycled = new ArrayList<>();
        for (int k = 0; k < d.values().size(); k++) {
          cycled.add(defaultSt.get(k % defaultSt.size()));
        }
        st = cycled;
      }
      series.put(d.labels(), new LoadSeries(d.labels(), d.values(), st));
      pendingSt = null;
    }
    if (pendingSt != null) {
      throw new ScriptException(pendingLine + 1, "@st line has no following sample line");
    }
    out.add(new Command.Load(first + 1, gap, withNhcb, new ArrayList<>(series.values())));
    return i;
  }

  static SeriesDescription series(String def, int i) {
    try {
      return SeriesDescParser.parse(def);
    } catch (IllegalArgumentException e) {
      throw new ScriptException(i + 1, e.getMessage());
    }
  }

  private static long duration(String s, String what, int line) {
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException e) {
      throw new ScriptException(line, "invalid " + what + " definition \"" + s + "\": "
          + e.getMessage());
    }
  }

  private static int parseEval(String[] lines, int i, List<Command> out) {
    Matcher inst = EVAL_INSTANT.matcher(lines[i]);
    Matcher rng = EVAL_RANGE.matcher(lines[i]);
    boolean isInstant = inst.matches();
    if (!isInstant && !rng.matches()) {
      throw new ScriptException(i + 1, "invalid evaluation command. Must be either "
          + "'eval[_fail|_warn|_ordered] instant [at <offset:duration>] <query>' or "
          + "'eval[_fail|_warn] range from <from> to <to> step <step> <query>'");
    }
    int line = i + 1;
    String text = lines[i];
    String mod = isInstant ? inst.group(1) : rng.group(1);
    String expr = isInstant ? inst.group(3) : rng.group(5);
    long start;
    long end = 0;
    long step = 0;
    if (isInstant) {
      start = duration(inst.group(2) == null ? "" : inst.group(2), "timestamp", line);
    } else {
      start = duration(rng.group(2), "start timestamp", line);
      end = duration(rng.group(3), "end timestamp", line);
      if (end < start) {
        throw new ScriptException(line, "invalid test definition, end timestamp ("
            + rng.group(3) + ") is before start timestamp (" + rng.group(2) + ")");
      }
      step = duration(rng.group(4), "step", line);
    }
    long eval = start;
    boolean fail = "fail".equals(mod);
    boolean warn = "warn".equals(mod);
    boolean ordered = "ordered".equals(mod);
    boolean info = "info".equals(mod);
    String failMessage = null;
    Pattern failRegexp = null;
    Map<ExpectKind, List<Expect>> expects = new EnumMap<>(ExpectKind.class);
    Map<Labels, ExpectedSeries> expected = new LinkedHashMap<>();
    SequenceValue scalar = null;
    String string = null;
    boolean exclude = false;
    boolean expectRangeVector = false;
    // Positions count block lines except expect lines, as the harness counts them.
    for (int j = 1; i + 1 < lines.length; j++) {
      i++;
      String def = lines[i];
      if (def.isEmpty()) {
        i--;
        break;
      }
      if (fail && def.startsWith("expected_fail_message")) {
        failMessage = def.substring("expected_fail_message".length()).strip();
        break;
      }
      if (fail && def.startsWith("expected_fail_regexp")) {
        String p = def.substring("expected_fail_regexp".length()).strip();
        failRegexp = compile(p, i + 1, "invalid regexp '" + p + "' for expected_fail_regexp");
        break;
      }
      if (def.startsWith(RANGE_VECTOR_PREFIX)) {
        Matcher rv = EXPECT_RANGE.matcher(def);
        if (!rv.matches()) {
          throw new ScriptException(i + 1, "invalid range vector definition \"" + def + "\"");
        }
        start = duration(rv.group(1), "start timestamp", i + 1);
        end = duration(rv.group(2), "end timestamp", i + 1);
        if (end < start) {
          throw new ScriptException(i + 1, "invalid test definition, end timestamp ("
              + rv.group(2) + ") is before start timestamp (" + rv.group(1) + ")");
        }
        step = duration(rv.group(3), "step", i + 1);
        eval = end;
        expectRangeVector = true;
        exclude = true;
        continue;
      }
      if (def.startsWith(EXPECT_STRING_PREFIX)) {
        string = stringLiteral(def, i + 1);
        exclude = true;
        continue;
      }
      if (def.split(" ", -1)[0].equals("expect")) {
        Matcher em = EXPECT.matcher(def.strip());
        if (!em.matches()) {
          throw new ScriptException(i + 1, "invalid expect statement, must match "
              + "`expect <type> <match_type>: <string>` format");
        }
        ExpectKind kind = ExpectKind.valueOf(em.group(1).toUpperCase(Locale.ROOT));
        Expect e;
        if (em.group(2) == null) {
          e = new Expect(null, MATCH_ANY);
        } else if (em.group(2).equals("msg")) {
          e = new Expect(em.group(3).strip(), null);
        } else {
          String p = em.group(3).strip();
          e = new Expect(null, compile(p, i + 1, "invalid regex " + p + " for " + em.group(1)));
        }
        expects.computeIfAbsent(kind, k -> new ArrayList<>()).add(e);
        j--;
        validate(expects, i + 1);
        continue;
      }
      try {
        scalar = SequenceValue.of(GoSyntax.parseNumber(def));
        break;
      } catch (NumberFormatException notANumber) {
        // a series line
      }
      SeriesDescription d = series(def, i);
      if (d.values().size() > 1 && isInstant && !expectRangeVector) {
        throw new ScriptException(i + 1, "expecting multiple values in instant evaluation not "
            + "allowed. consider using 'expect range vector' directive to enable a range vector "
            + "result for an instant query");
      }
      expected.put(d.labels(), new ExpectedSeries(j, d.values()));
      scalar = null;
    }
    out.add(new Eval(line, text, expr, !isInstant, start, end, step, eval, fail, warn, ordered,
        info, failMessage, failRegexp, expects, expected, scalar, string, exclude));
    return i;
  }

  private static Pattern compile(String p, int line, String message) {
    try {
      return Pattern.compile(p);
    } catch (PatternSyntaxException e) {
      throw new ScriptException(line, message);
    }
  }

  private static void validate(Map<ExpectKind, List<Expect>> e, int line) {
    if (e.containsKey(ExpectKind.INFO) && e.containsKey(ExpectKind.NO_INFO)) {
      throw new ScriptException(line, "invalid expect lines, info and no_info cannot be used "
          + "together");
    }
    if (e.containsKey(ExpectKind.WARN) && e.containsKey(ExpectKind.NO_WARN)) {
      throw new ScriptException(line, "invalid expect lines, warn and no_warn cannot be used "
          + "together");
    }
    if (e.getOrDefault(ExpectKind.FAIL, List.of()).size() > 1) {
      throw new ScriptException(line, "invalid expect lines, multiple expect fail lines are not "
          + "allowed");
    }
  }

  private static String stringLiteral(String def, int line) {
    if (def.equals(EXPECT_STRING_PREFIX)) {
      throw new ScriptException(line,
          "expected string literal not valid - a quoted string literal is required");
    }
    String s = def.startsWith(EXPECT_STRING_PREFIX + " ")
        ? def.substring(EXPECT_STRING_PREFIX.length() + 1) : def;
    if (s.isEmpty()) {
      throw new ScriptException(line,
          "expected string literal not valid - a quoted string literal is required");
    }
    try {
      return GoSyntax.unquote(s, false);
    } catch (IllegalArgumentException e) {
      throw new ScriptException(line,
          "expected string literal not valid - check that the string is correctly quoted");
    }
  }
}
