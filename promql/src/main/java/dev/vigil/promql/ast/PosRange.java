package dev.vigil.promql.ast;

/** Character offsets [start, end) of a node in the query text, for error messages. */
public record PosRange(int start, int end) {
  public static final PosRange NONE = new PosRange(0, 0);
}
