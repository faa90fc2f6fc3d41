package dev.vigil.server.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.vigil.model.Labels;
import dev.vigil.promql.engine.QueryStats;
import dev.vigil.promql.engine.Value;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes query answers as Prometheus writes them: {@code {"status":"success","data":{
 * "resultType":..,"result":..[,"stats":..]}[,"warnings":[..]][,"infos":[..]]}}, values as strings
 * ({@link JsonNumbers#sampleValue}), timestamps as seconds with millisecond fractions, native
 * histograms as {@link HistogramJson}. Strings are escaped as Go's {@code encoding/json} does
 * ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as hex escapes). Written straight
 * to the output stream ({@link JsonBytes}), one series at a time, so large answers need no tree
 * in memory. {@link #generator} gives a Jackson generator with the same escapes for the other
 * endpoints. Stateless and thread-safe.
 */
final class QueryJson {
  static final JsonFactory FACTORY = new JsonFactory()
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .setCharacterEscapes(new GoEscapes());

  private QueryJson() {}

  /** Statistics to write: none, or timings and samples, with per-step samples when asked. */
  record StatsRequest(boolean include, boolean perStep) {}

  static JsonGenerator generator(OutputStream out) throws IOException {
    return FACTORY.createGenerator(out);
  }

  static void writeSuccess(OutputStream out, Value value, QueryStats stats, StatsRequest sr,
      List<String> warnings, List<String> infos) throws IOException {
    JsonBytes j = new JsonBytes(out);
    j.raw("{\"status\":\"success\",\"data\":{\"resultType\":");
    j.string(value.resultType());
    j.raw(",\"result\":");
    writeValue(j, value);
    if (sr.include()) {
      j.raw(",\"stats\":");
      writeStats(j, stats, sr.perStep());
    }
    j.ch('}');
    writeStrings(j, "warnings", warnings);
    writeStrings(j, "infos", infos);
    j.ch('}');
    j.flush();
  }

  static void writeStrings(JsonBytes j, String field, List<String> values) throws IOException {
    if (values.isEmpty()) {
      return;
    }
    j.ch(',').field(field).ch('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        j.ch(',');
      }
      j.string(values.get(i));
    }
    j.ch(']');
  }

  static void writeValue(JsonBytes j, Value value) throws IOException {
    switch (value) {
      // Prometheus marshals these two with encoding/json: the time as a float64 of seconds
      // ("1.5", not "1.500") and a scalar's value always in plain notation.
      case Value.Scalar s -> goPoint(j, s.t(), JsonNumbers.plain(s.v()));
      case Value.StringValue s -> goPoint(j, s.t(), s.s());
      case Value.Vector v -> {
        j.ch('[');
        List<Value.Sample> samples = v.samples();
        for (int i = 0; i < samples.size(); i++) {
          Value.Sample s = samples.get(i);
          j.raw(i == 0 ? "{\"metric\":" : ",{\"metric\":");
          labels(j, s.labels());
          if (s.h() != null) {
            j.raw(",\"histogram\":[").timestamp(s.t()).ch(',');
            HistogramJson.write(j, s.h());
            j.raw("]}");
          } else {
            j.raw(",\"value\":[").timestamp(s.t()).ch(',').sampleValue(s.f()).raw("]}");
          }
        }
        j.ch(']');
      }
      case Value.Matrix m -> {
        j.ch('[');
        List<Value.SeriesPoints> series = m.series();
        for (int i = 0; i < series.size(); i++) {
          if (i > 0) {
            j.ch(',');
          }
          series(j, series.get(i));
        }
        j.ch(']');
      }
    }
  }

  private static void series(JsonBytes j, Value.SeriesPoints s) throws IOException {
    j.raw("{\"metric\":");
    labels(j, s.labels());
    long[] fts = s.fts();
    if (fts != null && fts.length > 0) {
      double[] fvs = s.fvs();
      j.raw(",\"values\":[").floatPoints(fts, fvs).ch(']');
    }
    long[] hts = s.hts();
    if (hts != null && hts.length > 0) {
      j.raw(",\"histograms\":[");
      for (int i = 0; i < hts.length; i++) {
        j.raw(i == 0 ? "[" : ",[").timestamp(hts[i]).ch(',');
        HistogramJson.write(j, s.hvs()[i]);
        j.ch(']');
      }
      j.ch(']');
    }
    j.ch('}');
  }

  private static void goPoint(JsonBytes j, long t, String v) throws IOException {
    j.ch('[').raw(JsonNumbers.goJsonFloat(t / 1000.0)).ch(',').string(v).ch(']');
  }

  static void labels(JsonBytes j, Labels l) throws IOException {
    j.ch('{');
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        j.ch(',');
      }
      j.string(l.name(i)).ch(':').string(l.value(i));
    }
    j.ch('}');
  }

  /** Prometheus's {@code stats} object; zeros when the engine reported none. */
  private static void writeStats(JsonBytes j, QueryStats s, boolean perStep) throws IOException {
    QueryStats st = s != null ? s : new QueryStats(0, 0, null, 0, 1, 0, 0, 0, 0, 0);
    j.raw("{\"timings\":{");
    seconds(j, "evalTotalTime", st.evalTotalSeconds()).ch(',');
    seconds(j, "resultSortTime", st.resultSortSeconds()).ch(',');
    seconds(j, "queryPreparationTime", st.queryPreparationSeconds()).ch(',');
    seconds(j, "innerEvalTime", st.innerEvalSeconds()).ch(',');
    seconds(j, "execQueueTime", st.execQueueSeconds()).ch(',');
    // the engine's total already spans the wait in the queue, as Prometheus's exec total does
    seconds(j, "execTotalTime", Math.max(st.evalTotalSeconds(), st.execQueueSeconds()));
    j.raw("},\"samples\":{");
    long[] steps = st.perStepSamples();
    if (perStep && steps != null && steps.length > 0) {
      j.field("totalQueryableSamplesPerStep").ch('[');
      for (int i = 0; i < steps.length; i++) {
        long t = st.stepStartMs() + i * st.stepMs();
        j.raw(i == 0 ? "[" : ",[").raw(JsonNumbers.goJsonFloat(t / 1000.0)).ch(',')
            .number(steps[i]).ch(']');
      }
      j.raw("],");
    }
    j.field("totalQueryableSamples").number(st.totalQueryableSamples()).ch(',');
    j.field("peakSamples").number(st.peakSamples());
    j.raw("}}");
  }

  private static JsonBytes seconds(JsonBytes j, String field, double v) throws IOException {
    return j.field(field).raw(JsonNumbers.goJsonFloat(v));
  }

  /**
   * Go's escapes beyond what JSON requires ({@code <}, {@code >}, {@code &}, U+2028, U+2029), and
   * control characters other than newline, return and tab as lower-case hex escapes
   * (backslash, u, four digits).
   */
  private static final class GoEscapes extends CharacterEscapes {
    private final int[] table = standardAsciiEscapesForJSON();

    GoEscapes() {
      for (int c = 0; c < 0x20; c++) {
        if (c != '\n' && c != '\r' && c != '\t') {
          table[c] = ESCAPE_CUSTOM;
        }
      }
      table['<'] = ESCAPE_CUSTOM;
      table['>'] = ESCAPE_CUSTOM;
      table['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch < 0x80 ? table[ch] == ESCAPE_CUSTOM : ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
