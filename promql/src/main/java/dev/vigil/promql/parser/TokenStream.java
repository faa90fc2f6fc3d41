package dev.vigil.promql.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * The lexer's tokens with two tokens of lookahead, the end of the last closing token (Prometheus's
 * {@code lastClosing}, which ends the position range of calls, aggregations and modified
 * selectors) and the error helpers every parsing step shares. Not thread-safe.
 */
final class TokenStream {
  private final String query;
  private final Lexer lexer;
  private final List<Token> ahead = new ArrayList<>(2);
  private int lastClosing;

  TokenStream(String query) {
    this.query = query;
    this.lexer = new Lexer(query);
  }

  String query() {
    return query;
  }

  Token peek() {
    return peek(0);
  }

  /** The token {@code k} places ahead (0 = the next one). */
  Token peek(int k) {
    while (ahead.size() <= k) {
      ahead.add(lexer.next());
    }
    return ahead.get(k);
  }

  Token next() {
    Token t = peek(0);
    ahead.remove(0);
    switch (t.type()) {
      case ERROR -> throw fail(t.pos(), t.text());
      case RIGHT_PAREN, RIGHT_BRACE, RIGHT_BRACKET, NUMBER, DURATION -> lastClosing = t.end();
      default -> {}
    }
    return t;
  }

  boolean at(TokenType type) {
    return peek().type() == type;
  }

  /** Consumes the next token if it has the given type. */
  boolean accept(TokenType type) {
    if (peek().type() == type) {
      next();
      return true;
    }
    return false;
  }

  int lastClosing() {
    return lastClosing;
  }

  ParseException fail(int pos, String detail) {
    return ParseException.at(query, pos, detail);
  }

  /**
   * Prometheus's {@code unexpected(context, expected)}: {@code unexpected <token>[ in
   * <context>][, expected <what>]}; a lexical error token reports its own message instead.
   */
  ParseException unexpected(Token t, String context, String expected) {
    if (t.type() == TokenType.ERROR) {
      return fail(t.pos(), t.text());
    }
    StringBuilder sb = new StringBuilder("unexpected ").append(t.describe());
    if (!context.isEmpty()) {
      sb.append(" in ").append(context);
    }
    if (!expected.isEmpty()) {
      sb.append(", expected ").append(expected);
    }
    return fail(t.pos(), sb.toString());
  }
}
