package dev.vigil.promql.engine;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import java.util.List;

/** A query's result value in the shapes of the Prometheus API. */
public sealed interface Value {
  /** "scalar", "string", "vector" or "matrix". */
  String resultType();

  record Scalar(long t, double v) implements Value {
    public String resultType() {
      return "scalar";
    }
  }

  record StringValue(long t, String s) implements Value {
    public String resultType() {
      return "string";
    }
  }

  /** One sample of an instant vector: a float ({@code h} null) or a histogram. */
  record Sample(Labels labels, long t, double f, FloatHistogram h) {}

  record Vector(List<Sample> samples) implements Value {
    public String resultType() {
      return "vector";
    }
  }

  /**
   * One series of a matrix: float points ({@code fts}/{@code fvs}) and histogram points
   * ({@code hts}/{@code hvs}), each in time order. The arrays are read-only: the series of a
   * range query's result may share one array of step times.
   */
  record SeriesPoints(Labels labels, long[] fts, double[] fvs, long[] hts, FloatHistogram[] hvs) {}

  record Matrix(List<SeriesPoints> series) implements Value {
    public String resultType() {
      return "matrix";
    }
  }
}
