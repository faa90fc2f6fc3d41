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
    put(c, a, labels(0));
    put(c, b, labels(1));
    assertThat(labelsOf(c, a, 0, a.length)).isEqualTo(labels(0));
    assertThat(labelsOf(c, b, 0, b.length)).isEqualTo(labels(1));
  }

  @Test
  void comparesKeyBytesNotJustHashes() {
    SeriesCache c = new SeriesCache(1);
    byte[] a = key(1);
    byte[] b = key(2);
    put(c, a, labels(1));
    assertThat(labelsOf(c, b, 0, b.length)).isNull();
    assertThat(labelsOf(c, a, 0, a.length)).isEqualTo(labels(1));
    byte[] framed = ("xx" + new String(a, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    assertThat(labelsOf(c, framed, 2, a.length)).isEqualTo(labels(1));
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
          Labels got = labelsOf(c, k, 0, k.length);
          if (got == null) {
            put(c, k, labels(i));
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

  private static Labels labelsOf(SeriesCache c, byte[] b, int off, int len) {
    SeriesCache.Hit h = new SeriesCache.Hit();
    return c.get(b, off, len, h) ? h.labels : null;
  }

  private static void put(SeriesCache c, byte[] k, Labels labels) {
    assertThat(c.put(k, 0, k.length, labels, new SeriesCache.Hit())).isTrue();
  }

  @Test
  void remembersTheStoreReferenceOfAnEntry() {
    SeriesCache c = new SeriesCache(8);
    byte[] a = {1, 2, 3};
    SeriesCache.Hit h = new SeriesCache.Hit();
    assertThat(c.put(a, 0, a.length, labels(0), h)).isTrue();
    assertThat(h.ref).isZero();
    c.ref(h, 42);
    SeriesCache.Hit again = new SeriesCache.Hit();
    assertThat(c.get(a, 0, a.length, again)).isTrue();
    assertThat(again.ref).isEqualTo(42);
    assertThat(c.put(new byte[SeriesCache.MAX_KEY_BYTES + 1], 0, SeriesCache.MAX_KEY_BYTES + 1,
        labels(1), h)).isFalse();
  }

  /** A reference remembered through a stale hit never lands on the key that replaced it. */
  @Test
  void aReferenceForAReplacedKeyIsDropped() {
    SeriesCache c = new SeriesCache(8); // one set of 8
    SeriesCache.Hit first = new SeriesCache.Hit();
    byte[] a = key(0);
    c.put(a, 0, a.length, labels(0), first);
    for (int i = 1; i < 200; i++) { // replace everything, several times over
      byte[] k = key(i);
      c.put(k, 0, k.length, labels(i), new SeriesCache.Hit());
    }
    c.ref(first, 7);
    for (int i = 1; i < 200; i++) {
      byte[] k = key(i);
      SeriesCache.Hit h = new SeriesCache.Hit();
      if (c.get(k, 0, k.length, h)) {
        assertThat(h.labels).isEqualTo(labels(i));
        assertThat(h.ref).as("key %d", i).isZero();
      }
    }
  }

  /** When the key arena reaches its bound the cache starts afresh and keeps working. */
  @Test
  void startsAfreshWhenTheArenaIsFull() {
    SeriesCache c = new SeriesCache(8); // arena bound 64 KiB
    byte[] big = new byte[1000];
    for (int i = 0; i < 200; i++) { // 200 KB of keys
      big[0] = (byte) i;
      big[1] = (byte) (i >>> 8);
      assertThat(c.put(big, 0, big.length, labels(i), new SeriesCache.Hit())).isTrue();
      assertThat(labelsOf(c, big, 0, big.length)).isEqualTo(labels(i));
    }
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
      put(c, same.get(i), labels(i));
    }
    for (int i = 0; i < SeriesCache.WAYS; i++) {
      assertThat(labelsOf(c, same.get(i), 0, same.get(i).length)).isEqualTo(labels(i));
    }
    byte[] extra = same.get(SeriesCache.WAYS);
    put(c, extra, labels(99));
    assertThat(labelsOf(c, extra, 0, extra.length)).isEqualTo(labels(99));
    int kept = 0;
    for (int i = 0; i < SeriesCache.WAYS; i++) {
      Labels got = labelsOf(c, same.get(i), 0, same.get(i).length);
      if (got != null) {
        assertThat(got).isEqualTo(labels(i));
        kept++;
      }
    }
    assertThat(kept).isEqualTo(SeriesCache.WAYS - 1);
  }
}
