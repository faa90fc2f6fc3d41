package dev.vigil.alerting;

import dev.vigil.alerting.config.AlertmanagerConfig;
import java.time.Instant;

/** What {@code /api/v2/status} reports about the core: the loaded config and start time. */
public record AlertmanagerStatus(AlertmanagerConfig config, Instant uptime) {}
