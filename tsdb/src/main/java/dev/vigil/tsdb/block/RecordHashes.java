package dev.vigil.tsdb.block;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The chunk records a {@link BlockWriter} already wrote, found by a 64-bit hash of their content:
 * an open-addressing table of (hash, reference) pairs. It remembers no bytes, so a hit is only a
 * candidate that the caller confirms against the record on disk ({@link
 * ChunkSegmentWriter#matches}); two records with one hash keep the later one.
 *
 * <p>Memory is bounded: past {@code maxEntries} the table forgets everything and starts over,
 * which costs bytes on disk (records written twice), never correctness. Not thread-safe.
 */
final class RecordHashes {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int MIN_CAPACITY = 1 << 10;

  private final int maxEntries;
  private long[] hashes = new long[MIN_CAPACITY]; // 0 = empty slot
  private long[] refs = new long[MIN_CAPACITY];
  private int size;

  RecordHashes(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** Reference remembered for {@code hash}, or -1. */
  long get(long hash) {
    long h = nonZero(hash);
    int mask = hashes.length - 1;
    for (int i = slot(h, mask); ; i = (i + 1) & mask) {
      long k = hashes[i];
      if (k == h) {
        return refs[i];
      }
      if (k == 0) {
        return -1;
      }
    }
  }

  /** Remembers {@code ref} for {@code hash}, replacing what was remembered for it. */
  void put(long hash, long ref) {
    if (size >= maxEntries) {
      clear();
    }
    if (2 * (size + 1) > hashes.length) {
      grow();
    }
    long h = nonZero(hash);
    int mask = hashes.length - 1;
    for (int i = slot(h, mask); ; i = (i + 1) & mask) {
      long k = hashes[i];
      if (k == h || k == 0) {
        if (k == 0) {
          size++;
        }
        hashes[i] = h;
        refs[i] = ref;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  /** Forgets every record and gives back the memory of a grown table. */
  void clear() {
    if (hashes.length > MIN_CAPACITY) {
      hashes = new long[MIN_CAPACITY];
      refs = new long[MIN_CAPACITY];
    } else {
      Arrays.fill(hashes, 0);
    }
    size = 0;
  }

  private void grow() {
    long[] oldHashes = hashes;
    long[] oldRefs = refs;
    hashes = new long[oldHashes.length * 2];
    refs = new long[oldHashes.length * 2];
    int mask = hashes.length - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      long h = oldHashes[j];
      if (h != 0) {
        int i = slot(h, mask);
        while (hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        hashes[i] = h;
        refs[i] = oldRefs[j];
      }
    }
  }

  private static int slot(long h, int mask) {
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private static long nonZero(long h) {
    return h == 0 ? 1 : h;
  }

  /** A 64-bit hash of {@code b[0, n)} mixed with {@code seed}. */
  static long hash(long seed, byte[] b, int n) {
    long h = seed * 0x9E3779B97F4A7C15L + n;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      h = Long.rotateLeft(h ^ mix((long) LONG_LE.get(b, i)), 27) * 0x9E3779B97F4A7C15L;
    }
    long tail = 0;
    for (int s = 0; i < n; i++, s += 8) {
      tail |= (b[i] & 0xFFL) << s;
    }
    return mix(h ^ mix(tail));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
