package dev.vigil.promql.promqltest;

/** A test script that cannot be read; {@link #line()} is 1-based (0 when unknown). */
public final class ScriptException extends RuntimeException {
  private final int line;

  public ScriptException(int line, String message) {
    super(message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
