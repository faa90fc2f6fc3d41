package dev.vigil.alerting.alert;

import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert as Alertmanager holds it. {@code endsAt} null is Go's zero time ("no end");
 * {@code updatedAt} is when Alertmanager last received it and decides which copy wins a merge;
 * {@code timeout} marks an {@code endsAt} that Alertmanager invented (now + resolve_timeout)
 * rather than one the client sent. Identity is the label set's fingerprint. Immutable.
 */
public record Alert(
    Labels labels,
    Map<String, String> annotations,
    Instant startsAt,
    Instant endsAt,
    String generatorUrl,
    Instant updatedAt,
    boolean timeout) {

  public Alert {
    Objects.requireNonNull(labels, "labels");
    annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
    generatorUrl = generatorUrl == null ? "" : generatorUrl;
  }

  public long fingerprint() {
    return LabelSets.fingerprint(labels);
  }

  public String name() {
    String n = labels.get("alertname");
    return n == null ? "" : n;
  }

  /** Resolved at {@code t}: it has an end and the end is not after {@code t}. */
  public boolean resolvedAt(Instant t) {
    return endsAt != null && !endsAt.isAfter(t);
  }

  public Alert withEndsAt(Instant end) {
    return new Alert(labels, annotations, startsAt, end, generatorUrl, updatedAt, timeout);
  }

  /**
   * Alertmanager's merge of two copies of the same alert: the younger copy (by updatedAt) wins,
   * keeping the earlier start; an explicit later end of the older copy survives unless it was a
   * timeout, and of two resolved copies the later resolution wins. Judged at {@code now}.
   */
  public Alert merge(Alert o, Instant now) {
    if (o.updatedAt.isBefore(updatedAt)) {
      return o.merge(this, now);
    }
    Instant start = startsAt.isBefore(o.startsAt) ? startsAt : o.startsAt;
    Instant end = o.endsAt;
    if (o.resolvedAt(now)) {
      if (resolvedAt(now) && endsAt.isAfter(o.endsAt)) {
        end = endsAt;
      }
    } else if (endsAt != null && (o.endsAt == null || endsAt.isAfter(o.endsAt)) && !timeout) {
      end = endsAt;
    }
    return new Alert(o.labels, o.annotations, start, end, o.generatorUrl, o.updatedAt, o.timeout);
  }
}
