package dev.vigil.promql.engine;

import static dev.vigil.promql.engine.Ast.sel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Appender;
import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.model.Labels;
import dev.vigil.model.Querier;
import dev.vigil.model.Samples;
import dev.vigil.testkit.MemoryStorage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The instant selector's loop over bulk-read floats, which hands over to the general loop when a
 * series turns to native histograms (and may come back to floats): random series mixing runs of
 * floats, histograms and staleness markers, against a brute-force lookback at every step.
 */
@Timeout(30)
class SelectorFloatLoopRandomTest {
  @Test
  void mixedSeriesMatchBruteForce() {
    long seed = System.nanoTime();
    System.out.println("SelectorFloatLoopRandomTest seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 80; round++) {
      MemoryStorage store = new MemoryStorage();
      int n = 1 + r.nextInt(r.nextBoolean() ? 40 : 900);
      long[] ts = new long[n];
      double[] vs = new double[n];
      FloatHistogram[] hs = new FloatHistogram[n];
      Appender a = store.appender();
      Labels l = Labels.of("__name__", "m");
      long t = r.nextInt(5000);
      boolean hist = r.nextInt(3) == 0;
      int mixing = r.nextInt(4); // 0: floats only; else switch kinds now and then
      for (int i = 0; i < n; i++) {
        t += 1 + r.nextInt(r.nextBoolean() ? 2000 : 40_000);
        ts[i] = t;
        if (mixing > 0 && r.nextInt(12 * mixing) == 0) {
          hist = !hist;
        }
        boolean stale = r.nextInt(12) == 0;
        if (hist) {
          double c = stale ? Samples.STALE_NAN : r.nextInt(50);
          hs[i] = new FloatHistogram(CounterResetHint.GAUGE, 0, 0.001, 0, c, c,
              new int[] {0, 1}, new double[] {c}, new int[0], new double[0], null);
          a.appendHistogram(0, l, t, hs[i]);
        } else {
          vs[i] = stale ? Samples.STALE_NAN : r.nextInt(1000) / 8.0;
          a.append(0, l, t, vs[i]);
        }
      }
      a.commit();
      long step = 1 + r.nextInt(r.nextBoolean() ? 5_000 : 60_000);
      long start = r.nextInt(200_000) - 20_000;
      long end = start + step * r.nextInt(400);
      StepGrid g = new StepGrid(start, end, step);
      EvalContext ctx = new EvalContext("q", EngineOptions.DEFAULT, () -> false);
      Querier querier = store.querier(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
      long lookback = 1 + r.nextInt(300_000);
      Evaluator ev = new Evaluator(ctx, () -> querier, lookback);
      List<StepSeries> got = ev.selectors.vector(sel("m", 0, null), g, false);
      for (int i = 0; i < g.count(); i++) {
        long ref = g.time(i);
        int latest = -1;
        for (int j = 0; j < n && ts[j] <= ref; j++) {
          latest = j;
        }
        String msg = "seed " + seed + " round " + round + " step " + i;
        boolean want = latest >= 0 && ts[latest] > ref - lookback
            && !Samples.isStaleNaN(hs[latest] != null ? hs[latest].sum() : vs[latest]);
        boolean have = !got.isEmpty() && got.get(0).has(i);
        assertThat(have).as(msg).isEqualTo(want);
        if (!want) {
          continue;
        }
        StepSeries s = got.get(0);
        if (hs[latest] != null) {
          assertThat(s.isHistogram(i)).as(msg).isTrue();
          assertThat(s.histograms[i].count()).as(msg).isEqualTo(hs[latest].count());
        } else {
          assertThat(s.isHistogram(i)).as(msg).isFalse();
          assertThat(Double.doubleToRawLongBits(s.values[i])).as(msg)
              .isEqualTo(Double.doubleToRawLongBits(vs[latest]));
        }
      }
    }
  }
}
