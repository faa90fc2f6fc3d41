package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Labels;
import java.util.Arrays;

/**
 * Maps the raw protobuf bytes of a series' labels to the validated {@link Labels} decoded from
 * them before. Senders encode the same series identically in every request, so a hit skips label
 * decoding, sorting and validation entirely: one hash and one byte comparison per series.
 *
 * <p>Set-associative with {@value #WAYS} ways: a key lives in one of the {@value #WAYS} slots of
 * its set, and a parallel array of 32-bit hash tags lets a lookup skip the slots that cannot match
 * without touching their entries (one cache line of tags per set). Why that many ways: with two,
 * three hot series falling in one pair of slots evicted each other on every request, which
 * measured as a few percent of all series decoded again on every request at 20k series in 64k
 * slots. A full set replaces a slot picked from the key's hash. Only valid label sets are stored.
 *
 * <p>Thread-safe without locks, so that one cache can serve every pooled receiver: then all of
 * them hand the store the same {@link Labels} instance for a series, and the store's lookup
 * compares by identity instead of by content. Each entry also remembers the store's reference of
 * the series, so that appending skips the store's lookup by labels. A cache therefore serves one
 * store: references of one store mean nothing to another. An entry is one immutable object
 * holding both key and value (published safely through its final fields), so a reader sees a
 * whole entry or an older one; tags are only a filter (a hit is always confirmed by comparing the
 * key), so a tag racing with its entry costs at most a miss, and racing writers may lose an entry,
 * which only costs a later miss.
 */
final class SeriesCache {
  /** Longer label encodings are not cached, bounding the memory to about capacity * this. */
  static final int MAX_KEY_BYTES = 1024;
  static final int WAYS = 8;

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
  private final int[] tags;
  private final int setMask; // of the first slot of a set

  /** @param capacityPowerOfTwo slots; below {@value #WAYS} it is one set of that many */
  SeriesCache(int capacityPowerOfTwo) {
    if (Integer.bitCount(capacityPowerOfTwo) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
    }
    int slots = Math.max(WAYS, capacityPowerOfTwo);
    entries = new Entry[slots];
    tags = new int[slots];
    setMask = (slots - 1) & ~(WAYS - 1);
  }

  /** The entry for these label bytes, or null. */
  Entry get(byte[] b, int off, int len) {
    if (len > MAX_KEY_BYTES) {
      return null;
    }
    long h = ByteKeys.hash(b, off, len);
    int set = (int) h & setMask;
    int tag = tag(h);
    for (int i = set; i < set + WAYS; i++) {
      if (tags[i] == tag) {
        Entry e = entries[i];
        if (e != null && Arrays.equals(e.key, 0, e.key.length, b, off, off + len)) {
          return e;
        }
      }
    }
    return null;
  }

  /** Caches the labels of these bytes; returns the new entry, or null when not cached. */
  Entry put(byte[] b, int off, int len, Labels labels) {
    if (len > MAX_KEY_BYTES) {
      return null;
    }
    long h = ByteKeys.hash(b, off, len);
    int set = (int) h & setMask;
    int slot = -1;
    for (int i = set; i < set + WAYS; i++) {
      if (entries[i] == null) {
        slot = i;
        break;
      }
    }
    if (slot < 0) {
      slot = set + (int) (h >>> 59) % WAYS; // full: a victim chosen by bits the set index skips
    }
    Entry e = new Entry(Arrays.copyOfRange(b, off, off + len), labels);
    tags[slot] = 0; // a reader between these stores sees no tag match: a miss, never a wrong hit
    entries[slot] = e;
    tags[slot] = tag(h);
    return e;
  }

  /** Upper hash bits (the set index uses the lower ones); never 0, which marks a free slot. */
  private static int tag(long h) {
    int t = (int) (h >>> 32);
    return t == 0 ? 1 : t;
  }
}
