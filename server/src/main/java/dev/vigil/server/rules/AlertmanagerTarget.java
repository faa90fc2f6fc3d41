package dev.vigil.server.rules;

import java.net.URI;
import java.util.Objects;

/**
 * One external Alertmanager alerts are posted to.
 *
 * @param alertsUrl the full {@code .../api/v2/alerts} URL
 * @param timeoutMs per-request timeout
 * @param authorization an {@code Authorization} header value, or null
 */
record AlertmanagerTarget(URI alertsUrl, long timeoutMs, String authorization) {
  AlertmanagerTarget {
    Objects.requireNonNull(alertsUrl, "alertsUrl");
  }
}
