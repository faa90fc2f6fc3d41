package dev.vigil.ingest.remotewrite;

import java.util.Random;

/** Random inputs for the snappy decompression tests: compressible data and damaged blocks. */
final class SnappyTestData {
  private SnappyTestData() {}

  /** {@code c} with one to three bytes overwritten at random places. */
  static byte[] mutate(Random rnd, byte[] c) {
    byte[] m = c.clone();
    for (int f = 0, n = 1 + rnd.nextInt(3); f < n; f++) {
      m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
    }
    return m;
  }

  /**
   * Runs of repeats at short and long distances (up to 70,000 bytes back, past the 64 KiB a
   * 2-byte copy offset reaches) mixed with random bytes.
   */
  static byte[] randomData(Random rnd, int n) {
    byte[] b = new byte[n];
    int alphabet = 1 + rnd.nextInt(256);
    int i = 0;
    while (i < n) {
      int run = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 100);
      if (i > 0 && rnd.nextInt(3) > 0) {
        int dist = 1 + rnd.nextInt(Math.min(i, rnd.nextBoolean() ? 8 : 70_000));
        for (int k = 0; k < run && i < n; k++, i++) {
          b[i] = b[i - dist];
        }
      } else {
        for (int k = 0; k < run && i < n; k++, i++) {
          b[i] = (byte) rnd.nextInt(alphabet);
        }
      }
    }
    return b;
  }
}
