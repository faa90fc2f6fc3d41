package dev.vigil.rules.template;

import java.net.URI;
import java.util.Objects;

/**
 * What Prometheus's template functions read from their surroundings: the query function for
 * {@code query}, the evaluation time for {@code query} and {@code now}, and the external URL for
 * {@code externalURL} and {@code pathPrefix}.
 *
 * @param query runs instant queries; never null
 * @param timestampMillis the evaluation time in milliseconds since the epoch
 * @param externalUrl the server's external URL; null where Prometheus has none (promtool's rule
 *     unit tests), where {@code externalURL} and {@code pathPrefix} fail as they do there
 */
public record ExpansionContext(QueryFunction query, long timestampMillis, URI externalUrl) {
  public ExpansionContext {
    Objects.requireNonNull(query, "query");
  }
}
