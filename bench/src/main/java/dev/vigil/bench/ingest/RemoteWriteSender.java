package dev.vigil.bench.ingest;

import dev.vigil.bench.peer.LocalHttp;
import dev.vigil.bench.peer.PeerProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a {@link Workload} to one receiver: one platform thread per shard, each posting its
 * shard's requests in order and waiting for every answer, as Prometheus's remote-write shards do.
 * 5xx and 429 answers and failed connections are retried with backoff (up to {@value #ATTEMPTS}
 * attempts); other 4xx answers are counted as errors and not retried, like Prometheus.
 *
 * <p>The sender whose answer completes the first {@value #MARK_PERCENT} % of all requests runs a
 * caller's mark callback on its own thread before it sends on (the receiver's CPU reading for the
 * steady-state figure): what is sent after that point, and how long it takes, is in the
 * {@link Outcome}.
 */
final class RemoteWriteSender {
  static final int ATTEMPTS = 12;
  /** The share of requests, in percent, after which the mark callback runs. */
  static final int MARK_PERCENT = 25;

  /**
   * What happened: accepted requests, rejected ones (4xx), given-up ones, retries, first error,
   * wall time of the whole run; samples in the requests answered after the mark and the wall time
   * from the mark to the last answer (0 and NaN when the mark was never reached).
   */
  record Outcome(long accepted, long rejected, long failed, long retries, String firstError,
      double wallSeconds, long samplesAfterMark, double wallSecondsAfterMark) {}

  private RemoteWriteSender() {}

  /**
   * Sends every request; {@code mark} runs once, on the sender thread whose answer completes the
   * first {@value #MARK_PERCENT} % of the requests (counted in answers, whatever their status).
   * The other senders keep going meanwhile: at most one request per other sender straddles the
   * mark, and is counted after it.
   */
  static Outcome send(LocalHttp http, String path, Workload workload, Runnable mark)
      throws InterruptedException {
    long markAt = Math.max(1, (long) workload.requests() * MARK_PERCENT / 100);
    AtomicLong answered = new AtomicLong();
    AtomicLong samplesAnswered = new AtomicLong();
    long[] markedAt = {0, 0}; // samples answered at the mark, System.nanoTime() of the mark
    AtomicLong accepted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int k = 0; k < workload.shards.size(); k++) {
      List<byte[]> shard = workload.shards.get(k);
      int[] shardSamples = workload.shardSamples.get(k);
      threads.add(Thread.ofPlatform().name("remote-write-shard-" + k).start(() -> {
        for (int r = 0; r < shard.size(); r++) {
          byte[] request = shard.get(r);
          LocalHttp.Answer a = null;
          for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            a = http.remoteWrite(path, request, Duration.ofSeconds(60));
            if (a.ok() || (a.status() >= 400 && a.status() < 500 && a.status() != 429)) {
              break;
            }
            if (attempt < ATTEMPTS) {
              retries.incrementAndGet();
              if (!sleep(Math.min(5000, 50L << Math.min(attempt, 7)))) {
                return;
              }
            }
          }
          if (a.ok()) {
            accepted.incrementAndGet();
          } else {
            firstError.compareAndSet(null, a.status() + " " + LocalHttp.abbreviate(a.body(), 300));
            (a.status() >= 400 && a.status() < 500 && a.status() != 429 ? rejected : failed)
                .incrementAndGet();
          }
          long samples = samplesAnswered.addAndGet(shardSamples[r]);
          if (answered.incrementAndGet() == markAt) {
            long now = System.nanoTime();
            try {
              mark.run();
              synchronized (markedAt) {
                markedAt[0] = samples;
                markedAt[1] = now;
              }
            } catch (RuntimeException e) {
              // no reading (the receiver exited?): no steady-state figure, the sending goes on
              firstError.compareAndSet(null, "steady-state reading failed: " + e);
            }
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long end = System.nanoTime();
    double wall = (end - start) / 1e9;
    synchronized (markedAt) {
      boolean marked = markedAt[1] != 0;
      return new Outcome(accepted.get(), rejected.get(), failed.get(), retries.get(),
          firstError.get(), wall, marked ? samplesAnswered.get() - markedAt[0] : 0,
          marked ? (end - markedAt[1]) / 1e9 : Double.NaN);
    }
  }

  private static boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
