package dev.vigil.server.lifecycle;

/**
 * How many platform threads carry Vigil's virtual threads, on which every remote-write, OTLP and
 * push body is decoded and appended and every query request is evaluated: half the processors the
 * JVM may use, at least one, unless the operator sets {@value #PROPERTY} ({@code -D...} in
 * {@code VIGIL_JAVA_OPTS}).
 *
 * <p>Why not the JDK's default of one carrier per processor: the rest of the process has threads
 * of its own that run beside the carriers (the HTTP event loops, the JIT compilers, the garbage
 * collector, the query workers, compaction), and the processors a cloud machine reports are
 * usually hyperthreads, two per physical core. Two carriers busy on the two threads of one core
 * each run at a fraction of its speed, so the same work costs more CPU time, and ingest does not
 * finish sooner. On the 2-processor benchmark machine one carrier instead of two cut the CPU of
 * {@code ./bench/run-ingest} by about 10 % (carriers 3.5-3.7 instead of 3.8-4.4 CPU-s, C2 less
 * disturbed). The price is the peak: one carrier decodes at most one processor's worth, about
 * 3.0M samples per wall-second there against 3.25M with two, far above what a 2-processor
 * server is sent. A query's own fan-out runs on its query workers (platform threads), which this does not
 * limit; blocking file I/O on a virtual thread (an fsync) makes the JDK add a carrier for the
 * time it blocks, so concurrent writers still share one fsync. The JDK never preempts a virtual
 * thread, so a query (or rule group) evaluating for seconds gives its carrier up every few
 * milliseconds ({@code EvalContext.checkCancelled}): writes queued behind it still go in.
 */
public final class CarrierThreads {
  /** The JDK's system property for the virtual-thread scheduler's parallelism. */
  public static final String PROPERTY = "jdk.virtualThreadScheduler.parallelism";

  private CarrierThreads() {}

  /** The carriers for a JVM that may use {@code processors} processors. */
  public static int forProcessors(int processors) {
    return Math.max(1, processors / 2);
  }

  /**
   * Sets the carrier count unless the operator has. Takes effect only before the first virtual
   * thread starts (the JDK reads it once), so the entry points call it first.
   */
  public static void size() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY,
          Integer.toString(forProcessors(Runtime.getRuntime().availableProcessors())));
    }
  }
}
