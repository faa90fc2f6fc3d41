package dev.vigil.promql.ast;

/** An {@code @} modifier: a fixed timestamp (ms) or the query's {@code start()}/{@code end()}. */
public record At(Kind kind, long timestamp) {
  public enum Kind {
    TIMESTAMP, START, END
  }

  public static At start() {
    return new At(Kind.START, 0);
  }

  public static At end() {
    return new At(Kind.END, 0);
  }

  public static At at(long timestampMs) {
    return new At(Kind.TIMESTAMP, timestampMs);
  }
}
