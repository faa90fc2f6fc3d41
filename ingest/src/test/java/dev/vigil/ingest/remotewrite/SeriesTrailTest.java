package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Decoding through {@link SeriesTrail}s: senders that repeat their series order (the case trails
 * are for) with the disturbances real traffic has: new series, vanished series, swapped and
 * repeated series, requests of several senders on shared decoders and a cache far smaller than
 * the series. Every sample must reach the store with its own labels, and every store reference
 * handed back must be the one the store gave for those labels. Seeded; every test prints its seed.
 */
class SeriesTrailTest {
  private static final long NOW = 1_000_000_000_000L;

  /**
   * Hands out a reference per label set, renumbers some series now and then (as truncation
   * re-creates them) and records a reference that names another series than the labels.
   */
  private static final class CheckingStore {
    final Map<Labels, Long> ids = new HashMap<>();
    final Map<Long, Labels> byId = new HashMap<>();
    long next = 1;
    final AtomicReference<String> wrong = new AtomicReference<>();
    long samples;

    synchronized long append(long ref, Labels labels) {
      if (ref != 0) {
        Labels named = byId.get(ref);
        if (named != null && !named.equals(labels)) {
          wrong.compareAndSet(null, "reference " + ref + " of " + named + " given for " + labels);
        }
      }
      samples++;
      return ids.computeIfAbsent(labels, l -> {
        long id = next++;
        byId.put(id, l);
        return id;
      });
    }

    synchronized void renumber(SplittableRandom rnd) {
      for (Labels l : new ArrayList<>(ids.keySet())) {
        if (rnd.nextInt(10) == 0) {
          long id = next++;
          ids.put(l, id);
          byId.put(id, l); // the old id keeps naming l: stale, never another series
        }
      }
    }
  }

  private record Checking(CheckingStore store, List<RecordingAppender.Sample> got)
      implements Appender {
    @Override
    public long append(long ref, Labels labels, long t, double v) {
      got.add(new RecordingAppender.Sample(labels, t, v));
      return store.append(ref, labels);
    }

    @Override
    public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
      return ref;
    }

    @Override
    public long updateMetadata(long ref, Labels labels, MetricMetadata metadata) {
      return ref;
    }

    @Override
    public void commit() {}

    @Override
    public void rollback() {}
  }

  private static Labels series(int sender, int i) {
    return Labels.of("__name__", "m_" + (i % 7), "instance", "host-" + sender, "i",
        Integer.toString(i));
  }

  @Test
  @Timeout(60)
  void repeatedOrdersWithDisturbancesKeepEverySampleWithItsSeries() throws Exception {
    long seed = System.nanoTime();
    System.out.println("SeriesTrailTest.disturbances seed=" + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    CheckingStore store = new CheckingStore();
    // a small shared cache: constant eviction, so trails outlive cache entries
    SeriesCache cache = new SeriesCache(256);
    List<WriteRequestDecoder> decoders = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      decoders.add(new WriteRequestDecoder(RemoteWriteLimits.defaults(), 256, cache,
          d == 0 ? 1 : WriteRequestDecoder.BATCH));
    }
    int senders = 3;
    List<List<Integer>> orders = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0, n = 200 + rnd.nextInt(400); i < n; i++) {
        order.add(i);
      }
      orders.add(order);
    }
    int[] pos = new int[senders];
    long t = NOW;
    long expectedSamples = 0;
    for (int round = 0; round < 300; round++) {
      int s = rnd.nextInt(senders);
      List<Integer> order = orders.get(s);
      disturb(rnd, order);
      WriteRequestEncoder enc = new WriteRequestEncoder();
      List<RecordingAppender.Sample> want = new ArrayList<>();
      for (int k = 0, n = 1 + rnd.nextInt(300); k < n; k++) {
        int i = order.get(pos[s]++ % order.size());
        Labels l = series(s, i);
        t++;
        double v = rnd.nextInt(1000);
        enc.series(l, t, v);
        want.add(new RecordingAppender.Sample(l, t, v));
        if (rnd.nextInt(50) == 0) { // the same series again within the request
          t++;
          enc.series(l, t, v + 1);
          want.add(new RecordingAppender.Sample(l, t, v + 1));
        }
      }
      byte[] proto = enc.toProtobuf();
      List<RecordingAppender.Sample> got = new ArrayList<>();
      WriteRequestDecoder d = decoders.get(rnd.nextInt(decoders.size()));
      RemoteWriteResult r = d.decode(proto, proto.length, new Checking(store, got), t);
      String why = "seed " + seed + " round " + round;
      assertThat(r.ok()).as(why).isTrue();
      assertThat(got).as(why).isEqualTo(want);
      assertThat(store.wrong.get()).as(why).isNull();
      expectedSamples += want.size();
      if (rnd.nextInt(20) == 0) {
        store.renumber(rnd);
      }
    }
    assertThat(store.samples).isEqualTo(expectedSamples);
    long hits = decoders.stream().mapToLong(d -> d.trailHits).sum();
    assertThat(hits).as("seed %d: series found on a trail", seed)
        .isGreaterThan(expectedSamples / 20);
  }

  @Test
  void aRepeatedOrderIsFollowedOnTheTrail() {
    SeriesCache cache = new SeriesCache(4096);
    WriteRequestDecoder d = new WriteRequestDecoder(RemoteWriteLimits.defaults(), 4096, cache,
        WriteRequestDecoder.BATCH);
    CheckingStore store = new CheckingStore();
    int series = 1000;
    long t = NOW;
    long firstCycleHits = -1;
    // requests of 300 series each cycle through 1000 series: request boundaries move every cycle
    for (int round = 0, p = 0; round < 20; round++) {
      WriteRequestEncoder enc = new WriteRequestEncoder();
      for (int k = 0; k < 300; k++) {
        enc.series(series(0, p++ % series), ++t, k);
      }
      byte[] proto = enc.toProtobuf();
      List<RecordingAppender.Sample> got = new ArrayList<>();
      assertThat(d.decode(proto, proto.length, new Checking(store, got), t).samples())
          .isEqualTo(300);
      if (p >= series && firstCycleHits < 0) {
        firstCycleHits = d.trailHits;
      }
    }
    assertThat(store.wrong.get()).isNull();
    // after the first cycle, all but a batch per trail boundary are found on the trail
    assertThat(d.trailHits - firstCycleHits).isGreaterThan(17 * 300 * 9 / 10);
  }

  @Test
  void aTrickleOfNewSeriesFillsTrailsRatherThanStartingOnePerRequest() {
    SeriesCache cache = new SeriesCache(8192);
    WriteRequestDecoder d = new WriteRequestDecoder(RemoteWriteLimits.defaults(), 8192, cache,
        WriteRequestDecoder.BATCH);
    CheckingStore store = new CheckingStore();
    long t = NOW;
    for (int round = 0; round < 3000; round++) {
      WriteRequestEncoder enc = new WriteRequestEncoder();
      enc.series(series(0, 0), ++t, 1); // a known series, then a new one
      enc.series(series(0, 1 + round), ++t, 2);
      byte[] proto = enc.toProtobuf();
      assertThat(d.decode(proto, proto.length, new Checking(store, new ArrayList<>()), t)
          .samples()).isEqualTo(2);
    }
    assertThat(store.wrong.get()).isNull();
    assertThat(cache.trails()).isEqualTo(2); // 3001 entries: 2048 in the first trail
  }

  /** Now and then: a new series, a vanished one, two swapped. */
  private static void disturb(SplittableRandom rnd, List<Integer> order) {
    switch (rnd.nextInt(8)) {
      case 0 -> order.add(rnd.nextInt(order.size() + 1), 10_000 + rnd.nextInt(1_000_000));
      case 1 -> {
        if (order.size() > 10) {
          order.remove(rnd.nextInt(order.size()));
        }
      }
      case 2 -> {
        int a = rnd.nextInt(order.size());
        int b = rnd.nextInt(order.size());
        Integer x = order.get(a);
        order.set(a, order.get(b));
        order.set(b, x);
      }
      default -> { }
    }
  }

  @Test
  @Timeout(60)
  void concurrentSendersOnSharedDecodersNeverMixSeries() throws Exception {
    long seed = System.nanoTime();
    System.out.println("SeriesTrailTest.concurrent seed=" + seed);
    CheckingStore store = new CheckingStore();
    RemoteWriteReceiverPool pool = new RemoteWriteReceiverPool(RemoteWriteLimits.defaults(),
        () -> java.time.Instant.ofEpochMilli(NOW + 1_000_000_000L), 512, 2);
    AtomicReference<String> failed = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      int sender = s;
      SplittableRandom rnd = new SplittableRandom(seed + s);
      threads.add(Thread.ofPlatform().start(() -> {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
          order.add(i);
        }
        int p = 0;
        long t = NOW;
        for (int round = 0; round < 150 && failed.get() == null; round++) {
          disturb(rnd, order);
          WriteRequestEncoder enc = new WriteRequestEncoder();
          List<RecordingAppender.Sample> want = new ArrayList<>();
          for (int k = 0; k < 250; k++) {
            Labels l = series(sender, order.get(p++ % order.size()));
            t++;
            enc.series(l, t, k);
            want.add(new RecordingAppender.Sample(l, t, k));
          }
          List<RecordingAppender.Sample> got = new ArrayList<>();
          RemoteWriteResult r = pool.write(WriteRequestEncoder.snappy(enc.toProtobuf()), null,
              null, new Checking(store, got));
          if (!r.ok() || !got.equals(want)) {
            failed.compareAndSet(null, "sender " + sender + " round " + round + ": " + r);
          }
        }
      }));
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(failed.get()).as("seed " + seed).isNull();
    assertThat(store.wrong.get()).as("seed " + seed).isNull();
    assertThat(store.samples).isEqualTo(4L * 150 * 250);
  }
}
