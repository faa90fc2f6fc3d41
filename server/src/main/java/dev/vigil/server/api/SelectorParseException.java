package dev.vigil.server.api;

/**
 * A series selector that does not parse. The message has Prometheus's shape,
 * {@code 1:4: parse error: unexpected end of input inside braces}, with a 1-based column.
 */
public class SelectorParseException extends IllegalArgumentException {
  private final int column;

  public SelectorParseException(int column, String detail) {
    this(1, column, detail);
  }

  public SelectorParseException(int line, int column, String detail) {
    super(line + ":" + column + ": parse error: " + detail);
    this.column = column;
  }

  public int column() {
    return column;
  }
}
