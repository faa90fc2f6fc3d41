package dev.vigil.alerting.notify;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff between notification retries, with the parameters Alertmanager uses
 * (500ms initial, ×1.5 per attempt, ±50% jitter, at most 60s). Not thread-safe: one per retry
 * loop.
 */
final class Backoff {
  private static final double INITIAL_MS = 500;
  private static final double MULTIPLIER = 1.5;
  private static final double JITTER = 0.5;
  private static final double MAX_MS = 60_000;

  private final RandomGenerator random;
  private double current = INITIAL_MS;

  Backoff(RandomGenerator random) {
    this.random = random;
  }

  long nextMs() {
    double delta = JITTER * current;
    double min = current - delta;
    double max = current + delta;
    long v = (long) (min + random.nextDouble() * (max - min + 1));
    current = Math.min(current * MULTIPLIER, MAX_MS);
    return v;
  }
}
