package dev.vigil.promql.parser;

import java.util.function.Supplier;

/**
 * Runs recursive work over very deep expressions on a thread with a large stack. The parser, type
 * checker and printer recurse once per nesting level (a chain {@code a + b + ... } of n terms is n
 * levels deep); a default 1 MiB stack holds about a thousand levels, which long generated queries
 * exceed. Prometheus (Go, growable stacks) parses them, so Vigil must too. Only long inputs pay for
 * the extra thread; the stack is reserved address space, committed as it is used.
 */
final class DeepStack {
  /** Queries shorter than this cannot nest deeply enough to exhaust a default stack. */
  static final int SHORT_QUERY_CHARS = 1000;
  private static final long STACK_BYTES = 64L << 20;

  private DeepStack() {}

  /** {@code work.get()} on a large-stack thread; its exceptions and errors are rethrown here. */
  static <T> T call(Supplier<T> work) {
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread t = Thread.ofPlatform().name("promql-deep-stack").stackSize(STACK_BYTES).unstarted(() -> {
      try {
        result[0] = work.get();
      } catch (Throwable e) {
        failure[0] = e;
      }
    });
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the work is bounded by the input size: finish it, keep the flag
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
    @SuppressWarnings("unchecked")
    T r = (T) result[0];
    return r;
  }
}
