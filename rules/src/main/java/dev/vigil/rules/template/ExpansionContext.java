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
 * @param externalUrl the server's external URL; never null
 */
public record ExpansionContext(QueryFunction query, long timestampMillis, URI externalUrl) {
  public ExpansionContext {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(externalUrl, "externalUrl");
  }
}
