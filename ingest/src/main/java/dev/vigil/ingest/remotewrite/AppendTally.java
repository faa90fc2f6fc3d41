package dev.vigil.ingest.remotewrite;

import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.model.MetricMetadata;
import java.util.Arrays;

/**
 * What both remote-write decoders share once bytes are decoded: label validation, appending with
 * the receiver's handling of refused samples, the per-request counters and the first error. Not
 * thread-safe; reset per request.
 */
final class AppendTally {
  /** Returned by {@link #sample} when the store refuses the whole series. */
  static final long SERIES_REFUSED = Long.MIN_VALUE;

  private final RemoteWriteLimits limits;
  private Appender app;
  private long maxT;
  private long budget;
  long samples;
  long histograms;
  long exemplars;
  long metadata;
  long rejected;
  private RemoteWriteStatus status;
  private String message;
  private int errors;

  AppendTally(RemoteWriteLimits limits) {
    this.limits = limits;
  }

  void start(Appender appender, long nowMs) {
    app = appender;
    maxT = limits.maxAheadMillis() == 0 ? Long.MAX_VALUE : nowMs + limits.maxAheadMillis();
    budget = limits.maxSamplesPerRequest() == 0 ? Long.MAX_VALUE : limits.maxSamplesPerRequest();
    samples = histograms = exemplars = metadata = rejected = 0;
    status = RemoteWriteStatus.OK;
    message = "";
    errors = 0;
  }

  /** Passes on {@link Appender#prefetch}. */
  void prefetch(long ref) {
    app.prefetch(ref);
  }

  /** Counts samples, histograms and exemplars against the per-request limit. */
  void spend(long n) {
    budget -= n;
    if (budget < 0) {
      throw new TooLargeException(
          "request holds more than " + limits.maxSamplesPerRequest() + " samples");
    }
  }

  void reject(RemoteWriteStatus s, long count, String msg) {
    rejected += count;
    errors++;
    if (status == RemoteWriteStatus.OK) {
      status = s;
      message = msg;
    }
  }

  RemoteWriteResult result() {
    app = null;
    String msg = errors > 1 ? message + " (and " + (errors - 1) + " more errors)" : message;
    return new RemoteWriteResult(samples, exemplars, histograms, metadata, rejected, status, msg, true);
  }

  /**
   * Sorts {@code kv[0, n)} by name in place, validates it and returns the label set, or null after
   * rejecting the series' {@code nSamples} samples. Pairs with empty values must be left out by
   * the caller (an empty value means an absent label).
   */
  Labels series(String[] kv, int n, boolean badUtf8, int nSamples) {
    LabelsBuilder.sortPairs(kv, n);
    RemoteWriteStatus s = RemoteWriteStatus.BAD_DATA;
    String problem = null;
    boolean hasName = false;
    if (badUtf8) {
      problem = "invalid utf-8 in labels of series ";
    } else if (limits.maxLabelsPerSeries() > 0 && n / 2 > limits.maxLabelsPerSeries()) {
      s = RemoteWriteStatus.LIMIT;
      problem = "series has " + n / 2 + " labels, over the limit of "
          + limits.maxLabelsPerSeries() + ": ";
    } else {
      for (int i = 0; i < n && problem == null; i += 2) {
        String name = kv[i];
        if (name.isEmpty()) {
          problem = "empty label name in series ";
        } else if (i > 0 && name.equals(kv[i - 2])) {
          problem = "duplicate label name \"" + name + "\" in series ";
        } else if (limits.maxLabelNameLength() > 0 && name.length() > limits.maxLabelNameLength()) {
          s = RemoteWriteStatus.LIMIT;
          problem = "label name of " + name.length() + " chars is over the limit of "
              + limits.maxLabelNameLength() + " in series ";
        } else if (limits.maxLabelValueLength() > 0
            && kv[i + 1].length() > limits.maxLabelValueLength()) {
          s = RemoteWriteStatus.LIMIT;
          problem = "value of label \"" + name + "\" has " + kv[i + 1].length()
              + " chars, over the limit of " + limits.maxLabelValueLength() + " in series ";
        } else if (name.equals(Labels.METRIC_NAME)) {
          hasName = true;
        }
      }
      if (problem == null && !hasName) {
        problem = "missing metric name in series ";
      }
    }
    if (problem != null) {
      reject(s, nSamples, problem + describe(kv, n));
      return null;
    }
    return Labels.wrapSorted(Arrays.copyOf(kv, n));
  }

  /**
   * Appends a float sample; returns the new series reference, or {@link #SERIES_REFUSED} when the
   * store refuses the series itself (invalid labels, series limit), so the caller can skip the
   * rest of it.
   */
  long sample(long ref, Labels labels, long t, double v) {
    if (t > maxT) {
      reject(RemoteWriteStatus.BAD_DATA, 1,
          "out of bounds: timestamp " + t + " is more than " + limits.maxAheadMillis()
              + "ms ahead, for series " + labels);
      return ref;
    }
    try {
      long r = app.append(ref, labels, t, v);
      samples++;
      return r;
    } catch (AppendException e) {
      switch (e.reason()) {
        case INVALID_LABELS -> {
          reject(RemoteWriteStatus.BAD_DATA, 1, withSeries(e.getMessage(), labels));
          return SERIES_REFUSED;
        }
        case LIMIT -> {
          reject(RemoteWriteStatus.LIMIT, 1, withSeries(e.getMessage(), labels));
          return SERIES_REFUSED;
        }
        default -> {
          reject(RemoteWriteStatus.BAD_DATA, 1, withSeries(e.getMessage(), labels));
          return ref;
        }
      }
    }
  }

  /**
   * Appends an exemplar. Refused exemplars are dropped; with {@code reportOutOfOrder} (remote
   * write 2.0) an out-of-order one also makes the request a 400, as Prometheus does.
   */
  void exemplar(long ref, Labels labels, Exemplar e, boolean reportOutOfOrder) {
    try {
      app.appendExemplar(ref, labels, e);
      exemplars++;
    } catch (AppendException ex) {
      if (reportOutOfOrder && ex.reason() == AppendException.Reason.EXEMPLAR_OUT_OF_ORDER) {
        reject(RemoteWriteStatus.BAD_DATA, 0, withSeries(ex.getMessage(), labels));
      }
    }
  }

  void metadata(long ref, Labels labels, MetricMetadata md) {
    try {
      app.updateMetadata(ref, labels, md);
      metadata++;
    } catch (AppendException e) {
      // metadata is advisory; a store refusing it must not fail the samples
    }
  }

  static String describe(String[] kv, int n) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < n; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(kv[i]).append("=\"").append(kv[i + 1]).append('"');
      if (sb.length() > 512) {
        sb.append(", ...");
        break;
      }
    }
    return sb.append('}').toString();
  }

  /** The store's message naming the series once (the store may already name it). */
  private static String withSeries(String message, Object labels) {
    String l = String.valueOf(labels);
    return message != null && message.contains(l) ? message : message + " for series " + l;
  }
}
