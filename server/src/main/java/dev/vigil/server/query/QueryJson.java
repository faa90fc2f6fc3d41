package dev.vigil.server.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.vigil.model.Labels;
import dev.vigil.promql.engine.QueryStats;
import dev.vigil.promql.engine.Value;
import dev.vigil.server.api.ApiJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Streams query answers as Prometheus writes them: {@code {"status":"success","data":{
 * "resultType":..,"result":..[,"stats":..]}[,"warnings":[..]][,"infos":[..]]}}, values as strings
 * ({@link JsonNumbers#sampleValue}), timestamps as seconds with millisecond fractions, native
 * histograms as {@link HistogramJson}. Strings are escaped as Go's {@code encoding/json} does
 * ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as hex escapes). Written straight
 * to the output stream, one series at a time, so large answers need no tree in memory.
 * Stateless and thread-safe.
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
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeStringField("status", "success");
      g.writeFieldName("data");
      g.writeStartObject();
      g.writeStringField("resultType", value.resultType());
      g.writeFieldName("result");
      writeValue(g, value);
      if (sr.include()) {
        g.writeFieldName("stats");
        writeStats(g, stats, sr.perStep());
      }
      g.writeEndObject();
      writeStrings(g, "warnings", warnings);
      writeStrings(g, "infos", infos);
      g.writeEndObject();
    }
  }

  static void writeStrings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeFieldName(field);
    g.writeStartArray();
    for (String w : values) {
      g.writeString(w);
    }
    g.writeEndArray();
  }

  static void writeValue(JsonGenerator g, Value value) throws IOException {
    switch (value) {
      // Prometheus marshals these two with encoding/json: the time as a float64 of seconds
      // ("1.5", not "1.500") and a scalar's value always in plain notation.
      case Value.Scalar s -> goPoint(g, s.t(), JsonNumbers.plain(s.v()));
      case Value.StringValue s -> goPoint(g, s.t(), s.s());
      case Value.Vector v -> {
        g.writeStartArray();
        for (Value.Sample s : v.samples()) {
          g.writeStartObject();
          g.writeFieldName("metric");
          labels(g, s.labels());
          if (s.h() != null) {
            g.writeFieldName("histogram");
            g.writeStartArray();
            g.writeNumber(ApiJson.timestamp(s.t()).text());
            HistogramJson.write(g, s.h());
            g.writeEndArray();
          } else {
            g.writeFieldName("value");
            point(g, s.t(), JsonNumbers.sampleValue(s.f()));
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      case Value.Matrix m -> {
        g.writeStartArray();
        for (Value.SeriesPoints s : m.series()) {
          series(g, s);
        }
        g.writeEndArray();
      }
    }
  }

  private static void series(JsonGenerator g, Value.SeriesPoints s) throws IOException {
    g.writeStartObject();
    g.writeFieldName("metric");
    labels(g, s.labels());
    if (s.fts() != null && s.fts().length > 0) {
      g.writeFieldName("values");
      g.writeStartArray();
      for (int i = 0; i < s.fts().length; i++) {
        point(g, s.fts()[i], JsonNumbers.sampleValue(s.fvs()[i]));
      }
      g.writeEndArray();
    }
    if (s.hts() != null && s.hts().length > 0) {
      g.writeFieldName("histograms");
      g.writeStartArray();
      for (int i = 0; i < s.hts().length; i++) {
        g.writeStartArray();
        g.writeNumber(ApiJson.timestamp(s.hts()[i]).text());
        HistogramJson.write(g, s.hvs()[i]);
        g.writeEndArray();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void goPoint(JsonGenerator g, long t, String v) throws IOException {
    g.writeStartArray();
    g.writeNumber(JsonNumbers.goJsonFloat(t / 1000.0));
    g.writeString(v);
    g.writeEndArray();
  }

  private static void point(JsonGenerator g, long t, String v) throws IOException {
    g.writeStartArray();
    g.writeNumber(ApiJson.timestamp(t).text());
    g.writeString(v);
    g.writeEndArray();
  }

  static void labels(JsonGenerator g, Labels l) throws IOException {
    g.writeStartObject();
    for (int i = 0; i < l.size(); i++) {
      g.writeStringField(l.name(i), l.value(i));
    }
    g.writeEndObject();
  }

  /** Prometheus's {@code stats} object; zeros when the engine reported none. */
  private static void writeStats(JsonGenerator g, QueryStats s, boolean perStep)
      throws IOException {
    QueryStats st = s != null ? s : new QueryStats(0, 0, null, 0, 1, 0, 0, 0, 0, 0);
    g.writeStartObject();
    g.writeFieldName("timings");
    g.writeStartObject();
    seconds(g, "evalTotalTime", st.evalTotalSeconds());
    seconds(g, "resultSortTime", st.resultSortSeconds());
    seconds(g, "queryPreparationTime", st.queryPreparationSeconds());
    seconds(g, "innerEvalTime", st.innerEvalSeconds());
    seconds(g, "execQueueTime", st.execQueueSeconds());
    // the engine's total already spans the wait in the queue, as Prometheus's exec total does
    seconds(g, "execTotalTime", Math.max(st.evalTotalSeconds(), st.execQueueSeconds()));
    g.writeEndObject();
    g.writeFieldName("samples");
    g.writeStartObject();
    long[] steps = st.perStepSamples();
    if (perStep && steps != null && steps.length > 0) {
      g.writeFieldName("totalQueryableSamplesPerStep");
      g.writeStartArray();
      for (int i = 0; i < steps.length; i++) {
        g.writeStartArray();
        long t = st.stepStartMs() + i * st.stepMs();
        g.writeNumber(JsonNumbers.goJsonFloat(t / 1000.0));
        g.writeNumber(steps[i]);
        g.writeEndArray();
      }
      g.writeEndArray();
    }
    g.writeNumberField("totalQueryableSamples", st.totalQueryableSamples());
    g.writeNumberField("peakSamples", st.peakSamples());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void seconds(JsonGenerator g, String field, double v) throws IOException {
    g.writeFieldName(field);
    g.writeNumber(JsonNumbers.goJsonFloat(v));
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
