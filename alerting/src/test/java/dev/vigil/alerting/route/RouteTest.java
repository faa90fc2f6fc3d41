package dev.vigil.alerting.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.model.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final String CONFIG = """
      route:
        receiver: default
        group_by: [alertname]
        group_wait: 10s
        routes:
        - matchers: ['owner="team-A"']
          receiver: team-A
          group_by: [...]
          routes:
          - matchers: ['env="prod"']
            receiver: team-A-prod
            group_wait: 1m
        - match: {owner: team-B}
          receiver: team-B
          continue: true
          repeat_interval: 1h
        - match_re: {owner: 'team-.*'}
          receiver: team-any
          group_by: [owner, alertname]
          routes:
          - matchers: [x=y]
            group_by: []
      receivers:
      - name: default
      - name: team-A
      - name: team-A-prod
      - name: team-B
      - name: team-any
      """;

  private final Route root = Route.tree(AlertmanagerConfig.parse(CONFIG).route());

  private List<String> receivers(String... labels) {
    return root.match(Labels.of(labels)).stream().map(r -> r.options().receiver()).toList();
  }

  @Test
  void matchesDepthFirstWithContinue() {
    assertThat(receivers("alertname", "x")).containsExactly("default");
    assertThat(receivers("owner", "team-A")).containsExactly("team-A");
    assertThat(receivers("owner", "team-A", "env", "prod")).containsExactly("team-A-prod");
    assertThat(receivers("owner", "team-B")).containsExactly("team-B", "team-any");
    assertThat(receivers("owner", "team-C")).containsExactly("team-any");
  }

  @Test
  void keysAndIdsAreAlertmanagers() {
    assertThat(root.key()).isEqualTo("{}");
    assertThat(root.id()).isEqualTo("{}");
    Route prod = root.children().get(0).children().get(0);
    assertThat(prod.key()).isEqualTo("{}/{owner=\"team-A\"}/{env=\"prod\"}");
    assertThat(prod.id()).isEqualTo("{}/{owner=\"team-A\"}/{env=\"prod\"}/0");
    assertThat(root.children().get(2).id()).isEqualTo("{}/{owner=~\"team-.*\"}/2");
  }

  @Test
  void optionsAreInherited() {
    Route a = root.children().get(0);
    Route prod = a.children().get(0);
    assertThat(a.options().groupByAll()).isTrue();
    assertThat(prod.options().groupByAll()).isTrue();
    assertThat(prod.options().groupWaitMs()).isEqualTo(60_000);
    assertThat(a.options().groupWaitMs()).isEqualTo(10_000);
    assertThat(a.options().groupIntervalMs()).isEqualTo(300_000);
    Route b = root.children().get(1);
    assertThat(b.options().groupBy()).containsExactly("alertname");
    assertThat(b.options().repeatIntervalMs()).isEqualTo(3_600_000);
    Route any = root.children().get(2);
    assertThat(any.options().groupBy()).containsExactlyInAnyOrder("owner", "alertname");
    assertThat(any.options().groupByAll()).isFalse();
    // An empty group_by inherits, as Alertmanager's decoding leaves it unset.
    assertThat(any.children().get(0).options().groupBy()).containsExactlyInAnyOrder("owner", "alertname");
  }

  @Test
  void groupLabels() {
    Labels alert = Labels.of("alertname", "X", "owner", "team-C", "instance", "i1");
    assertThat(root.children().get(2).groupLabels(alert)).isEqualTo(Labels.of("alertname", "X", "owner", "team-C"));
    assertThat(root.children().get(0).groupLabels(alert)).isEqualTo(alert);
    assertThat(root.groupLabels(Labels.of("instance", "i"))).isEqualTo(Labels.EMPTY);
  }
}
