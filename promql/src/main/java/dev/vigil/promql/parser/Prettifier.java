package dev.vigil.promql.parser;

import dev.vigil.promql.ast.Expr;
import java.nio.charset.StandardCharsets;

/**
 * Prometheus's {@code Prettify}: a node whose one-line form is longer than 100 bytes is split, its
 * children going on their own lines, indented two spaces per level; shorter nodes stay on one line.
 * The rules per node kind (and their quirks, e.g. an unsplit subquery takes no indent) follow
 * Prometheus's {@code Pretty(level)} methods.
 */
final class Prettifier {
  private static final int MAX_CHARACTERS_PER_LINE = 100;

  private Prettifier() {}

  static String pretty(Expr e) {
    return pretty(e, 0);
  }

  private static String indent(int level) {
    return "  ".repeat(level);
  }

  private static boolean needsSplit(Expr e) {
    return Printer.print(e).getBytes(StandardCharsets.UTF_8).length > MAX_CHARACTERS_PER_LINE;
  }

  private static String pretty(Expr e, int level) {
    switch (e) {
      case Expr.AggregateExpr a -> {
        if (!needsSplit(a)) {
          return indent(level) + Printer.print(a);
        }
        StringBuilder sb = new StringBuilder(indent(level)).append(Printer.aggregateHead(a))
            .append("(\n");
        if (a.param() != null) {
          sb.append(pretty(a.param(), level + 1)).append(",\n");
        }
        return sb.append(pretty(a.expr(), level + 1)).append('\n').append(indent(level))
            .append(')').toString();
      }
      case Expr.BinaryExpr b -> {
        if (!needsSplit(b)) {
          return indent(level) + Printer.print(b);
        }
        return pretty(b.lhs(), level + 1) + "\n" + indent(level) + Printer.binaryOperator(b) + "\n"
            + pretty(b.rhs(), level + 1);
      }
      case Expr.Call c -> {
        if (!needsSplit(c)) {
          return indent(level) + Printer.print(c);
        }
        StringBuilder sb = new StringBuilder(indent(level)).append(c.func().name()).append("(\n");
        for (int i = 0; i < c.args().size(); i++) {
          if (i > 0) {
            sb.append(",\n");
          }
          sb.append(pretty(c.args().get(i), level + 1));
        }
        return sb.append('\n').append(indent(level)).append(')').toString();
      }
      case Expr.ParenExpr p -> {
        if (!needsSplit(p)) {
          return indent(level) + Printer.print(p);
        }
        return indent(level) + "(\n" + pretty(p.expr(), level + 1) + "\n" + indent(level) + ")";
      }
      case Expr.SubqueryExpr s -> {
        if (!needsSplit(s)) {
          return Printer.print(s);
        }
        return pretty(s.expr(), level) + Printer.subquerySuffix(s);
      }
      case Expr.UnaryExpr u -> {
        return indent(level) + (u.negate() ? "-" : "+") + pretty(u.expr(), level).strip();
      }
      default -> {
        return indent(level) + Printer.print(e);
      }
    }
  }
}
