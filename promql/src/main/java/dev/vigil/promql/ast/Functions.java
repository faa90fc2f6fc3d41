package dev.vigil.promql.ast;

/** Every PromQL function's signature by name. */
public final class Functions {
  private Functions() {}

  /** The function called {@code name}, or null when PromQL has none. */
  public static FunctionDef get(String name) {
    return null; // filled by the parser work
  }
}
