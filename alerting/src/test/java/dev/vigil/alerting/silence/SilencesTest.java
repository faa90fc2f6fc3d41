package dev.vigil.alerting.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerting.matcher.MatcherParser;
import dev.vigil.model.Labels;
import dev.vigil.model.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilencesTest {
  @TempDir Path dir;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-01T00:00:00Z"));

  private Silences store(Path file) {
    return new Silences(now::get, Duration.ofHours(120).toMillis(), file);
  }

  private Silence sil(String matchers, Duration startIn, Duration endIn) {
    return Silence.of(MatcherParser.parseList(matchers), now.get().plus(startIn), now.get().plus(endIn), "me", "why");
  }

  private void advance(Duration d) {
    now.set(now.get().plus(d));
  }

  @Test
  void createMatchExpire() {
    Silences s = store(null);
    String id = s.set(sil("alertname=X,instance=~\"a.*\"", Duration.ZERO, Duration.ofHours(1)));
    assertThat(id).matches("[0-9a-f-]{36}");
    assertThat(s.mutedBy(Labels.of("alertname", "X", "instance", "ab"), now.get())).containsExactly(id);
    assertThat(s.mutedBy(Labels.of("alertname", "X", "instance", "b"), now.get())).isEmpty();
    assertThat(s.get(id).state(now.get())).isEqualTo(SilenceState.ACTIVE);
    advance(Duration.ofMinutes(1));
    s.expire(id);
    assertThat(s.get(id).state(now.get().plusNanos(1))).isEqualTo(SilenceState.EXPIRED);
    assertThat(s.get(id).endsAt()).isEqualTo(now.get());
    advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> s.expire(id)).hasMessage("silence " + id + " already expired");
    assertThatThrownBy(() -> s.expire("nope")).isInstanceOf(SilenceException.class)
        .matches(e -> ((SilenceException) e).notFound());
  }

  @Test
  void negativeMatchers() {
    Silences s = store(null);
    String id = s.set(sil("alertname=X,env!=prod,team!~\"a|b\"", Duration.ZERO, Duration.ofHours(1)));
    assertThat(s.mutedBy(Labels.of("alertname", "X", "env", "dev", "team", "c"), now.get())).containsExactly(id);
    assertThat(s.mutedBy(Labels.of("alertname", "X", "env", "prod"), now.get())).isEmpty();
    assertThat(s.mutedBy(Labels.of("alertname", "X", "team", "a"), now.get())).isEmpty();
  }

  @Test
  void pendingSilencesStartLater() {
    Silences s = store(null);
    String id = s.set(sil("a=b", Duration.ofMinutes(10), Duration.ofHours(1)));
    assertThat(s.get(id).state(now.get())).isEqualTo(SilenceState.PENDING);
    assertThat(s.mutedBy(Labels.of("a", "b"), now.get())).isEmpty();
    advance(Duration.ofMinutes(10));
    assertThat(s.mutedBy(Labels.of("a", "b"), now.get())).containsExactly(id);
    // Expiring a pending silence sets both ends to now.
    String p = s.set(sil("a=c", Duration.ofMinutes(10), Duration.ofHours(1)));
    s.expire(p);
    assertThat(s.get(p).startsAt()).isEqualTo(now.get());
    assertThat(s.get(p).endsAt()).isEqualTo(now.get());
  }

  @Test
  void updateInPlaceOrReplace() {
    Silences s = store(null);
    Silence orig = s.get(s.set(sil("a=b", Duration.ZERO, Duration.ofHours(1))));
    advance(Duration.ofMinutes(5));
    // Same matchers and start, later end: updated in place.
    Silence longer = new Silence(orig.id(), orig.matchers(), orig.startsAt(), orig.endsAt().plusSeconds(3600), null, "me", "longer");
    assertThat(s.set(longer)).isEqualTo(orig.id());
    assertThat(s.get(orig.id()).comment()).isEqualTo("longer");
    // Changed matchers: the old one is expired and a new id is returned.
    Silence changed = new Silence(orig.id(), MatcherParser.parseList("a=c"), orig.startsAt(), orig.endsAt(), null, "me", "x");
    String newId = s.set(changed);
    assertThat(newId).isNotEqualTo(orig.id());
    assertThat(s.get(orig.id()).state(now.get().plusNanos(1))).isEqualTo(SilenceState.EXPIRED);
    assertThat(s.get(newId).startsAt()).isEqualTo(now.get()); // a start in the past becomes now
    assertThatThrownBy(() -> s.set(new Silence("missing", orig.matchers(), now.get(), now.get().plusSeconds(1), null, "", "")))
        .hasMessage("silence not found");
  }

  @Test
  void validation() {
    Silences s = store(null);
    assertThatThrownBy(() -> s.set(sil("a=\"\"", Duration.ZERO, Duration.ofHours(1))))
        .hasMessage("at least one matcher must not match the empty string");
    assertThatThrownBy(() -> s.set(sil("a=~\".*\",b=\"\"", Duration.ZERO, Duration.ofHours(1))))
        .hasMessage("at least one matcher must not match the empty string");
    assertThatThrownBy(() -> s.set(sil("a=b", Duration.ofHours(2), Duration.ofHours(1))))
        .hasMessage("end time must not be before start time");
    assertThatThrownBy(() -> s.set(Silence.of(java.util.List.of(), now.get(), now.get(), "", "")))
        .hasMessage("at least one matcher required");
  }

  @Test
  void expiredSilencesAreKeptForTheRetention() {
    Silences s = store(null);
    String id = s.set(sil("a=b", Duration.ZERO, Duration.ofHours(1)));
    advance(Duration.ofHours(1).plus(Duration.ofHours(120)));
    assertThat(s.gc()).isZero();
    assertThat(s.get(id)).isNotNull();
    advance(Duration.ofSeconds(1));
    assertThat(s.gc()).isEqualTo(1);
    assertThat(s.get(id)).isNull();
  }

  @Test
  void snapshotRoundTripAndCorruption() throws Exception {
    Path f = dir.resolve("silences");
    Silences s = store(f);
    String a = s.set(sil("a=b,c=~\"x|y\"", Duration.ZERO, Duration.ofHours(1)));
    String b = s.set(sil("d!~\"z\",e=f", Duration.ofMinutes(5), Duration.ofHours(2)));
    s.snapshot();
    Silences back = store(f);
    assertThat(back.get(a)).isEqualTo(s.get(a));
    assertThat(back.get(b)).isEqualTo(s.get(b));
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length / 2] ^= 1;
    Files.write(f, bytes);
    assertThatThrownBy(() -> store(f)).isInstanceOf(StorageException.class).hasMessageContaining("checksum mismatch");
    Files.write(f, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> store(f)).isInstanceOf(StorageException.class).hasMessageContaining("shorter");
  }
}
