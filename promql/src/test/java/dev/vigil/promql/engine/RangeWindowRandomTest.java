package dev.vigil.promql.engine;

import static dev.vigil.promql.engine.Ast.range;
import static dev.vigil.promql.engine.Ast.sel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Samples;
import dev.vigil.model.ValueType;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.functions.RangeFunction;
import dev.vigil.promql.functions.RangeFunctions;
import dev.vigil.promql.functions.RangeWindow;
import dev.vigil.testkit.IteratorHook;
import dev.vigil.testkit.MemoryStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sliding windows against a brute-force scan over random series, ranges, steps and offsets
 * (including steps longer than the range, where gaps are skipped), and instant selectors against
 * a brute-force lookback.
 */
@Timeout(30)
class RangeWindowRandomTest {
  private static final RangeFunction SUM_AND_COUNT = w -> {
    double sum = 0;
    for (int i = w.from; i < w.to; i++) {
      sum += w.f[i];
    }
    // Encodes both the count and the sum so that a wrong boundary shows.
    w.outValue = (w.to - w.from) * 1e6 + sum;
    return w.to > w.from;
  };

  @Test
  void windowsMatchBruteForce() {
    long seed = System.nanoTime();
    System.out.println("RangeWindowRandomTest seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 60; round++) {
      MemoryStorage store = new MemoryStorage();
      int n = 1 + r.nextInt(300);
      long[] ts = new long[n];
      double[] vs = new double[n];
      long t = r.nextInt(5000);
      Appender a = store.appender();
      Labels l = Labels.of("__name__", "m");
      for (int i = 0; i < n; i++) {
        t += 1 + r.nextInt(r.nextBoolean() ? 2000 : 30_000);
        ts[i] = t;
        vs[i] = r.nextInt(10) == 0 ? Samples.STALE_NAN : r.nextInt(100);
        a.append(0, l, ts[i], vs[i]);
      }
      a.commit();
      long rangeMs = 1 + r.nextInt(120_000);
      long step = 1 + r.nextInt(r.nextBoolean() ? 10_000 : 300_000);
      long offset = r.nextInt(3) == 0 ? r.nextInt(60_000) - 30_000 : 0;
      long start = r.nextInt(100_000) - 20_000;
      long end = start + step * r.nextInt(100);
      StepGrid g = new StepGrid(start, end, step);
      EvalContext ctx = new EvalContext("q", EngineOptions.DEFAULT, () -> false);
      boolean bulk = round % 2 == 1;
      Querier querier = bulk
          ? bulk(store.querier(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4), r.nextLong())
          : store.querier(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
      Evaluator ev = new Evaluator(ctx, () -> querier, 300_000);
      Expr arg = range(sel("m", offset, null), rangeMs);
      List<StepSeries> out = ev.ranges.call(Ast.call("f", ValueKind.VECTOR, arg), 0,
          SUM_AND_COUNT, g, true);
      List<StepSeries> inst = ev.selectors.vector(sel("m", offset, null), g, false);
      RangeFunction rate = RangeFunctions.get("rate");
      List<StepSeries> rates = ev.ranges.call(Ast.call("rate", ValueKind.VECTOR, arg), 0, rate, g,
          true);
      for (int i = 0; i < g.count(); i++) {
        long ref = g.time(i) - offset;
        int count = 0;
        double sum = 0;
        int latest = -1;
        for (int j = 0; j < n; j++) {
          if (ts[j] <= ref) {
            latest = j;
          }
          if (ts[j] > ref - rangeMs && ts[j] <= ref && !Samples.isStaleNaN(vs[j])) {
            count++;
            sum += vs[j];
          }
        }
        String ctxMsg = "seed " + seed + " round " + round + " step " + i;
        if (count == 0) {
          assertThat(out.isEmpty() || !out.get(0).has(i)).as(ctxMsg).isTrue();
        } else {
          assertThat(out.get(0).values[i]).as(ctxMsg).isEqualTo(count * 1e6 + sum);
        }
        checkRate(rate, rates, i, ref, rangeMs, ts, vs, ctxMsg + (bulk ? " (bulk)" : ""));
        boolean want = latest >= 0 && ts[latest] > ref - 300_000
            && !Samples.isStaleNaN(vs[latest]);
        if (want) {
          assertThat(inst.get(0).values[i]).as(ctxMsg).isEqualTo(vs[latest]);
        } else {
          assertThat(inst.isEmpty() || !inst.get(0).has(i)).as(ctxMsg).isTrue();
        }
      }
    }
  }

  /** The evaluator's rate at step i against the function applied to that window alone. */
  private static void checkRate(RangeFunction rate, List<StepSeries> got, int i, long ref,
      long rangeMs, long[] ts, double[] vs, String msg) {
    List<Long> wt = new ArrayList<>();
    List<Double> wf = new ArrayList<>();
    for (int j = 0; j < ts.length; j++) {
      if (ts[j] > ref - rangeMs && ts[j] <= ref && !Samples.isStaleNaN(vs[j])) {
        wt.add(ts[j]);
        wf.add(vs[j]);
      }
    }
    RangeWindow w = new RangeWindow();
    w.t = wt.stream().mapToLong(Long::longValue).toArray();
    w.f = wf.stream().mapToDouble(Double::doubleValue).toArray();
    w.size = w.t.length;
    w.from = 0;
    w.to = w.size;
    w.rangeStart = ref - rangeMs;
    w.rangeEnd = ref;
    w.lookbackDelta = 300_000;
    w.scalarArgs = new double[1];
    w.stringArgs = new String[1];
    w.labels = Labels.of("__name__", "m");
    w.ctx = new EvalContext("q", EngineOptions.DEFAULT, () -> false);
    boolean want = rate.apply(w);
    boolean have = !got.isEmpty() && got.get(0).has(i);
    assertThat(have).as(msg + " rate present").isEqualTo(want);
    if (want) {
      // NaN compared as NaN: Java leaves the payload of an arithmetic NaN unspecified, and the
      // JIT may swap the operands of a commutative operation, so a NaN's bits depend on which
      // code (interpreted or compiled) computed it
      assertThat(bits(got.get(0).values[i])).as(msg + " rate bits").isEqualTo(bits(w.outValue));
    }
  }

  /**
   * A querier whose float iterators copy in bulk, stopping early at random places as stores may
   * (the reference store copies one sample at a time).
   */
  private static Querier bulk(Querier in, long seed) {
    return new IteratorHook(in, s -> new BulkIterator(s.iterator(), new Random(seed)));
  }

  /** Float samples in arrays; readFloats copies up to a random early stop. */
  private static final class BulkIterator extends FloatArrayIterator {
    private final Random r;

    BulkIterator(SampleIterator in, Random r) {
      List<long[]> got = new ArrayList<>();
      for (ValueType vt = in.next(); vt != ValueType.NONE; vt = in.next()) {
        got.add(new long[] {in.atT(), Double.doubleToRawLongBits(in.atV())});
      }
      long[] t = new long[got.size()];
      double[] v = new double[got.size()];
      for (int k = 0; k < t.length; k++) {
        t[k] = got.get(k)[0];
        v[k] = Double.longBitsToDouble(got.get(k)[1]);
      }
      super(t, v);
      this.r = r;
    }

    @Override
    public int readFloats(long maxT, long[] ts, double[] vs, int off, int max) {
      int stop = r.nextInt(4) == 0 ? 1 + r.nextInt(5) : Integer.MAX_VALUE;
      int n = 0;
      while (n < max && n < stop && i < t.length && t[i] <= maxT) {
        ts[off + n] = t[i];
        vs[off + n] = v[i];
        n++;
        i++;
      }
      i -= n > 0 ? 1 : 0;
      return n;
    }
  }

  private static long bits(double v) {
    return Double.isNaN(v) ? Double.doubleToLongBits(Double.NaN) : Double.doubleToRawLongBits(v);
  }
}
