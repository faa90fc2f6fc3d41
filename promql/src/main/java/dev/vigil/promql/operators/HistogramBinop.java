package dev.vigil.promql.operators;

import dev.vigil.model.FloatHistogram;
import dev.vigil.promql.ast.BinaryOp;

/**
 * A binary operator where at least one operand is a native histogram, with Prometheus's rules:
 * {@code histogram * float}, {@code float * histogram}, {@code histogram / float}, {@code
 * histogram +/- histogram} and {@code ==}/{@code !=} between histograms are defined; every other
 * combination yields no sample and an info annotation. Stateless.
 */
final class HistogramBinop {
  private HistogramBinop() {}

  /**
   * @param info the annotation (without position) when the combination is undefined
   * @param warning an annotation to add beside a result, or null
   * @param note an info annotation to add beside a result, or null
   */
  record Result(double value, FloatHistogram histogram, boolean keep, String info,
      String warning, String note) {
    Result(double value, FloatHistogram histogram, boolean keep, String info, String warning) {
      this(value, histogram, keep, info, warning, null);
    }

    /** No sample and no match: undefined types or incompatible bucket layouts. */
    boolean skipped() {
      return info != null || (histogram == null && !keep);
    }
  }

  static Result apply(BinaryOp op, double fl, double fr, FloatHistogram hl, FloatHistogram hr) {
    if (hl == null) {
      if (op == BinaryOp.MUL) {
        return ok(HistogramMath.scale(hr, fl, false));
      }
      return incompatible("float", op, "histogram");
    }
    if (hr == null) {
      return switch (op) {
        case MUL -> ok(HistogramMath.scale(hl, fr, false));
        case DIV -> ok(HistogramMath.scale(hl, fr, true));
        default -> incompatible("histogram", op, "float");
      };
    }
    switch (op) {
      case ADD, SUB -> {
        try {
          FloatHistogram r = HistogramMath.add(hl, hr, op == BinaryOp.SUB);
          if (op == BinaryOp.SUB) {
            // A difference is not a counter any more.
            r = HistogramMath.withHint(r, FloatHistogram.CounterResetHint.GAUGE);
          }
          String info = HistogramMath.boundsDiffer(hl, hr)
              ? "PromQL info: mismatched custom buckets were reconciled during "
                  + (op == BinaryOp.ADD ? "addition" : "subtraction")
              : null;
          if (HistogramMath.hintCollision(hl, hr)) {
            // Prometheus reports the collision as the operation's error: warning, no sample.
            return new Result(0, null, false, null,
                "PromQL warning: conflicting counter resets during histogram "
                    + (op == BinaryOp.ADD ? "addition" : "subtraction"));
          }
          return new Result(0, r, true, null, null, info);
        } catch (HistogramMath.IncompatibleException e) {
          return new Result(0, null, false, null,
              "PromQL warning: incompatible bucket layout encountered for binary operator "
                  + op.text());
        }
      }
      case EQL -> {
        return new Result(0, hl, HistogramMath.equal(hl, hr), null, null);
      }
      case NEQ -> {
        return new Result(0, hl, !HistogramMath.equal(hl, hr), null, null);
      }
      default -> {
        return incompatible("histogram", op, "histogram");
      }
    }
  }

  private static Result ok(FloatHistogram h) {
    return new Result(0, h, true, null, null);
  }

  private static Result incompatible(String lhsType, BinaryOp op, String rhsType) {
    return new Result(0, null, false,
        "PromQL info: incompatible sample types encountered for binary operator \""
            + op.text() + "\": " + lhsType + " " + op.text() + " " + rhsType, null);
  }
}
