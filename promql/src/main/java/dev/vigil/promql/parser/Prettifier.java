package dev.vigil.promql.parser;

import dev.vigil.promql.ast.Expr;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Prometheus's {@code Prettify}: a node whose one-line form is longer than 100 bytes is split, its
 * children going on their own lines, indented two spaces per level; shorter nodes stay on one line.
 * The rules per node kind (and their quirks, e.g. an unsplit subquery takes no indent, a unary
 * operator glues to its operand's first line) follow Prometheus's {@code Pretty(level)} methods.
 *
 * <p>Output is written into one builder (Prometheus concatenates strings, which is cubic on deep
 * trees), and its size is capped: indentation grows with depth, so the output of a very deep
 * expression grows with the square of its depth.
 */
final class Prettifier {
  private static final int MAX_CHARACTERS_PER_LINE = 100;
  /** Output larger than this (4 Mi chars) is refused rather than built. */
  static final int MAX_OUTPUT_CHARS = 4 << 20;

  private final StringBuilder sb = new StringBuilder();
  /** Nodes whose one-line form is too long, found bottom-up before writing. */
  private final Set<Expr> tooLong = Collections.newSetFromMap(new IdentityHashMap<>());

  private Prettifier() {}

  /** @throws IllegalArgumentException when the output would exceed {@link #MAX_OUTPUT_CHARS} */
  static String pretty(Expr e) {
    Prettifier p = new Prettifier();
    p.markTooLong(e);
    p.write(e, 0, false);
    return p.sb.toString();
  }

  /**
   * Marks every node longer than a line. A node containing a long child is long itself, so only
   * nodes with short children are printed to measure them: linear, even for deep trees.
   */
  private boolean markTooLong(Expr e) {
    boolean anyChild = false;
    for (Expr child : children(e)) {
      anyChild |= markTooLong(child);
    }
    boolean long_ = anyChild || oneLineTooLong(e);
    if (long_) {
      tooLong.add(e);
    }
    return long_;
  }

  private static List<Expr> children(Expr e) {
    return switch (e) {
      case Expr.AggregateExpr a -> a.param() == null ? List.of(a.expr()) : List.of(a.param(), a.expr());
      case Expr.BinaryExpr b -> List.of(b.lhs(), b.rhs());
      case Expr.Call c -> c.args();
      case Expr.ParenExpr p -> List.of(p.expr());
      case Expr.UnaryExpr u -> List.of(u.expr());
      case Expr.SubqueryExpr s -> List.of(s.expr());
      case Expr.MatrixSelector m -> List.of(m.selector());
      default -> List.of();
    };
  }

  /** Prometheus's {@code needsSplit} measure: the one-line form is longer than 100 bytes. */
  private static boolean oneLineTooLong(Expr e) {
    String oneLine = Printer.fitsIn(e, MAX_CHARACTERS_PER_LINE);
    return oneLine == null
        || oneLine.getBytes(StandardCharsets.UTF_8).length > MAX_CHARACTERS_PER_LINE;
  }

  private boolean needsSplit(Expr e) {
    return tooLong.contains(e);
  }

  private void indent(int level) {
    if (sb.length() + 2L * level > MAX_OUTPUT_CHARS) {
      throw new IllegalArgumentException("expression is nested too deeply to format: the "
          + "indented form would exceed " + MAX_OUTPUT_CHARS + " characters");
    }
    sb.append("  ".repeat(level));
  }

  /** Writes {@code e} at {@code level}; {@code glued}: no indent before its first line. */
  private void write(Expr e, int level, boolean glued) {
    switch (e) {
      case Expr.AggregateExpr a when needsSplit(a) -> {
        indentUnlessGlued(level, glued);
        sb.append(Printer.aggregateHead(a)).append("(\n");
        if (a.param() != null) {
          write(a.param(), level + 1, false);
          sb.append(",\n");
        }
        write(a.expr(), level + 1, false);
        sb.append('\n');
        indent(level);
        sb.append(')');
      }
      case Expr.BinaryExpr b when needsSplit(b) -> {
        write(b.lhs(), level + 1, glued);
        sb.append('\n');
        indent(level);
        sb.append(Printer.binaryOperator(b)).append('\n');
        write(b.rhs(), level + 1, false);
      }
      case Expr.Call c when needsSplit(c) -> {
        indentUnlessGlued(level, glued);
        sb.append(c.func().name()).append("(\n");
        for (int i = 0; i < c.args().size(); i++) {
          if (i > 0) {
            sb.append(",\n");
          }
          write(c.args().get(i), level + 1, false);
        }
        sb.append('\n');
        indent(level);
        sb.append(')');
      }
      case Expr.ParenExpr p when needsSplit(p) -> {
        indentUnlessGlued(level, glued);
        sb.append("(\n");
        write(p.expr(), level + 1, false);
        sb.append('\n');
        indent(level);
        sb.append(')');
      }
      case Expr.SubqueryExpr s -> {
        if (needsSplit(s)) {
          write(s.expr(), level, glued);
          sb.append(Printer.subquerySuffix(s));
        } else {
          sb.append(Printer.print(s));
        }
      }
      case Expr.UnaryExpr u -> {
        indentUnlessGlued(level, glued);
        sb.append(u.negate() ? '-' : '+');
        write(u.expr(), level, true);
      }
      default -> {
        indentUnlessGlued(level, glued);
        sb.append(Printer.print(e));
      }
    }
  }

  private void indentUnlessGlued(int level, boolean glued) {
    if (!glued) {
      indent(level);
    }
  }
}
