package dev.vigil.bench.ingest;

import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;

/**
 * Takes every sample and keeps nothing, answering a stable reference per label set: isolates
 * remote-write decoding from the store in the in-process benchmarks. Stateless.
 */
final class KeepNothingAppender implements Appender {
  @Override
  public long append(long ref, Labels labels, long t, double v) {
    return ref == 0 ? labels.hashCode() & 0x7fffffff | 1 : ref;
  }

  @Override
  public long appendExemplar(long ref, Labels labels, Exemplar e) {
    return ref;
  }

  @Override
  public long updateMetadata(long ref, Labels labels, MetricMetadata m) {
    return ref;
  }

  @Override
  public void commit() {}

  @Override
  public void rollback() {}
}
