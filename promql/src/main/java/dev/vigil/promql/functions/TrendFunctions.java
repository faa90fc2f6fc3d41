package dev.vigil.promql.functions;

import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.value.GoFloats;
import dev.vigil.promql.value.KahanSum;

/**
 * Functions that fit a trend to a window's floats: {@code deriv}, {@code predict_linear} (least
 * squares) and {@code double_exponential_smoothing} (Holt). Histograms in a mixed window are
 * ignored with an info annotation. Stateless.
 */
final class TrendFunctions {
  private TrendFunctions() {}

  /** Slope and intercept of a least-squares fit, x in seconds relative to an intercept time. */
  private static boolean regression(RangeWindow w, long interceptTime, double[] out) {
    double n = 0;
    KahanSum sx = new KahanSum();
    KahanSum sy = new KahanSum();
    KahanSum sxy = new KahanSum();
    KahanSum sx2 = new KahanSum();
    double initY = Double.NaN;
    boolean constY = true;
    boolean first = true;
    for (int i = w.from; i < w.to; i++) {
      if (w.h != null && w.h[i] != null) {
        continue;
      }
      double y = w.f[i];
      if (first) {
        initY = y;
        first = false;
      } else if (constY && y != initY) {
        constY = false;
      }
      n += 1;
      double x = (w.t[i] - interceptTime) / 1e3;
      sx.add(x);
      sy.add(y);
      sxy.add(x * y);
      sx2.add(x * x);
    }
    if (constY) {
      // A constant series has slope 0 exactly, unless it is infinite.
      if (Double.isInfinite(initY)) {
        out[0] = Double.NaN;
        out[1] = Double.NaN;
      } else {
        out[0] = 0;
        out[1] = initY;
      }
      return true;
    }
    double sumX = sx.sum + sx.c;
    double sumY = sy.sum + sy.c;
    double sumXY = sxy.sum + sxy.c;
    double sumX2 = sx2.sum + sx2.c;
    double covXY = sumXY - sumX * sumY / n;
    double varX = sumX2 - sumX * sumX / n;
    double slope = covXY / varX;
    out[0] = slope;
    out[1] = sumY / n - slope * sumX / n;
    return true;
  }

  /** Needs two floats; a single float beside histograms earns the ignored-histograms info. */
  private static boolean enoughFloats(RangeWindow w, int floats) {
    int n = w.to - w.from;
    if (floats < 2) {
      if (floats == 1 && n > 1) {
        AnnotationText.histogramIgnoredInMixedRange(w.ctx, w.metricName(), w.argPos(0));
      }
      return false;
    }
    if (floats < n) {
      AnnotationText.histogramIgnoredInMixedRange(w.ctx, w.metricName(), w.argPos(0));
    }
    return true;
  }

  static boolean deriv(RangeWindow w) {
    int floats = Windows.floatCount(w, w.from, w.to);
    if (!enoughFloats(w, floats)) {
      return false;
    }
    double[] out = new double[2];
    // Relative to the first sample's time, to keep x small (precision).
    regression(w, firstFloatTime(w), out);
    w.outValue = out[0];
    w.outHistogram = null;
    return true;
  }

  static boolean predictLinear(RangeWindow w) {
    int floats = Windows.floatCount(w, w.from, w.to);
    if (!enoughFloats(w, floats)) {
      return false;
    }
    double duration = w.scalarArgs[1];
    double[] out = new double[2];
    regression(w, w.stepTime, out);
    w.outValue = out[0] * duration + out[1];
    w.outHistogram = null;
    return true;
  }

  private static long firstFloatTime(RangeWindow w) {
    for (int i = w.from; i < w.to; i++) {
      if (w.h == null || w.h[i] == null) {
        return w.t[i];
      }
    }
    return 0;
  }

  /**
   * Holt's double exponential smoothing with smoothing factor {@code sf} and trend factor
   * {@code tf}, both strictly between 0 and 1 (else the query fails, as in Prometheus).
   */
  static boolean doubleExponentialSmoothing(RangeWindow w) {
    if (w.to <= w.from) {
      return false;
    }
    double sf = w.scalarArgs[1];
    double tf = w.scalarArgs[2];
    if (sf <= 0 || sf >= 1) { // NaN passes, as in Prometheus
      throw new PromqlException(ErrorType.EXECUTION,
          "invalid smoothing factor. Expected: 0 < sf < 1, got: " + GoFloats.formatFixed(sf));
    }
    if (tf <= 0 || tf >= 1) {
      throw new PromqlException(ErrorType.EXECUTION,
          "invalid trend factor. Expected: 0 < tf < 1, got: " + GoFloats.formatFixed(tf));
    }
    int floats = Windows.floatCount(w, w.from, w.to);
    int n = w.to - w.from;
    if (floats < 2) {
      if (floats == 1 && n > 1) {
        AnnotationText.histogramIgnoredInMixedRange(w.ctx, w.metricName(), w.argPos(0));
      }
      return false;
    }
    double s0 = 0;
    double s1 = 0;
    double b = 0;
    int k = 0; // index among the floats
    double prev = 0;
    for (int i = w.from; i < w.to; i++) {
      if (w.h != null && w.h[i] != null) {
        continue;
      }
      double v = w.f[i];
      if (k == 0) {
        s1 = v;
        prev = v;
      } else {
        if (k == 1) {
          b = v - prev;
        }
        double x = sf * v;
        // The trend at step k-1 (the initial trend for the first step).
        if (k - 1 != 0) {
          b = tf * (s1 - s0) + (1 - tf) * b;
        }
        double y = (1 - sf) * (s1 + b);
        s0 = s1;
        s1 = x + y;
      }
      k++;
    }
    if (floats < n) {
      AnnotationText.histogramIgnoredInMixedRange(w.ctx, w.metricName(), w.argPos(0));
    }
    w.outValue = s1;
    w.outHistogram = null;
    return true;
  }
}
