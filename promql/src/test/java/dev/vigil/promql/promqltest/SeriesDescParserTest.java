package dev.vigil.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.model.Samples;
import dev.vigil.promql.value.GoFloats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesDescParserTest {

  /** Values as text: numbers via Values.format, "_" omitted, "stale" for the marker. */
  private static List<String> render(List<SequenceValue> vals) {
    List<String> out = new ArrayList<>();
    for (SequenceValue v : vals) {
      if (v.omitted()) {
        out.add("_");
      } else if (v.histogram() != null) {
        out.add("h");
      } else if (Samples.isStaleNaN(v.value())) {
        out.add("stale");
      } else {
        out.add(GoFloats.formatG(v.value()));
      }
    }
    return out;
  }

  private static void check(String line, Labels labels, String... want) {
    SeriesDescription d = SeriesDescParser.parse(line);
    assertThat(d.labels()).as(line).isEqualTo(labels);
    assertThat(render(d.values())).as(line).containsExactly(want);
  }

  @Test
  void expandsTheSeriesNotation() {
    Labels m = Labels.of("__name__", "metric", "l", "v");
    check("metric{l=\"v\"} 1 2 _ stale", m, "1", "2", "_", "stale");
    check("metric{l=\"v\"} 1+2x3", m, "1", "3", "5", "7");
    check("metric{l=\"v\"} 5-1x4", m, "5", "4", "3", "2", "1");
    check("metric{l=\"v\"} 1x3", m, "1", "1", "1", "1");
    check("metric{l=\"v\"} _x3 1", m, "_", "_", "_", "1");
    check("metric{l=\"v\"} -1-1x2 +3", m, "-1", "-2", "-3", "3");
    check("metric{l=\"v\"} 0.5+0.25x2", m, "0.5", "0.75", "1");
    check("metric{l=\"v\"} 1e3 Inf -Inf NaN +Inf", m, "1000", "+Inf", "-Inf", "NaN", "+Inf");
  }

  @Test
  void randomSequencesExpandAsWritten() {
    long seed = System.nanoTime();
    System.out.println("SeriesDescParserTest seed " + seed);
    java.util.Random rnd = new java.util.Random(seed);
    for (int round = 0; round < 200; round++) {
      StringBuilder line = new StringBuilder("m{i=\"" + round + "\"}");
      List<String> want = new ArrayList<>();
      int items = rnd.nextInt(6);
      for (int k = 0; k < items; k++) {
        int start = rnd.nextInt(41) - 20;
        int n = rnd.nextInt(5);
        switch (rnd.nextInt(4)) {
          case 0 -> {
            line.append(' ').append(start);
            want.add(GoFloats.formatG(start));
          }
          case 1 -> {
            line.append(" _x").append(n + 1);
            for (int j = 0; j <= n; j++) {
              want.add("_");
            }
          }
          case 2 -> {
            line.append(' ').append(start).append('x').append(n);
            for (int j = 0; j <= n; j++) {
              want.add(GoFloats.formatG(start));
            }
          }
          default -> {
            int step = rnd.nextInt(11) - 5;
            line.append(' ').append(start).append(step < 0 ? "-" : "+").append(Math.abs(step))
                .append('x').append(n);
            for (int j = 0; j <= n; j++) {
              want.add(GoFloats.formatG(start + j * step));
            }
          }
        }
      }
      assertThat(render(SeriesDescParser.parse(line.toString()).values()))
          .as("seed %d: %s", seed, line).containsExactlyElementsOf(want);
    }
  }

  @Test
  void readsNumbersTheWayGoDoes() {
    // strconv.ParseInt(s, 0, 64) comes first: a leading zero means octal.
    check("m 010 0.10", Labels.of("__name__", "m"), "8", "0.1");
  }

  @Test
  void readsMetricForms() {
    check("{} 1", Labels.EMPTY, "1");
    check("m", Labels.of("__name__", "m"));
    check("{__name__=\"a:b\", x='y', z=`w`,} 2", Labels.of("__name__", "a:b", "x", "y", "z", "w"),
        "2");
    check("{\"my.metric\", \"a.b\"=\"c\"} 3", Labels.of("__name__", "my.metric", "a.b", "c"), "3");
    check("sum{by=\"x\"}\t4", Labels.of("__name__", "sum", "by", "x"), "4");
    check("m{a=\"\\\"q\\\"\\n\"} 1", Labels.of("__name__", "m", "a", "\"q\"\n"), "1");
  }

  @Test
  void parsesHistogramLiterals() {
    SeriesDescription d = SeriesDescParser.parse(
        "h {{schema:1 sum:5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[1 2] offset:-1 "
            + "n_buckets:[3] n_offset:2 counter_reset_hint:gauge}} _ {{}}");
    assertThat(d.values()).hasSize(3);
    FloatHistogram h = d.values().get(0).histogram();
    assertThat(h.schema()).isEqualTo(1);
    assertThat(h.sum()).isEqualTo(5);
    assertThat(h.count()).isEqualTo(4);
    assertThat(h.zeroCount()).isEqualTo(1);
    assertThat(h.zeroThreshold()).isEqualTo(0.001);
    assertThat(h.positiveSpans()).containsExactly(-1, 2);
    assertThat(h.positiveBuckets()).containsExactly(1, 2);
    assertThat(h.negativeSpans()).containsExactly(2, 1);
    assertThat(h.negativeBuckets()).containsExactly(3);
    assertThat(h.counterResetHint()).isEqualTo(FloatHistogram.CounterResetHint.GAUGE);
    assertThat(d.values().get(0).counterResetHintSet()).isTrue();
    assertThat(d.values().get(1).omitted()).isTrue();
    assertThat(d.values().get(2).histogram().count()).isZero();
  }

  @Test
  void expandsHistogramSeries() {
    SeriesDescription d = SeriesDescParser.parse(
        "h {{schema:0 sum:1 count:1 buckets:[1]}}+{{schema:0 sum:2 count:3 buckets:[1 2]}}x2 "
            + "{{count:7 custom_values:[1 2] schema:-53 buckets:[1]}}x1");
    assertThat(d.values()).hasSize(5);
    FloatHistogram last = d.values().get(2).histogram();
    assertThat(last.count()).isEqualTo(7);
    assertThat(last.sum()).isEqualTo(5);
    assertThat(last.positiveSpans()).containsExactly(0, 2);
    assertThat(last.positiveBuckets()).containsExactly(3, 4);
    assertThat(d.values().get(4).histogram().customValues()).containsExactly(1, 2);
    FloatHistogram down = SeriesDescParser.parse(
        "h {{sum:9 count:9 buckets:[5 4]}}-{{sum:1 count:2 buckets:[1 1]}}x1").values().get(1)
        .histogram();
    assertThat(down.count()).isEqualTo(7);
    assertThat(down.positiveBuckets()).containsExactly(4, 3);
  }

  @Test
  void mergesBucketsWhenAddingAFinerSchema() {
    // Schema 1 buckets 1 and 2 fall into schema 0 bucket 1.
    FloatHistogram h = SeriesDescParser.parse(
        "h {{schema:0 count:1 buckets:[1] offset:1}}+{{schema:1 count:2 buckets:[1 1] offset:1}}x1")
        .values().get(1).histogram();
    assertThat(h.schema()).isZero();
    assertThat(h.positiveSpans()).containsExactly(1, 1);
    assertThat(h.positiveBuckets()).containsExactly(3);
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> SeriesDescParser.parse("m 1 foo"))
        .hasMessageContaining("expected number or \"stale\"");
    // As Go's lexer does, an identifier runs on through "x": stalex1 is one word.
    assertThatThrownBy(() -> SeriesDescParser.parse("m stalex1"))
        .hasMessageContaining("unexpected identifier \"stalex1\"");
    assertThatThrownBy(() -> SeriesDescParser.parse("m 1+2"))
        .hasMessageContaining("expected \"x\"");
    assertThatThrownBy(() -> SeriesDescParser.parse("m{a=b} 1"))
        .hasMessageContaining("expected string");
    assertThatThrownBy(() -> SeriesDescParser.parse("m{a=\"b\" 1"))
        .hasMessage("1:9: parse error: unexpected character inside braces: '1'");
    assertThatThrownBy(() -> SeriesDescParser.parse("m{a=\"b\""))
        .hasMessage("1:8: parse error: unexpected end of input inside braces");
    assertThatThrownBy(() -> SeriesDescParser.parse("m{a=\"b\" c=\"d\"} 1"))
        .hasMessageContaining("expected \",\" or \"}\"");
    assertThatThrownBy(() -> SeriesDescParser.parse("m 1x2.5"))
        .hasMessageContaining("invalid repetition");
    assertThatThrownBy(() -> SeriesDescParser.parse("m 12abc"))
        .hasMessageContaining("bad number syntax");
    assertThatThrownBy(() -> SeriesDescParser.parse("h {{schema:1 schema:2}}"))
        .hasMessageContaining("duplicate key \"schema\"");
    assertThatThrownBy(() -> SeriesDescParser.parse("h {{sum:1"))
        .hasMessageContaining("unterminated histogram");
  }
}
