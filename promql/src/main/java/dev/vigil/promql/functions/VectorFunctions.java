package dev.vigil.promql.functions;

/**
 * The functions over instant vectors, scalars and strings by name (everything except the
 * range-vector functions and those the evaluator implements itself: {@code timestamp},
 * {@code absent}, {@code absent_over_time}, {@code info}).
 */
public final class VectorFunctions {
  private VectorFunctions() {}

  /** The function called {@code name}, or null when there is none. */
  public static VectorFunction get(String name) {
    return null; // filled by the functions work
  }
}
