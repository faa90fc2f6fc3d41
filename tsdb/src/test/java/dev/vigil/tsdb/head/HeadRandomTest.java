package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.common.wal.FsyncPolicy;
import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random appends (in order, out of order within a window, too old, duplicates) checked
 * against a model of the rules, before and after a restart, including iterator seeks.
 */
@Timeout(60)
class HeadRandomTest {
  @TempDir Path dir;

  private static final long WINDOW = 60_000;

  /** The model of one series: accepted samples (first value per timestamp wins). */
  private static final class Model {
    final TreeMap<Long, Double> samples = new TreeMap<>();
    long last = Long.MIN_VALUE;
    long lastBits;
  }

  @Test
  void randomAppendsMatchTheModel() throws Exception {
    long seed = System.nanoTime();
    System.out.println("HeadRandomTest seed " + seed);
    Random rnd = new Random(seed);
    TsdbOptions o = TsdbOptions.defaults(dir.resolve("a")).withOutOfOrderTimeWindowMs(WINDOW)
        .withHeadChunkFileSize(8 << 10).withWalSegmentSize(16 << 10)
        .withFsyncPolicy(FsyncPolicy.NEVER);
    Map<Labels, Model> model = new TreeMap<>();
    long headMax = Long.MIN_VALUE;
    Map<String, Integer> outcomes = new TreeMap<>();
    try (Tsdb db = Tsdb.open(o)) {
      for (int i = 0; i < 4000; i++) {
        Labels l = Labels.of("__name__", "m", "s", Integer.toString(rnd.nextInt(8)));
        Model m = model.computeIfAbsent(l, k -> new Model());
        long t = switch (rnd.nextInt(10)) {
          case 0 -> m.last == Long.MIN_VALUE ? 0 : m.last; // repeat the newest timestamp
          case 1, 2 -> Math.max(headMax, 0) - rnd.nextLong(WINDOW + 30_000); // behind
          default -> (m.last == Long.MIN_VALUE ? 0 : m.last) + 1 + rnd.nextInt(20_000);
        };
        double v = rnd.nextInt(3) == 0 ? m.samples.getOrDefault(t, 1.0) : rnd.nextInt(100);
        Appender a = db.appender();
        String want = expect(m, t, v, headMax);
        outcomes.merge(want + (t < m.last ? " behind" : ""), 1, Integer::sum);
        try {
          a.append(0, l, t, v);
          a.commit();
          assertThat(want).as("seed %d step %d t=%d", seed, i, t).isIn("ok", "ignored");
        } catch (AppendException e) {
          assertThat(e.reason().name()).as("seed %d step %d t=%d", seed, i, t).isEqualTo(want);
          a.rollback();
          continue;
        }
        if (want.equals("ok")) {
          if (t > m.last) {
            m.last = t;
            m.lastBits = Double.doubleToRawLongBits(v);
            m.samples.put(t, v);
          } else {
            m.samples.putIfAbsent(t, v);
          }
          headMax = Math.max(headMax, t);
        }
      }
      System.out.println("HeadRandomTest outcomes " + outcomes);
      assertThat(outcomes).containsKeys("ok", "ok behind", "ignored", "DUPLICATE_TIMESTAMP",
          "TOO_OLD behind");
      check(db, model, rnd, seed);
      HeadTest.copyDir(dir.resolve("a"), dir.resolve("b"));
    }
    try (Tsdb again = Tsdb.open(o.withDir(dir.resolve("b")))) {
      check(again, model, rnd, seed);
    }
  }

  private static String expect(Model m, long t, double v, long headMax) {
    if (m.last != Long.MIN_VALUE && t == m.last) {
      return Double.doubleToRawLongBits(v) == m.lastBits ? "ignored" : "DUPLICATE_TIMESTAMP";
    }
    if (headMax != Long.MIN_VALUE && t < headMax - WINDOW) {
      // the head-wide window check precedes the series check
      return t > m.last ? appendableOrTooOld(t, headMax) : "TOO_OLD";
    }
    if (t > m.last) {
      return appendableOrTooOld(t, headMax);
    }
    return "ok"; // out of order within the window; a repeated timestamp is ignored by the store
  }

  private static String appendableOrTooOld(long t, long headMax) {
    long minValid = headMax == Long.MIN_VALUE ? Long.MIN_VALUE : headMax - 3_600_000L;
    if (t < minValid && t < headMax - WINDOW) {
      return "TOO_OLD";
    }
    return "ok";
  }

  private static void check(Tsdb db, Map<Labels, Model> model, Random rnd, long seed) {
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, null, List.of(Matcher.eq("__name__", "m")));
      int n = 0;
      while (set.next()) {
        Model m = model.get(set.at().labels());
        List<String> got = new ArrayList<>();
        SampleIterator it = set.at().iterator();
        while (it.next() == ValueType.FLOAT) {
          got.add(it.atT() + "=" + it.atV());
        }
        List<String> want = new ArrayList<>();
        m.samples.forEach((t, v) -> want.add(t + "=" + v));
        assertThat(got).as("seed %d series %s", seed, set.at().labels()).isEqualTo(want);
        dev.vigil.testkit.SampleIteratorCheck.check(set.at()::iterator, seed + n, 5);
        // seeks land on the first sample at or after the target
        for (int k = 0; k < 20 && !m.samples.isEmpty(); k++) {
          SampleIterator s = set.at().iterator();
          long target = m.samples.firstKey() - 1000
              + rnd.nextLong(m.samples.lastKey() - m.samples.firstKey() + 2000);
          Long ceil = m.samples.ceilingKey(target);
          ValueType vt = s.seek(target);
          if (ceil == null) {
            assertThat(vt).isEqualTo(ValueType.NONE);
          } else {
            assertThat(vt).isEqualTo(ValueType.FLOAT);
            assertThat(s.atT()).as("seed %d seek %d", seed, target).isEqualTo(ceil);
            Long next = m.samples.higherKey(ceil);
            ValueType after = s.next();
            assertThat(after == ValueType.NONE ? null : s.atT()).isEqualTo(next);
          }
        }
        n++;
      }
      assertThat(n).isEqualTo((int) model.values().stream()
          .filter(m -> !m.samples.isEmpty()).count());
    }
  }
}
