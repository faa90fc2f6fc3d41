package dev.vigil.tsdb.head;

import dev.vigil.common.index.PostingsIndex;
import dev.vigil.model.Labels;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The head's series by label hash and by id, in lock stripes so that appenders on different
 * series rarely contend. Series are looked up by {@link Labels#stableHash()} and the labels are
 * compared to resolve collisions. Each stripe is a chained hash table of the series themselves:
 * a bucket array of series chained through {@code hashNext}, so a series costs one array slot
 * (4 bytes at load factor up to 1) rather than a map entry with a boxed or 8-byte key.
 *
 * <p>Locking: a series is inserted and removed while holding its hash stripe, and, nested, the
 * id table's monitor and the postings index's write lock, so a series is either in all three structures or
 * in none of them as seen by anyone holding a stripe. Readers of the index may briefly see an id
 * the id map no longer holds and must skip it.
 */
final class SeriesTable {
  private static final int STRIPES = 1024;

  private final Stripe[] stripes = new Stripe[STRIPES];
  private final SeriesById byId = new SeriesById();
  private final PostingsIndex index;

  SeriesTable(PostingsIndex index) {
    this.index = index;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** One lock stripe: its monitor guards its buckets and the chains hanging off them. */
  private static final class Stripe {
    MemSeries[] buckets = new MemSeries[8];
    int size;

    int bucket(long hash) {
      return (int) (hash >>> 16) & (buckets.length - 1);
    }

    MemSeries find(Labels labels, long hash) {
      int h = labels.hashCode();
      for (MemSeries m = buckets[bucket(hash)]; m != null; m = m.hashNext) {
        if (m.labels.hashCode() == h && m.labels.equals(labels)) {
          return m;
        }
      }
      return null;
    }

    void insert(MemSeries m, long hash) {
      if (size >= buckets.length) {
        MemSeries[] old = buckets;
        buckets = new MemSeries[old.length * 2];
        for (MemSeries head : old) {
          for (MemSeries c = head; c != null; ) {
            MemSeries next = c.hashNext;
            int b = bucket(hash(c.labels));
            c.hashNext = buckets[b];
            buckets[b] = c;
            c = next;
          }
        }
      }
      int b = bucket(hash);
      m.hashNext = buckets[b];
      buckets[b] = m;
      size++;
    }

    void remove(MemSeries m, long hash) {
      int b = bucket(hash);
      if (buckets[b] == m) {
        buckets[b] = m.hashNext;
      } else {
        for (MemSeries p = buckets[b]; p != null; p = p.hashNext) {
          if (p.hashNext == m) {
            p.hashNext = m.hashNext;
            break;
          }
        }
      }
      m.hashNext = null;
      size--;
    }
  }

  private static int stripe(long h) {
    return (int) (h ^ (h >>> 29) ^ (h >>> 47)) & (STRIPES - 1);
  }

  /** Lock-free (see {@link SeriesById}). */
  MemSeries byId(int id) {
    return byId.get(id);
  }

  MemSeries byLabels(Labels labels, long hash) {
    Stripe st = stripes[stripe(hash)];
    synchronized (st) {
      return st.find(labels, hash);
    }
  }

  /** The series with these labels, created with an id from {@code ids} when absent. */
  MemSeries getOrCreate(Labels labels, long hash, IntSupplier ids) {
    Stripe st = stripes[stripe(hash)];
    synchronized (st) {
      MemSeries found = st.find(labels, hash);
      if (found != null) {
        return found;
      }
      MemSeries created = new MemSeries(ids.getAsInt(), labels);
      insertLocked(st, created, hash);
      return created;
    }
  }

  /** Adds a series with a known id (replay); returns the existing series if the labels exist. */
  MemSeries putIfAbsent(int id, Labels labels) {
    long hash = hash(labels);
    Stripe st = stripes[stripe(hash)];
    synchronized (st) {
      MemSeries found = st.find(labels, hash);
      if (found != null) {
        return found;
      }
      MemSeries created = new MemSeries(id, labels);
      insertLocked(st, created, hash);
      return created;
    }
  }

  private void insertLocked(Stripe st, MemSeries created, long hash) {
    st.insert(created, hash);
    byId.put(created);
    index.add(created.id, created.labels.toPairs());
  }

  /**
   * Removes the series if {@code condition} holds, evaluated under the series' monitor (which
   * also marks it removed, so that appenders holding it look it up again).
   */
  boolean removeIf(MemSeries m, java.util.function.Predicate<MemSeries> condition) {
    long hash = hash(m.labels); // not kept in the series: the labels cache their hash code
    Stripe st = stripes[stripe(hash)];
    synchronized (st) {
      synchronized (m) {
        if (m.removed || !condition.test(m)) {
          return false;
        }
        m.removed = true;
      }
      st.remove(m, hash);
      byId.remove(m);
      index.remove(m.id, m.labels.toPairs());
      return true;
    }
  }

  /** Visits every series, in id order, page by page (see {@link SeriesById#forEach}). */
  void forEach(Consumer<MemSeries> action) {
    byId.forEach(action);
  }

  int size() {
    return byId.size();
  }

  /**
   * The in-memory lookup key of a label set: {@link Labels#hashCode()} spread to 64 bits. That
   * hash is cached inside the label set and built from the strings' cached, vectorised {@link
   * String#hashCode()}s, so a repeated lookup costs one field read; FNV-1a over every char
   * ({@link Labels#stableHash()}) measured as the single largest cost of appending by labels.
   * Equal 32-bit hashes of different label sets are expected at millions of series and are
   * resolved by comparing labels along the collision chain. Not persisted anywhere.
   */
  static long hash(Labels labels) {
    long h = labels.hashCode() * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 32);
  }
}
