package dev.vigil.rules.notify;

import dev.vigil.model.Labels;
import java.util.Objects;

/**
 * An alert as sent to an Alertmanager (its {@code /api/v2/alerts} body element). Times are
 * milliseconds since the epoch; 0 means unset.
 *
 * @param labels identifying labels
 * @param annotations expanded annotations
 * @param startsAt when the alert started firing
 * @param endsAt for firing alerts, a time in the future past which the alert counts as resolved
 *     unless re-sent; for resolved alerts, the resolve time
 * @param generatorUrl a link to the expression in the graph UI
 */
public record NotifiedAlert(
    Labels labels, Labels annotations, long startsAt, long endsAt, String generatorUrl) {
  public NotifiedAlert {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(generatorUrl, "generatorUrl");
  }

  /** The same alert with {@code extra} labels added where the alert does not set them. */
  public NotifiedAlert withLabelsUnder(Labels extra) {
    if (extra.isEmpty()) {
      return this;
    }
    var b = labels.toBuilder();
    extra.forEach((k, v) -> {
      if (!labels.has(k)) {
        b.set(k, v);
      }
    });
    return new NotifiedAlert(b.build(), annotations, startsAt, endsAt, generatorUrl);
  }
}
