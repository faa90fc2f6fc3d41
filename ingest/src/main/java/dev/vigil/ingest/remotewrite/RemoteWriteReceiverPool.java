package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Appender;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread-safe front for {@link RemoteWriteReceiver}: each call borrows an idle receiver (or
 * makes one) and returns it afterwards, so that concurrent requests (one virtual thread each) keep
 * the benefit of the receivers' caches without sharing one. At most {@code maxIdle} receivers are
 * kept; more are created under bursts and dropped afterwards. All receivers share one label-set
 * cache, so a series decoded by one is a hit for the others and reaches the store as the same
 * {@link dev.vigil.model.Labels} instance every time, and one string cache. Idle receivers are reused last in, first
 * out: the receiver used most recently still has its decompression buffer (a request's size,
 * hundreds of KiB) in the CPU cache, while a first-in-first-out queue cycled through all of them.
 */
public final class RemoteWriteReceiverPool {
  private final RemoteWriteLimits limits;
  private final InstantSource clock;
  private final int seriesCacheSize;
  private final int maxIdle;
  private final SeriesCache series;
  private final StringCache strings;
  private final ConcurrentLinkedDeque<RemoteWriteReceiver> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  public RemoteWriteReceiverPool(
      RemoteWriteLimits limits, InstantSource clock, int seriesCacheSize, int maxIdle) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (seriesCacheSize < 1 || maxIdle < 0) {
      throw new IllegalArgumentException(
          "series cache size must be positive and max idle not negative: " + seriesCacheSize
              + ", " + maxIdle);
    }
    this.seriesCacheSize = seriesCacheSize;
    this.maxIdle = maxIdle;
    this.series = new SeriesCache(Integer.highestOneBit(seriesCacheSize));
    this.strings = WriteRequestDecoder.stringCacheFor(seriesCacheSize);
  }

  /** As {@link RemoteWriteReceiver#write}; safe to call from any number of threads. */
  public RemoteWriteResult write(
      byte[] body, String contentType, String contentEncoding, Appender appender) {
    RemoteWriteReceiver rx = borrow();
    try {
      return rx.write(body, contentType, contentEncoding, appender);
    } finally {
      giveBack(rx);
    }
  }

  /**
   * As {@link RemoteWriteReceiver#write(ByteBuffer, String, String, Appender)}: the body may be
   * released as soon as this returns. Safe to call from any number of threads.
   */
  public RemoteWriteResult write(
      ByteBuffer body, String contentType, String contentEncoding, Appender appender) {
    RemoteWriteReceiver rx = borrow();
    try {
      return rx.write(body, contentType, contentEncoding, appender);
    } finally {
      giveBack(rx);
    }
  }

  private RemoteWriteReceiver borrow() {
    RemoteWriteReceiver rx = idle.pollFirst();
    if (rx == null) {
      rx = new RemoteWriteReceiver(limits, clock, seriesCacheSize, series, strings);
    } else {
      idleCount.decrementAndGet();
    }
    return rx;
  }

  private void giveBack(RemoteWriteReceiver rx) {
    if (idleCount.incrementAndGet() <= maxIdle) {
      idle.offerFirst(rx); // last in, first out: the next request gets the warmest buffers
    } else {
      idleCount.decrementAndGet();
    }
  }
}
