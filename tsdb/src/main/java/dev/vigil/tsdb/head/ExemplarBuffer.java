package dev.vigil.tsdb.head;

import dev.vigil.model.AppendException;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.SeriesExemplars;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed-size circular buffer of exemplars shared by all series, as Prometheus keeps them: when
 * full, the oldest exemplar overall is overwritten. Each series' exemplars form a linked list
 * through the buffer (oldest to newest) so queries walk only the series they match.
 *
 * <p>Per-series rules: an exemplar equal to the series' newest is a duplicate and silently
 * ignored; one not newer than the newest is out of order; label sets longer than 128 UTF-8
 * characters (names and values together) and exemplars without a timestamp are invalid.
 * Thread-safe (one monitor).
 */
final class ExemplarBuffer {
  static final int MAX_LABELS_LENGTH = 128;

  private static final class SeriesEntry {
    final Labels series;
    int oldest;
    int newest;

    SeriesEntry(Labels series, int slot) {
      this.series = series;
      this.oldest = slot;
      this.newest = slot;
    }
  }

  private final int capacity;
  // allocated with the first exemplar (12 bytes a slot, 1.2 MB at the default 100,000 slots):
  // most series never carry exemplars, and many servers never receive one; guarded by this
  private Exemplar[] exemplars;
  private SeriesEntry[] owners;
  private int[] next;
  private final Map<Labels, SeriesEntry> index = new HashMap<>();
  private int cursor;

  ExemplarBuffer(int capacity) {
    this.capacity = capacity;
  }

  boolean enabled() {
    return capacity > 0;
  }

  /**
   * Checks an exemplar against the rules.
   *
   * @return false for a duplicate (to be ignored)
   * @throws AppendException when invalid or out of order
   */
  synchronized boolean validate(Labels series, Exemplar e) {
    checkValid(e);
    SeriesEntry s = index.get(series);
    if (s == null) {
      return true;
    }
    Exemplar newest = exemplars[s.newest];
    if (newest.equals(e)) {
      return false;
    }
    if (e.timestamp() <= newest.timestamp()) {
      throw new AppendException(AppendException.Reason.EXEMPLAR_OUT_OF_ORDER,
          "exemplar at " + e.timestamp() + " is not after the newest at " + newest.timestamp()
              + " for series " + series);
    }
    return true;
  }

  static void checkValid(Exemplar e) {
    if (!e.hasTimestamp()) {
      throw new AppendException(AppendException.Reason.EXEMPLAR_INVALID,
          "exemplar without timestamp");
    }
    int len = 0;
    for (int i = 0; i < e.labels().size(); i++) {
      len += e.labels().name(i).getBytes(StandardCharsets.UTF_8).length
          + e.labels().value(i).getBytes(StandardCharsets.UTF_8).length;
    }
    if (len > MAX_LABELS_LENGTH) {
      throw new AppendException(AppendException.Reason.EXEMPLAR_INVALID,
          "exemplar labels are " + len + " characters long, the limit is " + MAX_LABELS_LENGTH);
    }
  }

  /** Adds the exemplar if it passes {@link #validate}; returns whether it was added. */
  synchronized boolean add(Labels series, Exemplar e) {
    if (!enabled()) {
      return false;
    }
    try {
      if (!validate(series, e)) {
        return false;
      }
    } catch (AppendException ex) {
      return false;
    }
    if (exemplars == null) {
      exemplars = new Exemplar[capacity];
      owners = new SeriesEntry[capacity];
      next = new int[capacity];
    }
    int slot = cursor;
    SeriesEntry evicted = owners[slot];
    if (evicted != null) {
      if (evicted.oldest == evicted.newest) {
        index.remove(evicted.series);
      } else {
        evicted.oldest = next[slot];
      }
    }
    exemplars[slot] = e;
    next[slot] = -1;
    SeriesEntry s = index.get(series);
    if (s == null) {
      s = new SeriesEntry(series, slot);
      index.put(series, s);
    } else {
      next[s.newest] = slot;
      s.newest = slot;
    }
    owners[slot] = s;
    cursor = (cursor + 1) % exemplars.length;
    return true;
  }

  /** Exemplars in [start, end] of series matching any matcher set, series sorted by labels. */
  synchronized List<SeriesExemplars> select(long start, long end, List<List<Matcher>> sets) {
    List<SeriesExemplars> out = new ArrayList<>();
    for (SeriesEntry s : index.values()) {
      if (!matchesAny(s.series, sets)) {
        continue;
      }
      List<Exemplar> found = new ArrayList<>();
      for (int i = s.oldest; i >= 0; i = next[i]) {
        Exemplar e = exemplars[i];
        if (e.timestamp() >= start && e.timestamp() <= end) {
          found.add(e);
        }
        if (i == s.newest) {
          break;
        }
      }
      if (!found.isEmpty()) {
        out.add(new SeriesExemplars(s.series, List.copyOf(found)));
      }
    }
    out.sort((a, b) -> a.seriesLabels().compareTo(b.seriesLabels()));
    return out;
  }

  private static boolean matchesAny(Labels labels, List<List<Matcher>> sets) {
    for (List<Matcher> set : sets) {
      boolean all = true;
      for (Matcher m : set) {
        if (!m.matches(labels)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  synchronized int size() {
    if (exemplars == null) {
      return 0;
    }
    int n = 0;
    for (Exemplar e : exemplars) {
      if (e != null) {
        n++;
      }
    }
    return n;
  }
}
