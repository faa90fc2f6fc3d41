package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StringCacheTest {
  @Test
  void decodesRepeatedStringsOnceAndRefusesInvalidUtf8() {
    StringCache c = new StringCache(1024);
    byte[] b = "xxjobxx".getBytes(StandardCharsets.UTF_8);
    String first = c.get(b, 2, 3);
    assertThat(first).isEqualTo("job");
    assertThat(c.get("job".getBytes(StandardCharsets.UTF_8), 0, 3)).isSameAs(first);
    byte[] u = "grüße".getBytes(StandardCharsets.UTF_8);
    assertThat(c.get(u, 0, u.length)).isEqualTo("grüße");
    assertThat(c.get(new byte[] {'a', (byte) 0xff}, 0, 2)).isNull();
    assertThat(c.get(b, 0, 0)).isEmpty();
  }

  @Test
  @Timeout(60)
  void threadsSharingATinyCacheAlwaysGetTheirOwnString() throws Exception {
    long seed = System.nanoTime();
    System.out.println("StringCacheTest seed=" + seed);
    StringCache c = new StringCache(8); // constant collisions between threads
    AtomicReference<String> failed = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      SplittableRandom rnd = new SplittableRandom(seed + t);
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 200_000 && failed.get() == null; i++) {
          String want = (rnd.nextBoolean() ? "v" : "wert-ü") + rnd.nextInt(64);
          byte[] b = want.getBytes(StandardCharsets.UTF_8);
          String got = c.get(b, 0, b.length);
          if (!want.equals(got)) {
            failed.compareAndSet(null, "seed " + seed + ": want " + want + ", got " + got);
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failed.get()).isNull();
  }
}
