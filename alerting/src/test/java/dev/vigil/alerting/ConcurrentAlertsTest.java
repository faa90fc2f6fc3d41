package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.alerting.schedule.SystemScheduler;
import dev.vigil.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Alerts posted from several threads on the wall clock: every group is notified once, completely. */
@Timeout(30)
class ConcurrentAlertsTest {
  @Test
  void manyGroupsFromManyThreads() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("ConcurrentAlertsTest seed " + seed);
    Random random = new Random(seed);
    int groups = 40;
    int perGroup = 5;
    try (WebhookRecorder hook = new WebhookRecorder(); SystemScheduler scheduler = new SystemScheduler()) {
      String yaml = """
          route:
            receiver: w
            group_by: [g]
            group_wait: 3s
            group_interval: 1m
          receivers:
          - name: w
            webhook_configs: [{url: '%s'}]
          """.formatted(hook.url("/w"));
      Alertmanager am = new Alertmanager(AlertmanagerConfig.parse(yaml), AlertmanagerOptions.defaults(null, "", scheduler));
      am.start();
      List<Alert> all = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        for (int i = 0; i < perGroup; i++) {
          all.add(new Alert(Labels.of("alertname", "A", "g", "g" + g, "i", "" + i), Map.of(), null, null, "", null, false));
        }
      }
      java.util.Collections.shuffle(all, random);
      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<Alert> part = all.subList(t * all.size() / 4, (t + 1) * all.size() / 4);
        fs.add(pool.submit(() -> {
          for (Alert a : part) {
            assertThat(am.putAlerts(List.of(a))).isEmpty();
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      long postingMs = (System.nanoTime() - start) / 1_000_000;
      System.out.println("ConcurrentAlertsTest posted " + all.size() + " alerts in " + postingMs + "ms");
      // Every alert must be in before the first group_wait ends, or it rightly waits a group_interval.
      assertThat(postingMs).as("posting took %dms", postingMs).isLessThan(2_500);
      List<WebhookRecorder.Received> got = hook.await(groups, 15_000);
      Thread.sleep(300); // nothing more may arrive
      got = hook.received();
      am.stop();
      assertThat(got).hasSize(groups);
      Map<String, Integer> sizes = new HashMap<>();
      for (WebhookRecorder.Received r : got) {
        JsonNode m = r.json();
        sizes.merge(m.get("groupLabels").get("g").asText(), m.get("alerts").size(), Integer::sum);
      }
      assertThat(sizes).hasSize(groups).allSatisfy((g, n) -> assertThat(n).isEqualTo(perGroup));
    }
  }

  /** A receiver's integrations are notified concurrently: a hanging one does not hold up the other. */
  @Test
  void slowIntegrationDoesNotDelayItsSibling() throws Exception {
    try (WebhookRecorder hook = new WebhookRecorder(); SystemScheduler scheduler = new SystemScheduler();
        java.net.ServerSocket blackhole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            held.add(blackhole.accept()); // accepts, never answers
          }
        } catch (java.io.IOException e) {
          // closed
        }
      });
      String yaml = """
          route:
            receiver: two
            group_wait: 100ms
            group_interval: 10s
          receivers:
          - name: two
            webhook_configs:
            - url: 'http://127.0.0.1:%d/hang'
            - url: '%s'
          """.formatted(blackhole.getLocalPort(), hook.url("/fast"));
      Alertmanager am = new Alertmanager(AlertmanagerConfig.parse(yaml), AlertmanagerOptions.defaults(null, "", scheduler));
      am.start();
      long t0 = System.currentTimeMillis();
      am.putAlerts(List.of(new Alert(Labels.of("alertname", "A"), Map.of(), null, null, "", null, false)));
      List<WebhookRecorder.Received> got = hook.await(1, 5_000);
      assertThat(got).hasSize(1);
      assertThat(got.get(0).atMillis() - t0).isLessThan(3_000);
      am.stop();
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }
}
