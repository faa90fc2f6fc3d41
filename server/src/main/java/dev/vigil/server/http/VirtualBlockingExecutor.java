package dev.vigil.server.http;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server's blocking-task executor: every task on its own virtual thread. Why: Armeria's
 * default is a pool of 200 platform threads whose core threads are all started as soon as 200
 * tasks have ever been submitted, and under steady remote-write traffic they were: 200 stacks,
 * thread-local allocation buffers and malloc arenas, about 25 MiB of resident memory for four
 * concurrent writers. Virtual threads cost a few hundred bytes of heap while parked (a commit
 * waiting for the WAL's fsync) and none when idle.
 *
 * <p>Delayed and periodic tasks, which Armeria's blocking executor rarely gets, run on one small
 * platform scheduler thread. Thread-safe.
 */
final class VirtualBlockingExecutor extends AbstractExecutorService
    implements ScheduledExecutorService {
  private final ExecutorService tasks =
      // unnamed: naming each request's thread showed up in the event loop's profile
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
      Thread.ofPlatform().daemon().name("vigil-blocking-timer").factory());

  VirtualBlockingExecutor() {
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public void execute(Runnable command) {
    tasks.execute(command);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return timer.schedule(command, delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return timer.schedule(callable, delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
      TimeUnit unit) {
    return timer.scheduleAtFixedRate(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
      TimeUnit unit) {
    return timer.scheduleWithFixedDelay(command, initialDelay, delay, unit);
  }

  @Override
  public void shutdown() {
    timer.shutdown();
    tasks.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> left = new java.util.ArrayList<>(timer.shutdownNow());
    left.addAll(tasks.shutdownNow());
    return left;
  }

  @Override
  public boolean isShutdown() {
    return tasks.isShutdown() && timer.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return tasks.isTerminated() && timer.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    if (!timer.awaitTermination(timeout, unit)) {
      return false;
    }
    return tasks.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }
}
