package dev.vigil.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertStoreTest {
  private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
  private static final long TIMEOUT = 300_000;

  private static Alert posted(Instant start, Instant end, String summary) {
    return new Alert(Labels.of("alertname", "X"), Map.of("summary", summary), start, end, "", null, false);
  }

  @Test
  void normalizeDefaultsTimesLikeTheApi() {
    Alert a = AlertStore.normalize(posted(null, null, "s"), T, TIMEOUT);
    assertThat(a.startsAt()).isEqualTo(T);
    assertThat(a.endsAt()).isEqualTo(T.plusMillis(TIMEOUT));
    assertThat(a.timeout()).isTrue();
    assertThat(a.updatedAt()).isEqualTo(T);
    Alert b = AlertStore.normalize(posted(null, T.minusSeconds(5), "s"), T, TIMEOUT);
    assertThat(b.startsAt()).isEqualTo(T.minusSeconds(5));
    assertThat(b.timeout()).isFalse();
    assertThatThrownBy(() -> AlertStore.normalize(posted(T.plusMillis(TIMEOUT + 1000), null, "s"), T, TIMEOUT))
        .hasMessage("start time must be before end time");
    assertThatThrownBy(() -> AlertStore.normalize(
        new Alert(Labels.of("bad-name", "x"), Map.of(), null, null, "", null, false), T, TIMEOUT))
        .hasMessage("invalid label set: invalid name \"bad-name\"");
  }

  @Test
  void updatesMergeKeepingTheEarliestStartAndLatestAnnotations() {
    AlertStore store = new AlertStore();
    List<Alert> seen = new ArrayList<>();
    store.subscribe(seen::add);
    store.put(List.of(AlertStore.normalize(posted(T, null, "one"), T, TIMEOUT)), T);
    Instant t1 = T.plusSeconds(60);
    store.put(List.of(AlertStore.normalize(posted(t1, null, "two"), t1, TIMEOUT)), t1);
    Alert merged = store.list().get(0);
    assertThat(merged.startsAt()).isEqualTo(T);
    assertThat(merged.annotations()).containsEntry("summary", "two");
    assertThat(merged.endsAt()).isEqualTo(t1.plusMillis(TIMEOUT));
    assertThat(seen).hasSize(2);
    // Resolving: an explicit end inside the stored range wins.
    Instant t2 = T.plusSeconds(120);
    store.put(List.of(AlertStore.normalize(posted(T, t2, "three"), t2, TIMEOUT)), t2);
    assertThat(store.list().get(0).endsAt()).isEqualTo(t2);
    assertThat(store.gc(t2.minusMillis(1))).isEmpty();
    assertThat(store.gc(t2)).hasSize(1);
    assertThat(store.size()).isZero();
  }

  @Test
  void notificationOrderIsJobInstanceThenLabels() {
    Alert a = new Alert(Labels.of("alertname", "A", "job", "b"), Map.of(), T, null, "", T, false);
    Alert b = new Alert(Labels.of("alertname", "A", "job", "a", "instance", "2"), Map.of(), T, null, "", T, false);
    Alert c = new Alert(Labels.of("alertname", "A", "job", "a", "instance", "1"), Map.of(), T, null, "", T, false);
    Alert d = new Alert(Labels.of("alertname", "Z"), Map.of(), T, null, "", T, false);
    Alert e = new Alert(Labels.of("alertname", "B", "x", "1"), Map.of(), T, null, "", T, false);
    List<Alert> l = new ArrayList<>(List.of(d, e, a, b, c));
    l.sort(AlertOrder.NOTIFICATION);
    assertThat(l).containsExactly(c, b, a, d, e);
  }
}
