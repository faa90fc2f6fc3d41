package dev.vigil.promql.engine;

/**
 * The evaluation timestamps {@code start, start+step, ..., <= end} (ms). An instant query is a
 * grid of one step.
 */
public record StepGrid(long start, long end, long step) {
  public static StepGrid instant(long t) {
    return new StepGrid(t, t, 1);
  }

  public int count() {
    return (int) ((end - start) / step) + 1;
  }

  public long time(int i) {
    return start + i * step;
  }
}
