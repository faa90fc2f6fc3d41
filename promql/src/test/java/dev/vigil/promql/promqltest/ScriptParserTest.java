package dev.vigil.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Labels;
import dev.vigil.promql.promqltest.Command.Eval;
import dev.vigil.promql.promqltest.Command.ExpectKind;
import dev.vigil.promql.promqltest.Command.Load;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptParserTest {

  private static Eval onlyEval(String script) {
    List<Command> cmds = ScriptParser.parse(script);
    assertThat(cmds).hasSize(1);
    return (Eval) cmds.get(0);
  }

  @Test
  void readsLoadClearAndEvalBlocks() {
    List<Command> cmds = ScriptParser.parse("""
        # comment
        load 5m
          a{x="1"} 1 2
          # comment lines inside a block are blank lines and end it
        clear

        load_with_nhcb 1h
          b_bucket{le="1"} 1

        eval instant at 50m a
          a{x="1"} 2
        """);
    assertThat(cmds).hasSize(4);
    Load l = (Load) cmds.get(0);
    assertThat(l.line()).isEqualTo(2);
    assertThat(l.intervalMs()).isEqualTo(300_000);
    assertThat(l.withNhcb()).isFalse();
    assertThat(l.series()).singleElement().satisfies(s -> {
      assertThat(s.labels()).isEqualTo(Labels.of("__name__", "a", "x", "1"));
      assertThat(s.values()).hasSize(2);
    });
    assertThat(cmds.get(1)).isEqualTo(new Command.Clear(5));
    Load nhcb = (Load) cmds.get(2);
    assertThat(nhcb.intervalMs()).isEqualTo(3_600_000);
    assertThat(nhcb.withNhcb()).isTrue();
    Eval ev = (Eval) cmds.get(3);
    assertThat(ev.line()).isEqualTo(10);
    assertThat(ev.evalMs()).isEqualTo(3_000_000);
    assertThat(ev.expr()).isEqualTo("a");
    assertThat(ev.expected()).containsOnlyKeys(Labels.of("__name__", "a", "x", "1"));
  }

  @Test
  void commandWordsAreFoundCaseInsensitivelyButLoadMustBeLowerCase() {
    // As in the harness: the dispatch lower-cases the word, the load pattern does not.
    assertThat(ScriptParser.parse("CLEAR")).containsExactly(new Command.Clear(1));
    assertThatThrownBy(() -> ScriptParser.parse("LOAD 1m\n a 1"))
        .hasMessageContaining("invalid load command");
  }

  @Test
  void parsesTimes() {
    assertThat(onlyEval("eval instant at 0 a").evalMs()).isZero();
    assertThat(onlyEval("eval instant at 10s a").evalMs()).isEqualTo(10_000);
    assertThat(onlyEval("eval instant at 1h5m a").evalMs()).isEqualTo(3_900_000);
    Eval r = onlyEval("eval range from 0 to 1m step 10s sum(a) by (b)");
    assertThat(r.range()).isTrue();
    assertThat(r.startMs()).isZero();
    assertThat(r.endMs()).isEqualTo(60_000);
    assertThat(r.stepMs()).isEqualTo(10_000);
    assertThat(r.expr()).isEqualTo("sum(a) by (b)");
    assertThatThrownBy(() -> ScriptParser.parse("eval instant at 1.5m a"))
        .hasMessageContaining("invalid timestamp definition \"1.5m\"");
    assertThatThrownBy(() -> ScriptParser.parse("eval range from 2m to 1m step 1m a"))
        .hasMessageContaining("end timestamp (1m) is before start timestamp (2m)");
  }

  @Test
  void readsExpectLines() {
    Eval ev = onlyEval("""
        eval instant at 1m rate(x[1m])
          expect warn msg: PromQL warning: metric might not be a counter
          expect info regex: name does not end .*
          expect ordered
          expect fail
        """);
    assertThat(ev.expects(ExpectKind.WARN)).singleElement().satisfies(e -> {
      assertThat(e.message()).isEqualTo("PromQL warning: metric might not be a counter");
      assertThat(e.matches("PromQL warning: metric might not be a counter")).isTrue();
      assertThat(e.matches("PromQL warning: metric might not be a counter!")).isFalse();
    });
    assertThat(ev.expects(ExpectKind.INFO)).singleElement()
        .satisfies(e -> assertThat(e.matches("PromQL info: name does not end in _total")).isTrue());
    assertThat(ev.isOrdered()).isTrue();
    assertThat(ev.isFail()).isTrue();
    // A bare "expect fail" matches any message.
    assertThat(ev.expects(ExpectKind.FAIL).get(0).matches("anything")).isTrue();
  }

  @Test
  void rejectsContradictoryExpectLines() {
    assertThatThrownBy(() -> ScriptParser.parse("eval instant at 0 a\n expect warn\n expect no_warn"))
        .hasMessageContaining("warn and no_warn cannot be used together");
    assertThatThrownBy(() -> ScriptParser.parse("eval instant at 0 a\n expect info\n expect no_info"))
        .hasMessageContaining("info and no_info cannot be used together");
    assertThatThrownBy(() -> ScriptParser.parse("eval instant at 0 a\n expect fail\n expect fail"))
        .hasMessageContaining("multiple expect fail lines");
    assertThatThrownBy(() -> ScriptParser.parse("eval instant at 0 a\n expect sometimes"))
        .isInstanceOf(ScriptException.class)
        .hasMessageContaining("invalid expect statement");
  }

  @Test
  void countsOrderedPositionsWithoutExpectLines() {
    Eval ev = onlyEval("""
        eval instant at 0 sort(a)
          expect ordered
          a{i="2"} 1
          expect no_info
          a{i="1"} 2
        """);
    assertThat(ev.expected().get(Labels.of("__name__", "a", "i", "2")).pos()).isEqualTo(1);
    assertThat(ev.expected().get(Labels.of("__name__", "a", "i", "1")).pos()).isEqualTo(2);
  }

  @Test
  void readsScalarsStringsAndRangeVectors() {
    Eval sc = onlyEval("eval instant at 0 1 + 2\n  3");
    assertThat(sc.expectScalar()).isTrue();
    assertThat(sc.expectedScalar().value()).isEqualTo(3);
    assertThat(onlyEval("eval instant at 0 NaN\n NaN").expectedScalar().value()).isNaN();
    assertThat(onlyEval("eval instant at 0 x\n 0x10").expectedScalar().value()).isEqualTo(16);

    Eval str = onlyEval("eval instant at 0 \"a\"\n  expect string \" Foo \"");
    assertThat(str.expectedString()).isEqualTo(" Foo ");
    assertThat(str.excludeFromRangeQuery()).isTrue();
    assertThat(onlyEval("eval instant at 0 `x`\n expect string `Fo\\o`").expectedString())
        .isEqualTo("Fo\\o");
    assertThatThrownBy(() -> ScriptParser.parse("eval instant at 0 x\n expect string Foo"))
        .hasMessageContaining("check that the string is correctly quoted");

    Eval rv = onlyEval("""
        eval instant at 1m a[1m]
          expect range vector from 10s to 1m step 10s
          a 1 2 3 4 5 6
        """);
    assertThat(rv.startMs()).isEqualTo(10_000);
    assertThat(rv.endMs()).isEqualTo(60_000);
    assertThat(rv.stepMs()).isEqualTo(10_000);
    assertThat(rv.evalMs()).isEqualTo(60_000);
    assertThat(rv.range()).isFalse();
    assertThat(rv.excludeFromRangeQuery()).isTrue();
    assertThatThrownBy(() -> ScriptParser.parse("eval instant at 1m a\n a 1 2"))
        .hasMessageContaining("expecting multiple values in instant evaluation not allowed");
  }

  @Test
  void readsDeprecatedEvalForms() {
    Eval f = onlyEval("eval_fail instant at 0 a\n expected_fail_message vector cannot contain");
    assertThat(f.fail()).isTrue();
    assertThat(f.isFail()).isTrue();
    assertThat(f.expectedFailMessage()).isEqualTo("vector cannot contain");
    Eval r = onlyEval("eval_fail range from 0 to 1m step 1m a\n expected_fail_regexp vec.*");
    assertThat(r.expectedFailRegexp().pattern()).isEqualTo("vec.*");
    assertThat(onlyEval("eval_warn instant at 0 a").warn()).isTrue();
    assertThat(onlyEval("eval_info instant at 0 a").info()).isTrue();
    assertThat(onlyEval("eval_ordered instant at 0 a").isOrdered()).isTrue();
    assertThatThrownBy(() -> ScriptParser.parse("eval_ordered range from 0 to 1m step 1m a"))
        .hasMessageContaining("invalid evaluation command");
  }

  @Test
  void readsStartTimestampLines() {
    Load l = (Load) ScriptParser.parse("""
        load 1m
          m{t="a"}@st   _ -30s-1mx1 -1m
          m{t="a"}      _ 1 2 3
          @st -1ms
          m{t="b"}      1 2
        """).get(0);
    assertThat(l.series()).hasSize(2);
    Command.LoadSeries a = l.series().get(0);
    assertThat(a.startOffsets()).extracting(SequenceValue::omitted)
        .containsExactly(true, false, false, false);
    assertThat(a.startOffsets()).extracting(SequenceValue::value)
        .containsExactly(0.0, -30_000.0, -90_000.0, -60_000.0);
    assertThat(l.series().get(1).startOffsets()).extracting(SequenceValue::value)
        .containsExactly(-1.0, -1.0);
    assertThat(l.series().get(1).hasStartTimestamps()).isTrue();

    assertThatThrownBy(() -> ScriptParser.parse("load 1m\n m@st 1s\n n 1"))
        .hasMessageContaining("@st metric does not match");
    assertThatThrownBy(() -> ScriptParser.parse("load 1m\n m@st 1s 2s\n m 1"))
        .hasMessageContaining("@st line has 2 values but sample line has 1");
    assertThatThrownBy(() -> ScriptParser.parse("load 1m\n m@st 1s"))
        .hasMessageContaining("@st line has no following sample line");
    assertThatThrownBy(() -> ScriptParser.parse("load 1m\n m@st 1q\n m 1"))
        .hasMessageContaining("invalid @st sequence");
  }

  @Test
  void reportsTheLineOfBadCommands() {
    assertThatThrownBy(() -> ScriptParser.parse("\n\nfrobnicate 1"))
        .isInstanceOfSatisfying(ScriptException.class, e -> assertThat(e.line()).isEqualTo(3))
        .hasMessageContaining("invalid command \"frobnicate 1\"");
    assertThatThrownBy(() -> ScriptParser.parse("load 1m\n m 1 x"))
        .isInstanceOfSatisfying(ScriptException.class, e -> assertThat(e.line()).isEqualTo(2));
    assertThatThrownBy(() -> ScriptParser.parse("load 1x"))
        .hasMessageContaining("invalid step definition \"1x\"");
  }
}
