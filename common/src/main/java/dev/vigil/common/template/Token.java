package dev.vigil.common.template;

import dev.vigil.common.text.GoQuote;

/**
 * A lexical item of a template: its type, position (char offset into the text), value and the
 * line it starts on.
 */
record Token(Type type, int pos, String val, int line) {
  enum Type {
    ERROR,
    BOOL,
    CHAR,
    CHAR_CONSTANT,
    ASSIGN,
    DECLARE,
    EOF,
    FIELD,
    IDENTIFIER,
    LEFT_DELIM,
    LEFT_PAREN,
    NUMBER,
    PIPE,
    RAW_STRING,
    RIGHT_DELIM,
    RIGHT_PAREN,
    SPACE,
    STRING,
    TEXT,
    VARIABLE,
    // Keywords follow; see isKeyword.
    BLOCK,
    BREAK,
    CONTINUE,
    DOT,
    DEFINE,
    ELSE,
    END,
    IF,
    NIL,
    RANGE,
    TEMPLATE,
    WITH;

    boolean isKeyword() {
      return ordinal() >= BLOCK.ordinal();
    }
  }

  /** The token as Go's parser names it in "unexpected ..." messages. */
  @Override
  public String toString() {
    if (type == Type.EOF) {
      return "EOF";
    }
    if (type == Type.ERROR) {
      return val;
    }
    if (type.isKeyword()) {
      return "<" + val + ">";
    }
    if (val.codePointCount(0, val.length()) > 10) {
      int end = val.offsetByCodePoints(0, 10);
      return GoQuote.quote(val.substring(0, end), false) + "...";
    }
    return GoQuote.quote(val, false);
  }
}
