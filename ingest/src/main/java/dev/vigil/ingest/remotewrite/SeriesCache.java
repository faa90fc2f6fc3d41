package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Maps the raw protobuf bytes of a series' labels to the validated {@link Labels} decoded from
 * them before, and to the store's reference of that series. Senders encode the same series
 * identically in every request, so a hit skips label decoding, sorting and validation entirely:
 * one hash and one byte comparison per series.
 *
 * <p><b>Layout.</b> Set-associative with {@value #WAYS} ways: a key lives in one of the
 * {@value #WAYS} slots of its set. A slot is one {@code long} in {@code table}: the upper 32 bits
 * are a tag from the key's hash (never 0: 0 marks a free slot), the lower 32 the offset of the key
 * in {@code arena}, a byte array holding every key stored so far (a two-byte length, then the
 * bytes). The labels and the store reference of slot {@code i} are {@code labels[i]} and {@code
 * refs[i]}. Why not an object per entry with its own key array: at tens of thousands of series
 * the cache does not fit the CPU caches, and a hit then waited for four dependent memory loads
 * (tag, slot, entry object, key array) that measured as the largest single cost of decoding; here
 * it is the set's line of tags and offsets, then the key in the arena. Why that many ways: with
 * two, three hot series falling in one pair of slots evicted each other on every request. A full
 * set replaces a slot picked from the key's hash. Only valid label sets are stored. The arena only
 * grows; replaced keys stay in it as garbage until it reaches its bound, when the whole cache
 * starts afresh (one miss per series, once). A slot also names the {@link SeriesTrail} entry of
 * its key, if any ({@code trailAt}); the trails belong to the generation and go with it.
 *
 * <p><b>Thread safety.</b> Shared by every pooled receiver, so that all of them hand the store
 * the same {@link Labels} instance for a series and the store compares by identity. Writers
 * ({@link #put}, {@link #ref(Hit, long)}) hold the cache's monitor; misses are rare after the
 * first request of a sender. Readers take no lock and validate like a sequence lock: a writer
 * replacing a slot first clears its word, then writes labels and reference, then publishes the new
 * word (release); a reader loads the word (acquire), compares the key, reads labels and reference
 * and then loads the word again: if it changed, the slot was being replaced and the read is a
 * miss. Words never repeat within one arena (offsets only grow), and a fresh start replaces all
 * arrays at once (readers still on the old ones see a consistent old cache). The store reference
 * is a hint the store checks (an unknown or stale one falls back to the labels); it is only ever
 * written for the key it was read with.
 */
final class SeriesCache {
  /** Longer label encodings are not cached, bounding the memory to about capacity * this. */
  static final int MAX_KEY_BYTES = 1024;
  static final int WAYS = 8;

  private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final long TAG_MASK = 0xFFFF_FFFF_0000_0000L;
  private static final int MIN_ARENA = 64 << 10;
  /** Arena bytes per slot at which the cache starts afresh (only reached by churn). */
  private static final int ARENA_BYTES_PER_SLOT = 256;

  /**
   * A lookup's result, overwritten by the next one; one per decoder. Valid after {@link #get} or
   * {@link #put} returned true.
   */
  static final class Hit {
    Labels labels;
    long ref;
    /** Where the key is in a {@link SeriesTrail} (see {@link #trail}), 0 when in none. */
    long trailAt;
    private State state;
    private int slot;
    private long word;
  }

  /** One generation of the cache: replaced as a whole when the arena reaches its bound. */
  static final class State {
    final long[] words;
    final Labels[] labels;
    final long[] refs;
    /** Per slot: (trail index << 32 | position) + 1 of the key in a trail, 0 when in none. */
    final long[] trailAt;
    volatile SeriesTrail[] trails = new SeriesTrail[8];
    int trailCount; // guarded by the cache
    final int maxArena;
    volatile byte[] arena;
    int used; // guarded by the cache

    State(int slots) {
      words = new long[slots];
      labels = new Labels[slots];
      refs = new long[slots];
      trailAt = new long[slots];
      arena = new byte[MIN_ARENA];
      maxArena = Math.max(MIN_ARENA, slots * ARENA_BYTES_PER_SLOT);
    }
  }

  private final int slots;
  private final int setMask; // of the first slot of a set
  private volatile State state;

  /** @param capacityPowerOfTwo slots; below {@value #WAYS} it is one set of that many */
  SeriesCache(int capacityPowerOfTwo) {
    if (Integer.bitCount(capacityPowerOfTwo) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
    }
    slots = Math.max(WAYS, capacityPowerOfTwo);
    setMask = (slots - 1) & ~(WAYS - 1);
    state = new State(slots);
  }

  /** Looks up these label bytes; true (and {@code out} filled) when cached. */
  boolean get(byte[] b, int off, int len, Hit out) {
    return len <= MAX_KEY_BYTES && get(b, off, len, ByteKeys.hash(b, off, len), out);
  }

  /**
   * Loads what a lookup of hash {@code h} will read (the set's words, the key of a matching slot,
   * its labels and reference) without comparing the key, and returns a value derived from them
   * that the caller must consume. Issued for several keys in a row, the loads of different keys
   * overlap, and the lookups that follow find them in the CPU cache.
   */
  long prefetch(long h) {
    State st = state;
    int set = (int) h & setMask;
    long tag = tag(h);
    long[] words = st.words;
    long s = 0;
    for (int m = matches(words, set, tag); m != 0; m &= m - 1) {
      int i = set + Integer.numberOfTrailingZeros(m);
      byte[] arena = st.arena;
      int at = (int) words[i];
      s += arena[at] + arena[Math.min(at + 64, arena.length - 1)] + st.refs[i]
          + (st.labels[i] == null ? 1 : 0);
    }
    return s;
  }

  /** As {@link #get(byte[], int, int, Hit)} with the key's {@link ByteKeys#hash} computed. */
  boolean get(byte[] b, int off, int len, long h, Hit out) {
    if (len > MAX_KEY_BYTES) {
      return false;
    }
    State st = state;
    int set = (int) h & setMask;
    long tag = tag(h);
    long[] words = st.words;
    // the ways whose tag matches, found without a branch per way: which way holds a key is
    // random, and a loop that stopped at it mispredicted once per lookup
    for (int m = matches(words, set, tag); m != 0; m &= m - 1) {
      int i = set + Integer.numberOfTrailingZeros(m);
      long w = (long) WORDS.getAcquire(words, i);
      if ((w & TAG_MASK) != tag) {
        continue;
      }
      byte[] arena = st.arena; // at least as new as the arena the word was published with
      int at = (int) w;
      if (((arena[at] & 0xFF) << 8 | (arena[at + 1] & 0xFF)) != len
          || !Arrays.equals(arena, at + 2, at + 2 + len, b, off, off + len)) {
        continue;
      }
      Labels labels = st.labels[i];
      long ref = (long) WORDS.getOpaque(st.refs, i);
      long trailAt = (long) WORDS.getOpaque(st.trailAt, i);
      VarHandle.loadLoadFence();
      if ((long) WORDS.getOpaque(words, i) != w) {
        return false; // replaced while being read: a miss
      }
      out.labels = labels;
      out.ref = ref;
      out.trailAt = trailAt;
      out.state = st;
      out.slot = i;
      out.word = w;
      return true;
    }
    return false;
  }

  /** Bit k set when way k of the set starting at {@code set} carries {@code tag} (plain reads). */
  private static int matches(long[] words, int set, long tag) {
    int m = 0;
    for (int k = 0; k < WAYS; k++) {
      m |= (((words[set + k] ^ tag) & TAG_MASK) == 0 ? 1 : 0) << k;
    }
    return m;
  }

  /**
   * Caches the labels of these bytes; returns true (and {@code out} filled, reference 0) when
   * cached, false when the key is too long to cache.
   */
  synchronized boolean put(byte[] b, int off, int len, Labels labels, Hit out) {
    if (len > MAX_KEY_BYTES) {
      return false;
    }
    State st = state;
    if (st.used + 2 + len > st.maxArena) {
      st = new State(slots);
      state = st;
    }
    long h = ByteKeys.hash(b, off, len);
    int set = (int) h & setMask;
    int slot = -1;
    for (int i = set; i < set + WAYS; i++) {
      if (st.words[i] == 0) {
        slot = i;
        break;
      }
    }
    if (slot < 0) {
      slot = set + (int) (h >>> 59) % WAYS; // full: a victim chosen by bits the set index skips
    }
    byte[] arena = st.arena;
    int at = st.used;
    if (at + 2 + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.min(st.maxArena, Math.max(arena.length * 2, at + 2 + len)));
      st.arena = arena; // published before any word that points past the old arena
    }
    arena[at] = (byte) (len >>> 8);
    arena[at + 1] = (byte) len;
    System.arraycopy(b, off, arena, at + 2, len);
    st.used = at + 2 + len;
    WORDS.setOpaque(st.words, slot, 0L); // readers of the old entry now fail their second check
    VarHandle.storeStoreFence();
    st.labels[slot] = labels;
    WORDS.setOpaque(st.refs, slot, 0L);
    WORDS.setOpaque(st.trailAt, slot, 0L);
    long w = tag(h) | at;
    WORDS.setRelease(st.words, slot, w);
    out.labels = labels;
    out.ref = 0;
    out.trailAt = 0;
    out.state = st;
    out.slot = slot;
    out.word = w;
    return true;
  }

  /** Remembers the store's reference of the hit's series, if the entry is still cached. */
  void ref(Hit hit, long ref) {
    if (hit.ref == ref) {
      return; // the common case: written only when it changes
    }
    hit.ref = ref;
    synchronized (this) {
      if (hit.state.words[hit.slot] == hit.word) {
        WORDS.setOpaque(hit.state.refs, hit.slot, ref);
      }
    }
  }

  /** The trail the hit's key is in (at {@link #trailPosition}), or null when in none. */
  static SeriesTrail trail(Hit hit) {
    long t = hit.trailAt;
    if (t == 0) {
      return null;
    }
    SeriesTrail[] ts = hit.state.trails;
    int k = (int) ((t - 1) >>> 32);
    return k < ts.length ? ts[k] : null; // defensive: published before the slot named it
  }

  /** Where the hit's key is in its generation's arena (see {@link SeriesTrail#add}). */
  static int arenaAt(Hit hit) {
    return (int) hit.word;
  }

  /** The position in {@link #trail} of the hit's key; valid when that is not null. */
  static int trailPosition(Hit hit) {
    return (int) (hit.trailAt - 1);
  }

  /** A new, empty trail of the current generation, for one decoder to fill. */
  synchronized SeriesTrail newTrail() {
    State st = state;
    SeriesTrail[] ts = st.trails;
    if (st.trailCount == ts.length) {
      ts = Arrays.copyOf(ts, ts.length * 2);
    }
    SeriesTrail t = new SeriesTrail(st.trailCount, st);
    ts[st.trailCount++] = t;
    st.trails = ts; // published before any slot refers to the new trail
    return t;
  }

  /** Trails of the current generation, for tests. */
  synchronized int trails() {
    return state.trailCount;
  }

  /** True when {@code trail} belongs to the generation the hit was found in. */
  synchronized boolean owns(Hit hit, SeriesTrail trail) {
    State st = hit.state;
    return trail.index < st.trailCount && st.trails[trail.index] == trail;
  }

  /**
   * Remembers that the hit's key is entry {@code position} of {@code trail}, if the entry is still
   * cached and the trail belongs to the entry's generation.
   */
  synchronized void trail(Hit hit, SeriesTrail trail, int position) {
    State st = hit.state;
    if (st.words[hit.slot] != hit.word || trail.index >= st.trailCount
        || st.trails[trail.index] != trail) {
      return;
    }
    long t = ((long) trail.index << 32 | position) + 1;
    hit.trailAt = t;
    WORDS.setOpaque(st.trailAt, hit.slot, t);
  }

  /** Upper hash bits (the set index uses the lower ones) as the upper half of a word; never 0. */
  private static long tag(long h) {
    long t = h & TAG_MASK;
    return t == 0 ? 1L << 32 : t;
  }
}
