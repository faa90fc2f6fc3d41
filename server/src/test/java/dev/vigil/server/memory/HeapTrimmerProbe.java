package dev.vigil.server.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

/**
 * Child-JVM program for {@link HeapTrimmerTest}: keeps 16 MiB live and churns objects that live
 * just long enough to be promoted for 3 s, then only short-lived ones for 2.5 s, with or without
 * a {@link HeapTrimmer}; prints the old generation's committed bytes at the end, the number of
 * trims and the peak committed bytes.
 */
public final class HeapTrimmerProbe {
  private HeapTrimmerProbe() {}

  public static void main(String[] args) throws Exception {
    boolean trim = args[0].equals("on");
    MemoryPoolMXBean old = HeapTrimmer.findPool(ManagementFactory.getMemoryPoolMXBeans());
    if (old == null) {
      System.out.println("no-serial-old-gen");
      return;
    }
    HeapTrimmer t = new HeapTrimmer(old, System::nanoTime, 100_000_000L, 0.5);
    if (trim) {
      t.start();
    }
    byte[][] live = new byte[128][];
    for (int i = 0; i < live.length; i++) {
      live[i] = new byte[128 << 10];
    }
    byte[][] ring = new byte[64][]; // 4 MiB in flight: survives young collections, then dies
    long sink = 0;
    long churnEnd = System.nanoTime() + 3_000_000_000L;
    long end = churnEnd + 2_500_000_000L;
    for (int i = 0; System.nanoTime() < end; i++) {
      if (System.nanoTime() < churnEnd) {
        ring[i & 63] = new byte[64 << 10]; // promoted garbage, until the quiet phase
      }
      for (int k = 0; k < 16; k++) {
        sink += new byte[4096].length; // short-lived garbage: young collections go on
      }
      if ((i & 7) == 0) {
        Thread.sleep(2); // at most 256 MiB/s promoted
      }
    }
    Thread.sleep(500); // a trim in progress finishes
    t.stop();
    System.out.println("committed " + old.getUsage().getCommitted() + " trims " + t.trims()
        + " peak " + old.getPeakUsage().getCommitted() + " live " + live.length + " " + sink % 2);
  }
}
