package dev.vigil.rules.eval;

import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.Samples;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SelectHints;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores the {@code for} state of pending alerts after a restart from {@code ALERTS_FOR_STATE}
 * (Prometheus's RestoreForState): an alert that had been pending for part of its {@code for}
 * continues from there, shifted by the outage; one close to firing gets at least the grace period;
 * an outage longer than the tolerance restores nothing. Stateless.
 */
final class ForStateRestorer {
  private ForStateRestorer() {}

  static void restore(Group g, long ts, GroupContext ctx) {
    long mint = ts - ctx.outageToleranceMs();
    Querier q = null;
    try {
      q = ctx.restoreSource().querier(mint, ts);
      for (Rule r : g.rules()) {
        if (!(r instanceof AlertingRule ar)) {
          continue;
        }
        long hold = ar.holdMs();
        if (hold < ctx.forGracePeriodMs()) {
          ar.setRestored(true);
          continue;
        }
        Querier querier = q;
        ar.forEachActive(a -> restoreOne(a, querier, mint, ts, hold, ctx.forGracePeriodMs()));
        ar.setRestored(true);
      }
    } catch (RuntimeException e) {
      // A store that cannot be read leaves alerts unrestored (they start pending from now), as
      // Prometheus does; the rules still get marked so that ALERTS series are written.
      for (Rule r : g.rules()) {
        if (r instanceof AlertingRule ar) {
          ar.setRestored(true);
        }
      }
    } finally {
      if (q != null) {
        q.close();
      }
    }
  }

  private static void restoreOne(AlertingRule.MutableAlert a, Querier q, long mint, long ts,
      long hold, long grace) {
    List<Matcher> ms = new ArrayList<>();
    ms.add(Matcher.eq(Labels.METRIC_NAME, "ALERTS_FOR_STATE"));
    a.labels.forEach((k, v) -> ms.add(Matcher.eq(k, v)));
    SeriesSet set = q.select(false, SelectHints.range(mint, ts), ms);
    if (!set.next()) {
      return;
    }
    SampleIterator it = set.at().iterator();
    long t = Long.MIN_VALUE;
    double v = Double.NaN;
    for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
      if (vt == ValueType.FLOAT) {
        t = it.atT();
        v = it.atV();
      }
    }
    if (t == Long.MIN_VALUE || Samples.isStaleNaN(v)) {
      return;
    }
    long downAt = Math.floorDiv(t, 1000) * 1000;
    long restoredActiveAt = (long) v * 1000;
    long remaining = hold - (downAt - restoredActiveAt);
    if (remaining <= 0) {
      // It was firing when the server went down; the next evaluation decides.
      return;
    }
    if (remaining < grace) {
      restoredActiveAt = ts + grace - hold;
    } else {
      restoredActiveAt += ts - downAt;
    }
    a.activeAt = restoredActiveAt;
  }
}
