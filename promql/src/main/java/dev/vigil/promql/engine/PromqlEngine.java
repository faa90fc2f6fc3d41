package dev.vigil.promql.engine;

/** The PromQL engine. Thread-safe: one instance serves every query of a server. */
public final class PromqlEngine implements QueryEngine {
  private final EngineOptions options;

  public PromqlEngine(EngineOptions options) {
    this.options = options;
  }

  public EngineOptions options() {
    return options;
  }

  @Override
  public Query instantQuery(Queryable source, String query, long timeMs, QueryOptions opts) {
    throw new UnsupportedOperationException("engine not yet implemented");
  }

  @Override
  public Query rangeQuery(
      Queryable source, String query, long startMs, long endMs, long stepMs, QueryOptions opts) {
    throw new UnsupportedOperationException("engine not yet implemented");
  }
}
