package dev.vigil.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.nflog.NflogEntry;
import dev.vigil.alerting.nflog.ReceiverKey;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DedupTest {
  private static final Instant NOW = Instant.parse("2024-01-01T01:00:00Z");
  private static final long REPEAT = 3_600_000;

  private static NflogEntry entry(Set<Long> firing, Set<Long> resolved, Instant at) {
    return new NflogEntry("g", new ReceiverKey("r", "webhook", 0), at, firing, resolved, at.plusSeconds(3600));
  }

  private static void check(NflogEntry e, Set<Long> firing, Set<Long> resolved, boolean sendResolved, boolean want) {
    assertThat(NotificationPipeline.needsUpdate(e, firing, resolved, REPEAT, sendResolved, NOW))
        .as("entry %s firing %s resolved %s sendResolved %s", e, firing, resolved, sendResolved).isEqualTo(want);
  }

  @Test
  void decisions() {
    Instant recent = NOW.minusSeconds(60);
    check(null, Set.of(1L), Set.of(), true, true);
    check(null, Set.of(), Set.of(1L), true, false); // only resolved alerts, never notified
    check(entry(Set.of(1L), Set.of(), recent), Set.of(1L), Set.of(), true, false);
    check(entry(Set.of(1L), Set.of(), recent), Set.of(1L, 2L), Set.of(), true, true); // new firing alert
    check(entry(Set.of(1L, 2L), Set.of(), recent), Set.of(1L), Set.of(2L), true, true); // newly resolved
    check(entry(Set.of(1L, 2L), Set.of(), recent), Set.of(1L), Set.of(2L), false, false); // ... unless not sent
    check(entry(Set.of(1L), Set.of(), recent), Set.of(), Set.of(1L), false, true); // all resolved: always
    check(entry(Set.of(), Set.of(1L), recent), Set.of(), Set.of(1L, 2L), true, false); // nothing fired since
    check(entry(Set.of(1L), Set.of(), NOW.minusMillis(REPEAT)), Set.of(1L), Set.of(), true, false); // not before
    check(entry(Set.of(1L), Set.of(), NOW.minusMillis(REPEAT + 1)), Set.of(1L), Set.of(), true, true); // repeat
  }
}
