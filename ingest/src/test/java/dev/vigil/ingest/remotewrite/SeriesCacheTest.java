package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SeriesCacheTest {
  private static byte[] key(int i) {
    return ("series-" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static Labels labels(int i) {
    return Labels.of("__name__", "m", "i", Integer.toString(i));
  }

  @Test
  void keepsTwoKeysOfTheSameSlot() {
    SeriesCache c = new SeriesCache(4);
    byte[] a = key(0);
    byte[] b = null;
    for (int i = 1; b == null; i++) {
      byte[] k = key(i);
      if ((ByteKeys.hash(k, 0, k.length) & 3) == (ByteKeys.hash(a, 0, a.length) & 3)) {
        b = k;
      }
    }
    c.put(a, 0, a.length, labels(0));
    c.put(b, 0, b.length, labels(1));
    assertThat(labelsOf(c.get(a, 0, a.length))).isEqualTo(labels(0));
    assertThat(labelsOf(c.get(b, 0, b.length))).isEqualTo(labels(1));
  }

  @Test
  void comparesKeyBytesNotJustHashes() {
    SeriesCache c = new SeriesCache(1);
    byte[] a = key(1);
    byte[] b = key(2);
    c.put(a, 0, a.length, labels(1));
    assertThat(c.get(b, 0, b.length)).isNull();
    assertThat(labelsOf(c.get(a, 0, a.length))).isEqualTo(labels(1));
    byte[] framed = ("xx" + new String(a, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    assertThat(labelsOf(c.get(framed, 2, a.length))).isEqualTo(labels(1));
  }

  @Test
  @Timeout(30)
  void concurrentReadersNeverSeeAnotherKeysLabels() throws Exception {
    long seed = System.nanoTime();
    System.out.println("SeriesCacheTest seed " + seed);
    SeriesCache c = new SeriesCache(64); // far fewer slots than keys: constant replacement
    AtomicReference<String> wrong = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      SplittableRandom rnd = new SplittableRandom(seed + t);
      threads.add(Thread.ofPlatform().start(() -> {
        for (int n = 0; n < 200_000 && wrong.get() == null; n++) {
          int i = rnd.nextInt(1000);
          byte[] k = key(i);
          Labels got = labelsOf(c.get(k, 0, k.length));
          if (got == null) {
            c.put(k, 0, k.length, labels(i));
          } else if (!got.equals(labels(i))) {
            wrong.set("key " + i + " got " + got);
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(wrong.get()).as("seed " + seed).isNull();
  }

  private static Labels labelsOf(SeriesCache.Entry e) {
    return e == null ? null : e.labels;
  }

  @Test
  void remembersTheStoreReferenceOfAnEntry() {
    SeriesCache c = new SeriesCache(8);
    byte[] a = {1, 2, 3};
    SeriesCache.Entry e = c.put(a, 0, a.length, labels(0));
    assertThat(e.ref()).isZero();
    e.ref(42);
    assertThat(c.get(a, 0, a.length).ref()).isEqualTo(42);
    assertThat(c.put(new byte[SeriesCache.MAX_KEY_BYTES + 1], 0, SeriesCache.MAX_KEY_BYTES + 1,
        labels(1))).isNull();
  }

  @Test
  void keepsAsManyKeysOfOneSetAsItHasWaysThenReplacesOne() {
    SeriesCache c = new SeriesCache(64); // 8 sets of 8
    List<byte[]> same = new ArrayList<>();
    byte[] first = key(0);
    long set = ByteKeys.hash(first, 0, first.length) & (64 - SeriesCache.WAYS);
    for (int i = 0; same.size() <= SeriesCache.WAYS; i++) {
      byte[] k = key(i);
      if ((ByteKeys.hash(k, 0, k.length) & (64 - SeriesCache.WAYS)) == set) {
        same.add(k);
      }
    }
    for (int i = 0; i < SeriesCache.WAYS; i++) {
      c.put(same.get(i), 0, same.get(i).length, labels(i));
    }
    for (int i = 0; i < SeriesCache.WAYS; i++) {
      assertThat(labelsOf(c.get(same.get(i), 0, same.get(i).length))).isEqualTo(labels(i));
    }
    byte[] extra = same.get(SeriesCache.WAYS);
    c.put(extra, 0, extra.length, labels(99));
    assertThat(labelsOf(c.get(extra, 0, extra.length))).isEqualTo(labels(99));
    int kept = 0;
    for (int i = 0; i < SeriesCache.WAYS; i++) {
      Labels got = labelsOf(c.get(same.get(i), 0, same.get(i).length));
      if (got != null) {
        assertThat(got).isEqualTo(labels(i));
        kept++;
      }
    }
    assertThat(kept).isEqualTo(SeriesCache.WAYS - 1);
  }
}
