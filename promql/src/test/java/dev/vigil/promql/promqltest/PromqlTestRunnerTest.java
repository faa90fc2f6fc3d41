package dev.vigil.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.MemoryStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PromqlTestRunnerTest {
  private final FakeEngine engine = new FakeEngine();
  private final PromqlTestRunner runner =
      new PromqlTestRunner(engine, FakeEngine.SYNTAX, MemoryStorage::new);

  private FileReport run(String script) {
    return runner.run("t.test", script);
  }

  @Test
  void passesMatchingEvals() {
    FileReport r = run("""
        load 1m
          foo{a="1"} 1 2 3
          foo{a="2"} 5 _ stale

        eval instant at 2m foo
          foo{a="1"} 3

        eval instant at 1m foo
          foo{a="1"} 2
          foo{a="2"} 5

        eval range from 0 to 2m step 1m foo
          foo{a="1"} 1 2 3
          foo{a="2"} 5 5 _

        eval instant at 0 12
          12

        eval instant at 0 "hi"
          expect string "hi"

        clear

        eval instant at 2m foo
        """);
    assertThat(r.failures()).isEmpty();
    assertThat(r.passed()).isEqualTo(6);
  }

  @Test
  void reportsFailuresWithFileLineAndEvalLine() {
    FileReport r = run("""
        load 1m
          foo 1 2 3

        eval instant at 2m foo
          foo 4
        """);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.failures()).singleElement().asString()
        .startsWith("t.test:4: eval instant at 2m foo: ")
        .contains("expected 4 for foo{} but got 3");
  }

  @Test
  void comparesWithRelativeToleranceAndNaNEqualsNaN() {
    FileReport r = run("""
        load 1m
          foo 1000000 NaN
          bar 1000000

        eval instant at 0 foo
          foo 1000001

        eval instant at 1m foo
          foo NaN

        eval instant at 0 bar
          bar 1000010
        """);
    assertThat(r.passed()).isEqualTo(2);
    assertThat(r.failures()).singleElement().asString().startsWith("t.test:11:");
  }

  @Test
  void reRunsInstantEvalsWithPinnedAtModifiers() {
    String script = """
        load 1m
          foo 1 2 3

        eval instant at 2m foo
          foo 3
        """;
    assertThat(run(script).passed()).isEqualTo(1);
    assertThat(engine.log).contains(
        "instant foo @120000", "range foo 60000..180000",
        "instant foo @ 120.000 @-1200000", "instant foo @ 120.000 @0",
        "instant foo @ 120.000 @24000", "instant foo @ 120.000 @120000",
        "instant foo @ 120.000 @1200000", "range foo @ 120.000 1140000..1260000");
    engine.ignoreAt = true;
    FileReport broken = run(script);
    assertThat(broken.failed()).isEqualTo(1);
    assertThat(broken.failures().get(0)).contains("re-run as \"foo @ 120.000\" at -1200000ms");
  }

  @Test
  void atZeroTheReRunsAreAroundZero() {
    run("load 1m\n  foo 1\n\neval instant at 0 foo\n  foo 1\n");
    assertThat(engine.log).contains("instant foo @ 0.000 @-1000", "instant foo @ 0.000 @0",
        "instant foo @ 0.000 @1000");
  }

  @Test
  void timeDependentFunctionsGetNoAtReRuns() {
    FileReport r = run("eval instant at 1m time()\n  60\n");
    assertThat(r.passed()).isEqualTo(1);
    assertThat(engine.log).containsExactly("instant time() @60000", "range time() 0..120000");
  }

  @Test
  void queryContextFunctionsGetNeitherAtNorRangeReRuns() {
    FileReport r = run("eval instant at 100s start()\n  100\n");
    assertThat(r.passed()).isEqualTo(1);
    assertThat(engine.log).containsExactly("instant start() @100000");
  }

  @Test
  void annotationPositionsAreNotPartOfTheMessage() {
    FileReport r = run("""
        eval instant at 0 warnpos()
          expect warn msg: PromQL warning: careful
          1

        eval instant at 0 warnpos()
          expect warn regex: careful$
          1
        """);
    assertThat(r.failures()).isEmpty();
    assertThat(r.passed()).isEqualTo(2);
  }

  @Test
  void rangeModeMustAgreeWithTheInstantResult() {
    engine.skewRange = true;
    FileReport r = run("load 1m\n  foo 1 2\n\neval instant at 1m foo\n  foo 2\n");
    assertThat(r.failures()).singleElement().asString()
        .contains("range mode: expected 2 for foo{} but got 3");
    // Not for an ordered eval, nor for an expected string.
    assertThat(run("load 1m\n  foo 1 2\n\neval instant at 1m foo\n  expect ordered\n  foo 2\n")
        .passed()).isEqualTo(1);
    assertThat(run("eval instant at 1m \"x\"\n  expect string \"x\"\n").passed()).isEqualTo(1);
  }

  @Test
  void annotationsAreCheckedOnlyWhenExpected() {
    FileReport r = run("""
        eval instant at 0 warn()
          1

        eval instant at 0 warn()
          expect no_warn
          1

        eval instant at 0 warn()
          expect warn msg: PromQL warning: careful
          1

        eval instant at 0 warn()
          expect warn msg: PromQL warning: other
          1

        eval instant at 0 info()
          expect warn
          1

        eval_warn instant at 0 1
          1

        eval instant at 0 info()
          expect info regex: note$
          expect no_warn
          1
        """);
    assertThat(r.passed()).isEqualTo(3);
    assertThat(r.failures()).hasSize(4);
    assertThat(r.failures().get(0)).startsWith("t.test:4:").contains("unexpected warning");
    assertThat(r.failures().get(1)).startsWith("t.test:12:").contains("no matching annotation");
    assertThat(r.failures().get(2)).startsWith("t.test:16:")
        .contains("expected warn annotations but none were found");
    assertThat(r.failures().get(3)).startsWith("t.test:20:").contains("expected warnings");
  }

  @Test
  void expectedFailures() {
    FileReport r = run("""
        eval instant at 0 fail()
          expect fail

        eval instant at 0 fail()
          expect fail msg: boom

        eval instant at 0 fail()
          expect fail regex: bo+m

        eval_fail instant at 0 fail()
          expected_fail_message boom

        eval range from 0 to 1m step 1m fail()
          expect fail

        eval instant at 0 fail()
          expect fail msg: bang

        eval instant at 0 1
          expect fail

        eval instant at 0 fail()
          1

        eval instant at 0 no such syntax
          expect fail
        """);
    assertThat(r.passed()).isEqualTo(5);
    assertThat(r.failures()).hasSize(4);
    assertThat(r.failures().get(0)).startsWith("t.test:16:").contains("expected error matching");
    assertThat(r.failures().get(1)).startsWith("t.test:19:").contains("but got none");
    assertThat(r.failures().get(2)).startsWith("t.test:22:").contains("boom");
    // An expression the parser rejects fails even when a failure is expected, as in the harness.
    assertThat(r.failures().get(3)).startsWith("t.test:25:").contains("parse error");
  }

  @Test
  void orderedEvalsCheckPositions() {
    String load = "load 1m\n  b 1\n  a 2\n\n";
    FileReport ok = run(load + "eval instant at 0 a\n  expect ordered\n  a 2\n");
    assertThat(ok.passed()).isEqualTo(1);
  }

  @Test
  void skipsWhatTheStoreCannotHoldAndSaysSo() {
    FileReport r = runner.withNativeHistograms(false).withStartTimestamps(false).run("t.test", """
        load 1m
          hist {{schema:0 sum:1 count:1}}
          plain 1
          st_series@st -1s
          st_series 1

        eval instant at 0 hist

        eval instant at 0 plain
          plain 1

        eval instant at 0 plain
          plain {{count:1}}

        eval instant at 0 st_series
          st_series 1

        clear
        load_with_nhcb 1m
          h_bucket{le="1"} 1
          h_count 1

        eval instant at 0 h

        eval instant at 0 h_count
          h_count 1
        """);
    assertThat(r.failures()).isEmpty();
    assertThat(r.passed()).isEqualTo(2);
    assertThat(r.skippedNativeHistograms()).isEqualTo(3);
    assertThat(r.skippedStartTimestamps()).isEqualTo(1);
    StringWriter out = new StringWriter();
    new SuiteResult(List.of(r)).print(new PrintWriter(out));
    assertThat(out.toString()).isEqualTo("""
        3 skipped (native histograms)
        1 skipped (start timestamps)
        2 passed, 0 failed
        """);
    assertThat(r.skipped()).containsExactly(
        "t.test:7: eval instant at 0 hist: skipped (native histograms)",
        "t.test:12: eval instant at 0 plain: skipped (native histograms)",
        "t.test:15: eval instant at 0 st_series: skipped (start timestamps)",
        "t.test:23: eval instant at 0 h: skipped (native histograms)");
  }

  @Test
  void failuresOverNativeHistogramsAreCountedApart() {
    FileReport r = run("""
        load 1m
          hist {{schema:0 sum:1 count:1}}
          plain 1

        eval instant at 0 hist
          hist {{schema:0 sum:1 count:2}}

        eval instant at 0 plain
          plain 2
        """);
    assertThat(r.failed()).isEqualTo(2);
    assertThat(r.failedNativeHistograms()).isEqualTo(1);
    assertThat(r.failures().get(0)).startsWith("t.test:5:").endsWith(" [native histograms]");
    assertThat(r.failures().get(1)).startsWith("t.test:8:").doesNotContain("[native");
    StringWriter out = new StringWriter();
    new SuiteResult(List.of(r)).print(new PrintWriter(out));
    assertThat(out.toString()).endsWith("""
        1 of the failed involve native histograms
        0 passed, 2 failed
        """);
  }

  @Test
  void withNativeHistogramsTheyAreLoadedAndCompared() {
    PromqlTestRunner nh = runner.withNativeHistograms(true);
    FileReport r = nh.run("t.test", """
        load 1m
          hist {{schema:0 sum:1 count:2 buckets:[1 0 1]}}

        eval instant at 0 hist
          hist {{schema:0 sum:1 count:2 buckets:[1 0 1] offset:0}}

        eval instant at 0 hist
          hist {{schema:0 sum:1 count:3 buckets:[1 0 1]}}

        eval instant at 0 hist
          hist 2

        clear
        load_with_nhcb 1m
          h_bucket{le="1"} 1 2
          h_bucket{le="5"} 3 4
          h_bucket{le="+Inf"} 3 5
          h_sum 7 9

        eval instant at 1m h
          h {{schema:-53 sum:9 count:5 custom_values:[1 5] buckets:[2 2 1]}}

        eval instant at 0 h_sum
          h_sum 7
        """);
    assertThat(r.failures()).as("failures").hasSize(2);
    assertThat(r.skippedNativeHistograms()).isZero();
    assertThat(r.passed()).isEqualTo(3);
    assertThat(r.failures()).hasSize(2);
    assertThat(r.failures().get(0)).startsWith("t.test:7:").contains("but got {{count:2");
    assertThat(r.failures().get(1)).startsWith("t.test:10:")
        .contains("expected float value 2 for hist{} but got histogram");
  }

  @Test
  void loadWithNhcbRefusesInconsistentClassicHistograms() {
    FileReport r = runner.withNativeHistograms(true).run("t.test", """
        load_with_nhcb 1m
          h_bucket{le="1"} 3
          h_bucket{le="5"} 2
        """);
    assertThat(r.failures()).singleElement().asString()
        .startsWith("t.test:1: load_with_nhcb 1m: cannot load: ")
        .contains("count is not cumulative");
  }

  @Test
  void unreadableScriptsFailWithTheirLine() {
    FileReport r = run("load 1m\n  foo 1\n\nbogus line\n");
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.failures()).containsExactly(
        "t.test:4: bogus line: invalid command \"bogus line\"");
  }

  @Test
  void rejectedLoadsFail() {
    // Two lines for one series: the second replaces the first, as in the harness.
    FileReport r = run("load 1m\n  foo 1\n  foo 7\n\neval instant at 0 foo\n  foo 7\n");
    assertThat(r.failures()).isEmpty();
  }
}
