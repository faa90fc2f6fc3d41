package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Label sets in the order one request met them for the first time: where each entry's raw label
 * bytes are in its cache generation's arena, its {@link Labels} and the store's reference, in
 * arrays read front to back. Why: a sender sends
 * its series in the same order request after request (Prometheus's queue shards replay the
 * scrape order), so the series that follows one in a request is, nearly always, the one that
 * followed it last time. A decoder that remembers where it is in a trail compares the next
 * series' bytes with the next entry, whose key was stored in the arena right after the previous
 * one's the first time round (senders send new series in order too): the hardware prefetcher has
 * it in the CPU cache before it is needed, where a hash lookup ({@link SeriesCache}) waited for two
 * or three random loads from memory per series. Why the keys are not copied here: a trail only
 * ever holds keys of its generation's cache, whose arena keeps every key it stored (offsets never
 * move, replaced keys stay as garbage) until the generation is dropped with its trails, so a
 * second copy of every series' label bytes (about 100 bytes per series) bought nothing.
 *
 * <p><b>Thread safety.</b> One writer, the decoder that created the trail, appends during one
 * request ({@link #add}); any decoder reads. An entry is written before {@link #size} is raised
 * past it (release), and readers read {@code size} first (acquire), so a published entry is
 * complete and never changes again, except its store reference: a hint written and read opaque,
 * always for the entry's own key (the store checks references and falls back to the labels).
 * The arrays grow by copy; a copy is published before the size that covers entries in it. The
 * arena a reader loads after {@link #size} is at least as new as the one the writer found the
 * key in (the writer read it, or wrote it, before publishing the entry).
 */
final class SeriesTrail {
  /** Entries per trail; a decoder continues in a new one. */
  static final int CAPACITY = 2048;
  /** Entries a trail starts with room for: grown by doubling, so that memory follows entries. */
  private static final int INITIAL = 32;

  private static final VarHandle REFS = MethodHandles.arrayElementVarHandle(long[].class);

  /** Position of this trail in its cache generation's list (see {@link SeriesCache}). */
  final int index;

  /** The cache generation whose arena holds the keys. */
  private final SeriesCache.State generation;

  // grown by the writer by copy, each new array published before the size that covers it
  /** Entry i's key is in the arena at {@code at[i]}: a two-byte length, then the bytes. */
  private volatile int[] at = new int[INITIAL];

  private volatile Labels[] labels = new Labels[INITIAL];
  /** A reference written into an array being replaced may be lost: it is a hint. */
  private volatile long[] refs = new long[INITIAL];
  private volatile int size;

  SeriesTrail(int index, SeriesCache.State generation) {
    this.index = index;
    this.generation = generation;
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
    byte[] arena = generation.arena;
    int from = at[i];
    return ((arena[from] & 0xFF) << 8 | (arena[from + 1] & 0xFF)) == len
        && Arrays.equals(arena, from + 2, from + 2 + len, b, off, off + len);
  }

  /**
   * The length of entry {@code i}'s key when it exists and {@code b[off, off + length)} is that
   * key, with {@code off + length <= limit}; -1 otherwise. For a decoder that knows which entry
   * comes next but not yet where the series' label messages end.
   */
  int matchPrefix(int i, byte[] b, int off, int limit) {
    if (i >= size) { // acquire, as in matches
      return -1;
    }
    byte[] arena = generation.arena;
    int from = at[i];
    int len = (arena[from] & 0xFF) << 8 | (arena[from + 1] & 0xFF);
    return len <= limit - off && Arrays.equals(arena, from + 2, from + 2 + len, b, off, off + len)
        ? len : -1;
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
   * Appends an entry whose key is at {@code arenaAt} in the arena of this trail's generation and
   * returns its position. Writer only; the caller checked {@link #full}.
   */
  int add(int arenaAt, Labels l, long ref) {
    int i = size;
    if (i == at.length) {
      int cap = Math.min(CAPACITY, i * 2);
      at = Arrays.copyOf(at, cap);
      labels = Arrays.copyOf(labels, cap);
      refs = Arrays.copyOf(refs, cap);
    }
    at[i] = arenaAt;
    labels[i] = l;
    REFS.setOpaque(refs, i, ref);
    size = i + 1; // release: publishes the entry
    return i;
  }
}
