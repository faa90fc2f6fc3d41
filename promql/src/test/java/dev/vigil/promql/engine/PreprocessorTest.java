package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.DurationExpr;
import dev.vigil.promql.ast.DurationExpr.Kind;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.PosRange;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
  private static DurationExpr lit(double s) {
    return new DurationExpr(Kind.LITERAL, s, s + "s", null, null, false, new PosRange(3, 5));
  }

  private static DurationExpr op(Kind k, DurationExpr l, DurationExpr r) {
    return new DurationExpr(k, 0, null, l, r, false, new PosRange(1, 9));
  }

  private static final DurationExpr STEP = op(Kind.STEP, null, null);
  private static final DurationExpr RANGE = op(Kind.RANGE, null, null);

  private static long offsetOf(DurationExpr d, long start, long end, long step) {
    Expr.VectorSelector vs = new Expr.VectorSelector("m", java.util.List.of(), 0, d, null,
        false, false, PosRange.NONE);
    return ((Expr.VectorSelector) new Preprocessor(start, end, step).rewrite(vs)).offset();
  }

  @Test
  void durationExpressionsUseTheQueryStepAndRange() {
    assertThat(offsetOf(STEP, 50_000, 60_000, 5_000)).isEqualTo(5_000);
    assertThat(offsetOf(RANGE, 50_000, 60_000, 5_000)).isEqualTo(10_000);
    assertThat(offsetOf(op(Kind.MUL, op(Kind.NEGATE, STEP, null), lit(2)), 0, 60_000, 5_000))
        .isEqualTo(-10_000);
    assertThat(offsetOf(op(Kind.MIN_OF, STEP, lit(1)), 0, 60_000, 5_000)).isEqualTo(1_000);
    assertThat(offsetOf(op(Kind.ADD, op(Kind.MIN_OF, STEP, lit(1)), lit(8000)), 0, 60_000,
        5_000)).isEqualTo(8_001_000);
    assertThat(offsetOf(op(Kind.POW, STEP, lit(0)), 0, 60_000, 5_000)).isEqualTo(1_000);
    // An instant query has no step and no range.
    assertThat(offsetOf(RANGE, 50_000, 50_000, 0)).isZero();
  }

  @Test
  void nonPositiveRangesAndDivisionByZeroAreErrors() {
    Expr.MatrixSelector ms = new Expr.MatrixSelector(new Expr.VectorSelector("m",
        java.util.List.of(), 0, null, null, false, false, PosRange.NONE), 0, STEP, PosRange.NONE);
    assertThatThrownBy(() -> new Preprocessor(0, 0, 0).rewrite(ms))
        .hasMessage("1:9: duration must be greater than 0");
    assertThatThrownBy(() -> offsetOf(op(Kind.DIV, lit(1), lit(0)), 0, 0, 0))
        .hasMessage("1:9: division by zero");
  }

  @Test
  void startAndEndBecomeTimestamps() {
    Expr.VectorSelector vs = new Expr.VectorSelector("m", java.util.List.of(), 0, null,
        At.end(), false, false, PosRange.NONE);
    Expr.SubqueryExpr sq = new Expr.SubqueryExpr(vs, 60_000, null, 0, null, 0, null, At.start(),
        PosRange.NONE);
    Expr.SubqueryExpr out = (Expr.SubqueryExpr) new Preprocessor(1_000, 9_000, 1_000).rewrite(sq);
    assertThat(out.at()).isEqualTo(At.at(1_000));
    assertThat(((Expr.VectorSelector) out.expr()).at()).isEqualTo(At.at(9_000));
  }
}
