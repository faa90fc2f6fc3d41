package dev.vigil.promql.engine;

/**
 * Runs PromQL. What the query API, rules and the promqltest runner depend on. Creating a query
 * parses it (throwing {@link dev.vigil.promql.parser.ParseException}); {@link Query#exec()}
 * evaluates it.
 */
public interface QueryEngine {
  Query instantQuery(Queryable source, String query, long timeMs, QueryOptions options);

  /** @param stepMs &gt; 0; {@code end >= start} */
  Query rangeQuery(
      Queryable source, String query, long startMs, long endMs, long stepMs, QueryOptions options);
}
