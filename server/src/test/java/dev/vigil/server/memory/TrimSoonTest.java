package dev.vigil.server.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * {@link HeapTrimmer#trimSoon()} (what {@link BlockCutTrim} calls after a block cut): one full
 * collection even when the old generation is below the trim threshold; nothing once stopped or
 * without an old generation.
 */
class TrimSoonTest {
  /** An old generation far below any threshold: 10 MiB used of 40 committed. */
  private static MemoryPoolMXBean quietPool() {
    MemoryUsage u = new MemoryUsage(0, 10L << 20, 40L << 20, 1L << 30);
    return (MemoryPoolMXBean) Proxy.newProxyInstance(TrimSoonTest.class.getClassLoader(),
        new Class<?>[] {MemoryPoolMXBean.class}, (proxy, m, args) -> switch (m.getName()) {
          case "getUsage", "getCollectionUsage", "getPeakUsage" -> u;
          case "getName" -> HeapTrimmer.SERIAL_OLD_POOL;
          case "isValid" -> true;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "quiet pool";
          default -> null;
        });
  }

  private static void awaitTrims(HeapTrimmer t, long n) throws InterruptedException {
    for (int i = 0; i < 200 && t.trims() < n; i++) {
      Thread.sleep(50);
    }
  }

  @Test
  void trimsWhateverTheOldGenerationsUse() throws Exception {
    HeapTrimmer t = new HeapTrimmer(quietPool(), System::nanoTime, 1, 0.5);
    assertThat(t.due(10L << 20, System.nanoTime(), 1L << 30)).as("due by threshold").isFalse();
    t.trimSoon();
    awaitTrims(t, 1);
    assertThat(t.trims()).isEqualTo(1);
    t.trimSoon(); // a second request after the first finished runs another collection
    awaitTrims(t, 2);
    assertThat(t.trims()).isEqualTo(2);
  }

  @Test
  void nothingWhenStoppedOrInert() throws Exception {
    HeapTrimmer stopped = new HeapTrimmer(quietPool(), System::nanoTime, 1, 0.5);
    stopped.stop();
    stopped.trimSoon();
    HeapTrimmer inert = new HeapTrimmer(null, System::nanoTime, 1, 0.5);
    inert.trimSoon();
    Thread.sleep(300);
    assertThat(stopped.trims()).isZero();
    assertThat(inert.trims()).isZero();
  }
}
