package dev.vigil.promql.engine;

import dev.vigil.model.Querier;

/** Where a query reads series from: {@code storage::querier}. */
@FunctionalInterface
public interface Queryable {
  /** A querier over [mint, maxt] in milliseconds, inclusive. */
  Querier querier(long mint, long maxt);
}
