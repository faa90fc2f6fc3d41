package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Label sets in the order one request met them for the first time: each entry's raw label bytes,
 * its {@link Labels} and the store's reference, in arrays read front to back. Why: a sender sends
 * its series in the same order request after request (Prometheus's queue shards replay the
 * scrape order), so the series that follows one in a request is, nearly always, the one that
 * followed it last time. A decoder that remembers where it is in a trail compares the next
 * series' bytes with the next entry, which sits right after the previous one in memory: the
 * hardware prefetcher has it in the CPU cache before it is needed, where a hash lookup ({@link
 * SeriesCache}) waited for two or three random loads from memory per series.
 *
 * <p><b>Thread safety.</b> One writer, the decoder that created the trail, appends during one
 * request ({@link #add}); any decoder reads. An entry is written before {@link #size} is raised
 * past it (release), and readers read {@code size} first (acquire), so a published entry is
 * complete and never changes again, except its store reference: a hint written and read opaque,
 * always for the entry's own key (the store checks references and falls back to the labels).
 * The key array grows by copy; the copy is published before the size that covers entries in it.
 */
final class SeriesTrail {
  /** Entries per trail; a decoder continues in a new one. */
  static final int CAPACITY = 2048;
  /** Entries a trail starts with room for: grown by doubling, so that memory follows entries. */
  private static final int INITIAL = 32;

  private static final VarHandle REFS = MethodHandles.arrayElementVarHandle(long[].class);

  /** Position of this trail in its cache generation's list (see {@link SeriesCache}). */
  final int index;

  // grown by the writer by copy, each new array published before the size that covers it
  private volatile byte[] keys = new byte[INITIAL * 64];
  /** Entry i's key is {@code keys[i == 0 ? 0 : ends[i - 1], ends[i])}. */
  private volatile int[] ends = new int[INITIAL];

  private volatile Labels[] labels = new Labels[INITIAL];
  /** A reference written into an array being replaced may be lost: it is a hint. */
  private volatile long[] refs = new long[INITIAL];
  private volatile int size;
  private int used; // writer only

  SeriesTrail(int index) {
    this.index = index;
  }

  /** Published entries. */
  int size() {
    return size;
  }

  /**
   * True when entry {@code i} exists and its key is {@code b[off, off + len)}; then {@link
   * #labels} and {@link #ref} of {@code i} belong to that key.
   */
  boolean matches(int i, byte[] b, int off, int len) {
    if (i >= size) { // acquire: the entry and the key array holding it are visible
      return false;
    }
    int[] e = ends;
    int from = i == 0 ? 0 : e[i - 1];
    return e[i] - from == len && Arrays.equals(keys, from, from + len, b, off, off + len);
  }

  Labels labels(int i) {
    return labels[i];
  }

  long ref(int i) {
    return (long) REFS.getOpaque(refs, i);
  }

  /** Remembers the store's reference of entry {@code i} (any thread). */
  void ref(int i, long ref) {
    REFS.setOpaque(refs, i, ref);
  }

  /** True when no further entry fits. Writer only. */
  boolean full() {
    return size == CAPACITY;
  }

  /**
   * Appends an entry and returns its position. Writer only; the caller checked {@link #full}.
   */
  int add(byte[] b, int off, int len, Labels l, long ref) {
    int i = size;
    if (i == ends.length) {
      int cap = Math.min(CAPACITY, i * 2);
      ends = Arrays.copyOf(ends, cap);
      labels = Arrays.copyOf(labels, cap);
      refs = Arrays.copyOf(refs, cap);
    }
    byte[] k = keys;
    if (used + len > k.length) {
      k = Arrays.copyOf(k, Math.max(k.length * 2, used + len));
      keys = k;
    }
    System.arraycopy(b, off, k, used, len);
    used += len;
    ends[i] = used;
    labels[i] = l;
    REFS.setOpaque(refs, i, ref);
    size = i + 1; // release: publishes the entry
    return i;
  }
}
