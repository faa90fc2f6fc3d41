package dev.vigil.bench.rules;

import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.Samples;
import java.util.concurrent.atomic.LongAdder;

/**
 * An appender that counts what rule groups write, split into recorded samples and the alert
 * series ({@code ALERTS}, {@code ALERTS_FOR_STATE}); staleness markers are not counted. Counts
 * appends, committed or not (rule output is always committed unless the store fails). One per
 * rule evaluation, like the store's own; the counters are shared and thread-safe.
 */
final class CountingAppender implements Appender {
  private final Appender delegate;
  private final LongAdder recorded;
  private final LongAdder alertSeries;

  CountingAppender(Appender delegate, LongAdder recorded, LongAdder alertSeries) {
    this.delegate = delegate;
    this.recorded = recorded;
    this.alertSeries = alertSeries;
  }

  private void count(Labels labels, boolean stale) {
    if (stale) {
      return;
    }
    String name = labels.get("__name__");
    if ("ALERTS".equals(name) || "ALERTS_FOR_STATE".equals(name)) {
      alertSeries.increment();
    } else {
      recorded.increment();
    }
  }

  @Override
  public long append(long ref, Labels labels, long t, double v) {
    long r = delegate.append(ref, labels, t, v);
    count(labels, Samples.isStaleNaN(v));
    return r;
  }

  @Override
  public long appendHistogram(long ref, Labels labels, long t, FloatHistogram h) {
    long r = delegate.appendHistogram(ref, labels, t, h);
    count(labels, false);
    return r;
  }

  @Override
  public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
    return delegate.appendExemplar(ref, labels, exemplar);
  }

  @Override
  public long updateMetadata(long ref, Labels labels, MetricMetadata metadata) {
    return delegate.updateMetadata(ref, labels, metadata);
  }

  @Override
  public void commit() {
    delegate.commit();
  }

  @Override
  public void rollback() {
    delegate.rollback();
  }
}
