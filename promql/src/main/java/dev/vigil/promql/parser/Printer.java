package dev.vigil.promql.parser;

import dev.vigil.promql.ast.Expr;

/** Formats an expression canonically, as Prometheus's {@code format_query} does. */
public final class Printer {
  private Printer() {}

  public static String print(Expr expr) {
    throw new UnsupportedOperationException("printer not yet implemented");
  }
}
