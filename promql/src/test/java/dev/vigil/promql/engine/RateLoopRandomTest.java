package dev.vigil.promql.engine;

import static dev.vigil.promql.engine.Ast.range;
import static dev.vigil.promql.engine.Ast.sel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Appender;
import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.model.Labels;
import dev.vigil.model.Querier;
import dev.vigil.model.Samples;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.functions.RangeFunction;
import dev.vigil.promql.functions.RangeFunctions;
import dev.vigil.testkit.MemoryStorage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RateLoop} (taken when the call's function is a registered one without modifiers or
 * scalar arguments: rate/increase/delta through their kernel, the others through the function;
 * its one-step form {@link RateLoop#instant} on a grid of one step) against
 * the shared window loop (taken when the same function comes wrapped), over random series with
 * counter resets, NaNs, stale markers, histograms mixed in now and then, start timestamps, a
 * metric name that is not a counter's and tight sample limits: the same values bit for bit, the
 * same annotations in the same order, the same statistics and the same failures.
 */
@Timeout(60)
class RateLoopRandomTest {
  @Test
  void rateLoopMatchesSharedLoop() {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("RateLoopRandomTest seed " + seed + " (replay with -Dvigil.seed=" + seed + ")");
    Random r = new Random(seed);
    for (int round = 0; round < 300; round++) {
      String msg = "seed " + seed + " round " + round;
      MemoryStorage store = new MemoryStorage();
      Appender a = store.appender();
      String name = r.nextBoolean() ? "m_total" : "gauge";
      int nseries = 1 + r.nextInt(4);
      boolean withSt = r.nextInt(4) == 0;
      for (int s = 0; s < nseries; s++) {
        Labels l = Labels.of("__name__", name, "s", Integer.toString(s));
        int n = r.nextInt(400);
        long t = r.nextInt(5000);
        double v = r.nextInt(100);
        int mixing = r.nextInt(6); // 0..4: floats only; 5: histograms now and then
        for (int i = 0; i < n; i++) {
          t += 1 + r.nextInt(r.nextBoolean() ? 2000 : 30_000);
          int kind = r.nextInt(40);
          if (mixing == 5 && kind == 0) {
            double c = r.nextInt(50);
            a.appendHistogram(0, l, t, new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0.001, 0,
                c, c, new int[] {0, 1}, new double[] {c}, new int[0], new double[0], null));
            continue;
          }
          v = kind == 1 ? 0 // a counter reset
              : kind == 2 ? Samples.STALE_NAN
              : kind == 3 ? Double.NaN
              : v + r.nextInt(30) / 4.0;
          if (withSt && r.nextInt(3) == 0) {
            a.appendWithStartTimestamp(0, l, t, t - r.nextInt(90_000), v);
          } else {
            a.append(0, l, t, v);
          }
        }
      }
      a.commit();
      long rangeMs = 1 + r.nextInt(r.nextBoolean() ? 120_000 : 600_000);
      long step = 1 + r.nextInt(r.nextBoolean() ? 10_000 : 300_000);
      long offset = r.nextInt(3) == 0 ? r.nextInt(60_000) - 30_000 : 0;
      long start = r.nextInt(100_000) - 20_000;
      // one round in three a single step: RateLoop.instant
      long end = start + step * (r.nextInt(3) == 0 ? 0 : r.nextInt(300));
      StepGrid g = new StepGrid(start, end, step);
      EngineOptions opts = EngineOptions.DEFAULT.withStartTimestamps(withSt);
      if (r.nextInt(5) == 0) {
        opts = opts.withMaxSamples(1 + r.nextInt(400));
      }
      // the rate kernels; one round in three another function without scalar arguments, which
      // takes RateLoop through the function itself
      List<String> funcs = r.nextInt(3) > 0 ? List.of("rate", "increase", "delta")
          : List.of("avg_over_time", "max_over_time", "min_over_time", "sum_over_time",
              "count_over_time", "last_over_time", "stddev_over_time", "changes", "resets",
              "irate", "idelta", "deriv", "present_over_time", "first_over_time");
      String func = funcs.get(r.nextInt(funcs.size()));
      RangeFunction registered = RangeFunctions.get(func);
      RangeFunction wrapped = registered::apply; // not the registered one: the shared loop
      Querier querier = store.querier(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
      Expr arg = range(sel(name, offset, null), rangeMs);
      boolean perStep = r.nextBoolean();
      Outcome fast = run(opts, querier, func, arg, registered, g, perStep);
      Outcome shared = run(opts, querier, func, arg, wrapped, g, perStep);
      assertThat(fast.failure).as(msg + " failure").isEqualTo(shared.failure);
      assertThat(fast.text).as(msg + " " + func + " values").isEqualTo(shared.text);
      assertThat(fast.stats).as(msg + " stats").isEqualTo(shared.stats);
    }
  }

  private record Outcome(String failure, String text, String stats) {}

  private static Outcome run(EngineOptions opts, Querier querier, String func, Expr arg,
      RangeFunction fn, StepGrid g, boolean perStep) {
    EvalContext ctx = new EvalContext("q", opts, () -> false);
    if (perStep) {
      ctx.enablePerStepStats(g.count());
    }
    Evaluator ev = new Evaluator(ctx, () -> querier, 300_000);
    StringBuilder text = new StringBuilder();
    String failure = null;
    try {
      List<StepSeries> out = ev.ranges.call(Ast.call(func, ValueKind.VECTOR, arg), 0, fn, g,
          true);
      for (StepSeries s : out) {
        text.append(s.labels).append(s.dropName).append(':');
        for (int i = 0; i < g.count(); i++) {
          if (s.isHistogram(i)) {
            text.append(' ').append(i).append('=').append(render(s.histograms[i]));
          } else if (s.has(i)) {
            // any NaN as NaN: Java leaves an arithmetic NaN's payload unspecified and the JIT may
            // swap a commutative operation's operands (the data has NaNs of two payloads)
            text.append(' ').append(i).append('=').append(Double.isNaN(s.values[i]) ? "NaN"
                : Long.toHexString(Double.doubleToRawLongBits(s.values[i])));
          }
        }
        text.append('\n');
      }
    } catch (PromqlException e) {
      failure = e.getMessage();
    }
    text.append(ctx.annotations().warnings()).append(ctx.annotations().infos());
    String stats = ctx.currentSamples() + " " + ctx.peakSamples() + " "
        + ctx.totalQueryableSamples() + " " + ctx.slots()
        + (perStep ? " " + java.util.Arrays.toString(ctx.perStepSamples()) : "");
    return new Outcome(failure, text.toString(), stats);
  }

  /** The histogram's values, arrays included (a record's toString prints arrays by identity). */
  private static String render(dev.vigil.model.FloatHistogram h) {
    return h.counterResetHint() + " " + h.schema() + " " + h.zeroThreshold() + " " + h.zeroCount()
        + " " + h.count() + " " + h.sum() + " " + java.util.Arrays.toString(h.positiveSpans())
        + java.util.Arrays.toString(h.positiveBuckets()) + java.util.Arrays.toString(h.negativeSpans())
        + java.util.Arrays.toString(h.negativeBuckets()) + java.util.Arrays.toString(h.customValues());
  }
}
