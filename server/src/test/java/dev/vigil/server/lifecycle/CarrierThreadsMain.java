package dev.vigil.server.lifecycle;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM of {@link CarrierThreadsTest}: sizes the carriers as the entry points do, then keeps
 * eight virtual threads busy at once and prints the property's value and how many distinct
 * carrier threads ran them.
 */
final class CarrierThreadsMain {
  private CarrierThreadsMain() {}

  public static void main(String[] args) throws Exception {
    CarrierThreads.size();
    Set<String> carriers = ConcurrentHashMap.newKeySet();
    int threads = 8;
    CountDownLatch done = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      Thread.ofVirtual().start(() -> {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
        while (System.nanoTime() < end) {
          // a virtual thread's name shows its carrier: "VirtualThread[#22]/runnable@ForkJoinPool-1-worker-1"
          String s = Thread.currentThread().toString();
          carriers.add(s.substring(s.indexOf('@') + 1));
          Thread.yield(); // lets the scheduler move the others onto every carrier it has
        }
        done.countDown();
      });
    }
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("virtual threads did not finish");
    }
    System.out.println(System.getProperty(CarrierThreads.PROPERTY) + " " + carriers.size());
  }
}
