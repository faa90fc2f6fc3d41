package dev.vigil.tsdb.head;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The head's series by id: pages of 4096 slots indexed by the id itself, since ids are handed out
 * densely from a counter and never reused. Why not a hash map under a lock: every appended sample
 * resolves its series by reference, and a striped, locked map lookup measured as one of the larger
 * costs of appending; here it is two array reads with no lock, and a slot costs 4 bytes instead of
 * a map entry's 12 or more.
 *
 * <p>Thread-safety: {@link #get} is lock-free and may run concurrently with anything; slots are
 * read with acquire and written with release semantics, and the page directory is republished
 * through a volatile field when it grows. {@link #put} and {@link #remove} must be serialized by
 * the caller for the same id (the series table holds the series' hash stripe) and take this
 * object's monitor only to grow the directory and count. A page whose series are all removed is
 * dropped, so churned ids do not pin memory.
 */
final class SeriesById {
  private static final int PAGE_BITS = 12;
  private static final int PAGE_SIZE = 1 << PAGE_BITS;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(MemSeries[].class);
  private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(MemSeries[][].class);

  private volatile MemSeries[][] pages = new MemSeries[16][];
  private int[] pageCounts = new int[16]; // guarded by this
  private int size; // guarded by this

  MemSeries get(int id) {
    if (id < 0) {
      return null;
    }
    MemSeries[][] dir = pages;
    int p = id >>> PAGE_BITS;
    if (p >= dir.length) {
      return null;
    }
    MemSeries[] page = (MemSeries[]) PAGES.getAcquire(dir, p);
    return page == null ? null : (MemSeries) SLOTS.getAcquire(page, id & (PAGE_SIZE - 1));
  }

  /** Stores a series under its id, replacing nothing: the slot must be empty. */
  void put(MemSeries s) {
    int id = s.id;
    if (id < 0) {
      throw new IllegalArgumentException("negative series id " + id);
    }
    int p = id >>> PAGE_BITS;
    synchronized (this) {
      MemSeries[][] dir = pages;
      if (p >= dir.length) {
        dir = Arrays.copyOf(dir, Math.max(p + 1, dir.length * 2));
        pageCounts = Arrays.copyOf(pageCounts, dir.length);
        pages = dir;
      }
      MemSeries[] page = dir[p];
      if (page == null) {
        page = new MemSeries[PAGE_SIZE];
        PAGES.setRelease(dir, p, page);
      }
      int slot = id & (PAGE_SIZE - 1);
      if (page[slot] == null) {
        pageCounts[p]++;
        size++;
      }
      SLOTS.setRelease(page, slot, s);
    }
  }

  void remove(MemSeries s) {
    int p = s.id >>> PAGE_BITS;
    synchronized (this) {
      MemSeries[][] dir = pages;
      if (p >= dir.length || dir[p] == null) {
        return;
      }
      MemSeries[] page = dir[p];
      int slot = s.id & (PAGE_SIZE - 1);
      if (page[slot] != s) {
        return;
      }
      SLOTS.setRelease(page, slot, null);
      size--;
      if (--pageCounts[p] == 0) {
        PAGES.setRelease(dir, p, null);
      }
    }
  }

  synchronized int size() {
    return size;
  }

  /** Visits the series present when each page is reached; a page is copied, then visited. */
  void forEach(Consumer<MemSeries> action) {
    MemSeries[] copy = new MemSeries[PAGE_SIZE];
    MemSeries[][] dir = pages;
    for (int p = 0; p < dir.length; p++) {
      MemSeries[] page = (MemSeries[]) PAGES.getAcquire(dir, p);
      if (page == null) {
        continue;
      }
      for (int i = 0; i < PAGE_SIZE; i++) {
        copy[i] = (MemSeries) SLOTS.getAcquire(page, i);
      }
      for (int i = 0; i < PAGE_SIZE; i++) {
        if (copy[i] != null) {
          action.accept(copy[i]);
        }
      }
    }
  }
}
