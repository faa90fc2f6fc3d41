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
 */
final class RemoteWriteSender {
  static final int ATTEMPTS = 12;

  /** What happened: accepted requests, rejected ones (4xx), given-up ones, retries, first error. */
  record Outcome(long accepted, long rejected, long failed, long retries, String firstError,
      double wallSeconds) {}

  private RemoteWriteSender() {}

  static Outcome send(LocalHttp http, String path, Workload workload) throws InterruptedException {
    AtomicLong accepted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int k = 0; k < workload.shards.size(); k++) {
      List<byte[]> shard = workload.shards.get(k);
      threads.add(Thread.ofPlatform().name("remote-write-shard-" + k).start(() -> {
        for (byte[] request : shard) {
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
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return new Outcome(accepted.get(), rejected.get(), failed.get(), retries.get(),
        firstError.get(), wall);
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
