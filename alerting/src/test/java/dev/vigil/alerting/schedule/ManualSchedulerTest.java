package dev.vigil.alerting.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
  @Test
  void runsDueTasksInOrderAtTheirTime() {
    ManualScheduler s = new ManualScheduler(Instant.EPOCH);
    List<String> ran = new ArrayList<>();
    s.schedule(() -> ran.add("b@" + s.now().toEpochMilli()), 20);
    s.schedule(() -> ran.add("a@" + s.now().toEpochMilli()), 10);
    s.schedule(() -> ran.add("a2@" + s.now().toEpochMilli()), 10);
    Scheduler.Cancellable c = s.schedule(() -> ran.add("never"), 15);
    s.schedule(() -> s.schedule(() -> ran.add("nested@" + s.now().toEpochMilli()), 5), 12);
    c.cancel();
    s.advance(19);
    assertThat(ran).containsExactly("a@10", "a2@10", "nested@17");
    assertThat(s.now().toEpochMilli()).isEqualTo(19);
    s.advance(1);
    assertThat(ran).endsWith("b@20");
  }
}
