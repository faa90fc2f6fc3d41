package dev.vigil.promql.operators;

import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.value.GoMath;

/** Binary operators on two floats with Go's (Prometheus's) semantics. Stateless. */
final class FloatBinop {
  private FloatBinop() {}

  /** Arithmetic operators (not comparisons, not set operators). */
  static double arith(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case POW -> GoMath.pow(l, r);
      case MOD -> GoMath.mod(l, r);
      case ATAN2 -> Math.atan2(l, r);
      default -> throw new IllegalArgumentException("not an arithmetic operator: " + op.text());
    };
  }

  /** Comparison operators; any comparison with NaN is false except {@code !=}. */
  static boolean compare(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQL -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> throw new IllegalArgumentException("not a comparison operator: " + op.text());
    };
  }

  /** Scalar-scalar: comparisons (only legal with {@code bool}) yield 1 or 0. */
  static double scalar(BinaryOp op, double l, double r) {
    if (op.isComparison()) {
      return compare(op, l, r) ? 1 : 0;
    }
    return arith(op, l, r);
  }

  /** Arithmetic operators change what a value means, so they drop the metric name. */
  static boolean changesMetricSchema(BinaryOp op) {
    return switch (op) {
      case ADD, SUB, MUL, DIV, POW, MOD, ATAN2 -> true;
      default -> false;
    };
  }
}
