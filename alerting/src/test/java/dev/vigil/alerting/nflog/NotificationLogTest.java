package dev.vigil.alerting.nflog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationLogTest {
  @TempDir Path dir;

  @Test
  void logQuerySnapshotAndExpiry() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-01T00:00:00.5Z"));
    Path f = dir.resolve("nflog");
    NotificationLog log = new NotificationLog(now::get, 3_600_000, f);
    ReceiverKey r = new ReceiverKey("team", "webhook", 1);
    log.log(r, "{}:{a=\"b\"}", Set.of(1L, -7L), Set.of(3L));
    log.log(new ReceiverKey("team", "webhook", 0), "{}:{a=\"b\"}", Set.of(), Set.of(3L));
    assertThat(log.query("{}:{a=\"b\"}", r).firingAlerts()).containsExactlyInAnyOrder(1L, -7L);
    assertThat(log.query("{}:{a=\"c\"}", r)).isNull();
    log.snapshot();
    NotificationLog back = new NotificationLog(now::get, 3_600_000, f);
    assertThat(back.query("{}:{a=\"b\"}", r)).isEqualTo(log.query("{}:{a=\"b\"}", r));
    assertThat(back.entries()).hasSize(2);
    now.set(now.get().plusSeconds(3600));
    assertThat(back.gc()).isEqualTo(2);
    byte[] b = Files.readAllBytes(f);
    b[6] ^= 0x40;
    Files.write(f, b);
    assertThatThrownBy(() -> new NotificationLog(now::get, 3_600_000, f))
        .isInstanceOf(StorageException.class).hasMessageContaining("checksum mismatch");
  }
}
