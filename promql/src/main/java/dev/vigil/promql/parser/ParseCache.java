package dev.vigil.promql.parser;

import dev.vigil.promql.ast.Expr;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed queries by their text, for one set of {@link ParserOptions}. Dashboards and rules send
 * the same few query texts again and again; lexing, parsing and type-checking one is a few
 * thousand bytecodes that, in a server answering a few hundred requests, still run mostly
 * interpreted. Syntax trees are immutable, so one tree serves every request. Bounded: at {@link
 * #MAX_ENTRIES} the cache starts over (a server asked thousands of distinct texts gains little
 * from it anyway); texts over {@link #MAX_TEXT} characters and failing texts are not kept.
 * Thread-safe.
 */
public final class ParseCache {
  static final int MAX_ENTRIES = 512;
  static final int MAX_TEXT = 4096;

  private final ParserOptions options;
  private final ConcurrentHashMap<String, Expr> trees = new ConcurrentHashMap<>();

  public ParseCache(ParserOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** {@link Parser#parse(String, ParserOptions)} of {@code query}, from the cache when there. */
  public Expr parse(String query) {
    Expr e = trees.get(query);
    if (e != null) {
      return e;
    }
    e = Parser.parse(query, options);
    if (query.length() <= MAX_TEXT) {
      if (trees.size() >= MAX_ENTRIES) {
        trees.clear();
      }
      trees.put(query, e);
    }
    return e;
  }
}
