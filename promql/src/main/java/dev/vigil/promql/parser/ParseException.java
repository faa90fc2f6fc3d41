package dev.vigil.promql.parser;

import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.PromqlException;
import java.nio.charset.StandardCharsets;

/**
 * A syntax or type error. {@link #getMessage()} reads as Prometheus's does, e.g. {@code 1:5: parse
 * error: unexpected end of input}; line and column are 1-based, the column counted in UTF-8 bytes
 * as Prometheus counts it.
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

  /** An error at character offset {@code pos} of {@code query}. */
  static ParseException at(String query, int pos, String detail) {
    pos = Math.max(0, Math.min(pos, query.length()));
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < pos; i++) {
      if (query.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int col = query.substring(lineStart, pos).getBytes(StandardCharsets.UTF_8).length + 1;
    return new ParseException(line, col, detail);
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
