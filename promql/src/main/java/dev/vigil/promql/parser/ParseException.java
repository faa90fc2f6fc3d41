package dev.vigil.promql.parser;

import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.PromqlException;

/**
 * A syntax or type error. {@link #getMessage()} reads as Prometheus's does, e.g. {@code 1:5: parse
 * error: unexpected end of input}; line and column are 1-based.
 */
public final class ParseException extends PromqlException {
  private final int line;
  private final int column;
  private final String detail;

  public ParseException(int line, int column, String detail) {
    super(ErrorType.BAD_DATA, line + ":" + column + ": parse error: " + detail);
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The message without the position prefix. */
  public String detail() {
    return detail;
  }
}
