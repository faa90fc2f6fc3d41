package dev.vigil.alerting.template;

import dev.vigil.common.template.GoTime;

/**
 * One alert as notification templates see it (Alertmanager's {@code template.Alert}): status
 * ("firing" or "resolved"), labels, annotations, start and end (Go's zero time when unset), the
 * generator URL and the fingerprint as 16 hex digits.
 */
public record AlertData(
    String status,
    KV labels,
    KV annotations,
    GoTime startsAt,
    GoTime endsAt,
    String generatorURL,
    String fingerprint) {}
