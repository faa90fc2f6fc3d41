package dev.vigil.rules.eval;

import dev.vigil.model.Appender;
import dev.vigil.promql.engine.Queryable;
import dev.vigil.rules.notify.Notifier;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What groups need from the server: the evaluation environment, where results go, where the
 * {@code for} state is restored from, and the notifier with Prometheus's timing settings.
 *
 * @param env query function, external labels and URL
 * @param appender a fresh appender per rule evaluation
 * @param restoreSource reads {@code ALERTS_FOR_STATE} on start
 * @param notifier receives alerts that need sending
 * @param resendDelayMs minimum time between re-sends of a firing alert (1m)
 * @param outageToleranceMs how long an outage may last for {@code for} state to be restored (1h)
 * @param forGracePeriodMs the least time left to fire after a restore (10m)
 */
public record GroupContext(
    EvalEnvironment env,
    Supplier<Appender> appender,
    Queryable restoreSource,
    Notifier notifier,
    long resendDelayMs,
    long outageToleranceMs,
    long forGracePeriodMs) {
  public static final long DEFAULT_RESEND_DELAY_MS = 60_000;
  public static final long DEFAULT_OUTAGE_TOLERANCE_MS = 3_600_000;
  public static final long DEFAULT_FOR_GRACE_PERIOD_MS = 600_000;

  public GroupContext {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(appender, "appender");
    Objects.requireNonNull(restoreSource, "restoreSource");
    Objects.requireNonNull(notifier, "notifier");
    if (resendDelayMs < 0 || outageToleranceMs < 0 || forGracePeriodMs < 0) {
      throw new IllegalArgumentException("negative resend delay, outage tolerance or grace period");
    }
  }
}
