package dev.vigil.tsdb.head;

/**
 * How far one commit has logged what it applied: the applies of its pending samples {@code [0,
 * logged)} are in the WAL. A series remembers the ticket (and sample index) of its last apply, so
 * that a commit about to apply to it can tell whether that apply already reached the log; if not,
 * it must wait, since its own samples have to follow in the log (see {@link HeadAppender}).
 *
 * <p>Thread-safe: the owning commit advances it (under the head's commit lock, right after
 * logging); any commit may wait on it.
 */
final class CommitTicket {
  private volatile int logged;

  /** True when the apply at pending-sample {@code index} is in the log (or the commit gave up). */
  boolean covers(int index) {
    return logged > index;
  }

  /** Marks the applies of pending samples {@code [0, to)} as logged and wakes waiters. */
  synchronized void advance(int to) {
    if (to > logged) {
      logged = to;
      notifyAll();
    }
  }

  /**
   * Marks every apply as settled although not logged: the commit failed, and the head refuses all
   * further commits, so nothing waits for it any longer.
   */
  void abandon() {
    advance(Integer.MAX_VALUE);
  }

  /** Waits until {@link #covers covers(index)}. */
  synchronized void await(int index) {
    boolean interrupted = false;
    while (logged <= index) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true; // the commit must not give up half applied: wait on, then re-flag
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
