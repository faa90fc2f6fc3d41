package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Labels;
import java.util.Arrays;

/**
 * Maps the raw protobuf bytes of a series' labels to the validated {@link Labels} decoded from
 * them before. Senders encode the same series identically in every request, so a hit skips label
 * decoding, sorting and validation entirely: one hash and one byte comparison per series.
 *
 * <p>Two-way set-associative (a key may sit in its slot or the slot's neighbour), so that two hot
 * series whose hashes collide do not evict each other on every request; a third one replaces the
 * older of the two. Only valid label sets are stored.
 *
 * <p>Thread-safe without locks, so that one cache can serve every pooled receiver: then all of
 * them hand the store the same {@link Labels} instance for a series, and the store's lookup
 * compares by identity instead of by content. Each entry also remembers the store's reference of
 * the series, so that appending skips the store's lookup by labels. A cache therefore serves one
 * store: references of one store mean nothing to another. An entry is one immutable object holding both key
 * and value (published safely through its final fields), so a reader sees a whole entry or an
 * older one; racing writers may lose an entry, which only costs a later miss.
 */
final class SeriesCache {
  /** Longer label encodings are not cached, bounding the memory to about capacity * this. */
  static final int MAX_KEY_BYTES = 1024;

  /**
   * One cached series: the label bytes, their labels and the store's reference of the series the
   * last time it was appended ({@code 0} before that). The reference is a hint the store checks
   * (an unknown or stale one falls back to the labels), so a racy update costs at most a lookup.
   */
  static final class Entry {
    final byte[] key;
    final Labels labels;
    private volatile long ref;

    Entry(byte[] key, Labels labels) {
      this.key = key;
      this.labels = labels;
    }

    long ref() {
      return ref;
    }

    void ref(long r) {
      if (ref != r) {
        ref = r; // written only when it changes: a volatile store per sample would cost a fence
      }
    }
  }

  private final Entry[] entries;
  private final int mask;
  private final int neighbour; // 0 for a single slot

  SeriesCache(int capacityPowerOfTwo) {
    if (Integer.bitCount(capacityPowerOfTwo) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
    }
    entries = new Entry[capacityPowerOfTwo];
    mask = capacityPowerOfTwo - 1;
    neighbour = capacityPowerOfTwo > 1 ? 1 : 0;
  }

  /** The entry for these label bytes, or null. */
  Entry get(byte[] b, int off, int len) {
    if (len > MAX_KEY_BYTES) {
      return null;
    }
    int slot = (int) ByteKeys.hash(b, off, len) & mask;
    Entry e = entries[slot];
    if (e != null && Arrays.equals(e.key, 0, e.key.length, b, off, off + len)) {
      return e;
    }
    e = entries[slot ^ neighbour];
    if (e != null && Arrays.equals(e.key, 0, e.key.length, b, off, off + len)) {
      return e;
    }
    return null;
  }

  /** Caches the labels of these bytes; returns the new entry, or null when not cached. */
  Entry put(byte[] b, int off, int len, Labels labels) {
    if (len > MAX_KEY_BYTES) {
      return null;
    }
    int slot = (int) ByteKeys.hash(b, off, len) & mask;
    int alt = slot ^ neighbour;
    Entry old = entries[slot];
    if (old != null && alt != slot) {
      // the newest entry takes the home slot, the one it displaces the neighbour
      entries[alt] = old;
    }
    Entry e = new Entry(Arrays.copyOfRange(b, off, off + len), labels);
    entries[slot] = e;
    return e;
  }
}
