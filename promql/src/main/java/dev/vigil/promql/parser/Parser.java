package dev.vigil.promql.parser;

import dev.vigil.promql.ast.Expr;

/** Parses PromQL text into a type-checked syntax tree. Thread-safe (stateless). */
public final class Parser {
  private Parser() {}

  /** @throws ParseException naming the problem and its line:column */
  public static Expr parse(String query, ParserOptions options) {
    throw new UnsupportedOperationException("parser not yet implemented");
  }
}
