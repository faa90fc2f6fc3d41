package dev.vigil.promql.promqltest;

import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.parser.Parser;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.promql.parser.Printer;

/**
 * How the runner parses and prints expressions for its own needs (the {@code @} rewrite, finding
 * selectors); a seam so that the runner can be tested without the real parser.
 */
interface ExprSyntax {
  Expr parse(String expr);

  String print(Expr expr);

  static ExprSyntax of(ParserOptions options) {
    return new ExprSyntax() {
      @Override
      public Expr parse(String expr) {
        return Parser.parse(expr, options);
      }

      @Override
      public String print(Expr expr) {
        return Printer.print(expr);
      }
    };
  }
}
