package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.ingest.remotewrite.WriteRequestEncoder;
import dev.vigil.model.Labels;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' scenario end to end (issue 4, "Proof"): request counters remote-written to a real
 * Vigil drive an error-rate alerting rule with {@code for}, whose alert goes pending then firing,
 * is routed by severity to a webhook and an email receiver with its {@code humanizePercentage}
 * summary, resolves when the errors stop, and leaves its trail in {@code /api/v2/history}.
 * Durations are shortened (1s evaluation, 5s rate window, {@code for: 10s}) so it runs in about
 * half a minute; every wait is bounded polling.
 */
@Timeout(150)
class ErrorRateScenarioTest {
  /** checkout's 200 and 500 counters grow 7 and 1 per second while failing: 1/8 = 12.5%. */
  private static final String SUMMARY = "error rate 12.5% on checkout";

  @TempDir Path dir;

  private enum Phase { HEALTHY, FAILING, RECOVERED }

  @Test
  void highErrorRatePagesByWebhookAndEmailThenResolves() throws Exception {
    List<String> page = new CopyOnWriteArrayList<>();
    List<String> ticket = new CopyOnWriteArrayList<>();
    HttpServer hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hooks.createContext("/page", ex -> record(ex, page));
    hooks.createContext("/ticket", ex -> record(ex, ticket));
    hooks.start();
    AtomicReference<Phase> phase = new AtomicReference<>(Phase.HEALTHY);
    List<String> writeErrors = new CopyOnWriteArrayList<>();
    try (SmtpSink smtp = new SmtpSink()) {
      Path amCfg = dir.resolve("alertmanager.yml");
      Files.writeString(amCfg, """
          route:
            receiver: tickets
            group_by: [alertname, service, severity]
            group_wait: 1s
            group_interval: 1s
            repeat_interval: 1h
            routes:
              - matchers: ['severity="page"']
                receiver: pager
          receivers:
            - name: pager
              webhook_configs:
                - url: http://127.0.0.1:%1$d/page
              email_configs:
                - to: oncall@shop.test
                  from: vigil@shop.test
                  smarthost: 127.0.0.1:%2$d
                  require_tls: false
                  send_resolved: true
            - name: tickets
              webhook_configs:
                - url: http://127.0.0.1:%1$d/ticket
          """.formatted(hooks.getAddress().getPort(), smtp.port()));
      String ratio = "sum by (service) (rate(http_requests_total{code=~\"5..\"}[5s]))"
          + " / sum by (service) (rate(http_requests_total[5s]))";
      Files.writeString(dir.resolve("rules.yml"), """
          groups:
            - name: shop
              interval: 1s
              rules:
                - alert: HighErrorRate
                  expr: %1$s > 0.05
                  for: 10s
                  labels:
                    severity: page
                  annotations:
                    summary: "error rate {{ $value | humanizePercentage }} on {{ $labels.service }}"
                - alert: HighErrorRate
                  expr: %1$s > 0.01
                  for: 10s
                  labels:
                    severity: ticket
                  annotations:
                    summary: "error rate {{ $value | humanizePercentage }} on {{ $labels.service }}"
          """.formatted(ratio));
      String vigilCfg = """
          global:
            scrape_interval: 1m
            evaluation_interval: 1s
          rule_files: [%s]
          """.formatted(dir.resolve("rules.yml"));
      try (AmVigil vigil = AmVigil.start(dir.resolve("data"), amCfg, vigilCfg)) {
        URI write = URI.create(vigil.base() + "/api/v1/write");
        Thread writer = Thread.ofVirtual().start(() -> writeLoop(write, phase, writeErrors));
        try {
          scenario(vigil, smtp, page, ticket, phase, ratio, writeErrors);
        } finally {
          phase.set(null); // the writer stops before the server does
          writer.join(10_000);
        }
      }
    } finally {
      hooks.stop(0);
    }
  }

  private static void scenario(AmVigil vigil, SmtpSink smtp, List<String> page,
      List<String> ticket, AtomicReference<Phase> phase, String ratio, List<String> writeErrors)
      throws Exception {
    // healthy: the ratio is computed (0 for checkout) and a later evaluation raises nothing
    waitFor(() -> query(vigil, ratio).contains("\"checkout\""), "the ratio over written data",
        writeErrors);
    Instant seen = Instant.now();
    waitFor(() -> lastEvaluation(vigil).isAfter(seen), "an evaluation after data", writeErrors);
    assertThat(alerts(vigil)).isEmpty();
    assertThat(page).isEmpty();

    // failing: pending first (nothing sent), then firing after `for`
    phase.set(Phase.FAILING);
    waitFor(() -> states(vigil, "page").contains("pending"), "the page alert pending",
        writeErrors);
    assertThat(page).isEmpty();
    assertThat(smtp.messages()).isEmpty();
    waitFor(() -> states(vigil, "page").contains("firing"), "the page alert firing",
        writeErrors);
    JsonNode firing = alert(vigil, "page");
    assertThat(firing.get("labels").toString()).isEqualTo(
        "{\"alertname\":\"HighErrorRate\",\"service\":\"checkout\",\"severity\":\"page\"}");
    assertThat(firing.get("annotations").get("summary").asText()).isEqualTo(SUMMARY);

    waitFor(() -> !page.isEmpty(), "the firing webhook notification", writeErrors);
    JsonNode hook = AmVigil.JSON.readTree(page.getFirst());
    assertThat(hook.get("version").asText()).isEqualTo("4");
    assertThat(hook.get("status").asText()).isEqualTo("firing");
    assertThat(hook.get("receiver").asText()).isEqualTo("pager");
    assertThat(hook.get("alerts")).hasSize(1);
    JsonNode hookAlert = hook.get("alerts").get(0);
    assertThat(hookAlert.get("labels").get("severity").asText()).isEqualTo("page");
    assertThat(hookAlert.get("labels").get("service").asText()).isEqualTo("checkout");
    assertThat(hookAlert.get("annotations").get("summary").asText()).isEqualTo(SUMMARY);

    waitFor(() -> !smtp.messages().isEmpty(), "the firing email", writeErrors);
    String mail = SmtpSink.unquote(smtp.messages().getFirst());
    assertThat(mail).contains("To: oncall@shop.test", "[FIRING:1] HighErrorRate",
        "checkout", SUMMARY);

    // the lower-severity variant goes to the ticket webhook only
    waitFor(() -> !ticket.isEmpty(), "the ticket webhook notification", writeErrors);
    JsonNode tick = AmVigil.JSON.readTree(ticket.getFirst());
    assertThat(tick.get("receiver").asText()).isEqualTo("tickets");
    assertThat(tick.get("alerts").get(0).get("labels").get("severity").asText())
        .isEqualTo("ticket");
    assertThat(page).noneMatch(b -> b.contains("\"severity\":\"ticket\""));

    // recovered: both receivers of the page get the resolved notification
    phase.set(Phase.RECOVERED);
    waitFor(() -> page.stream().anyMatch(ErrorRateScenarioTest::resolved),
        "the resolved webhook notification", writeErrors);
    waitFor(() -> smtp.messages().stream().anyMatch(m -> m.contains("[RESOLVED]")),
        "the resolved email", writeErrors);
    waitFor(() -> ticket.stream().anyMatch(ErrorRateScenarioTest::resolved),
        "the resolved ticket notification", writeErrors);
    waitFor(() -> alerts(vigil).isEmpty(), "no active alerts", writeErrors);
    JsonNode res = AmVigil.JSON.readTree(
        page.stream().filter(ErrorRateScenarioTest::resolved).findFirst().orElseThrow());
    assertThat(res.get("alerts").get(0).get("status").asText()).isEqualTo("resolved");
    assertThat(res.get("alerts").get(0).get("endsAt").asText()).doesNotStartWith("0001");

    // history: the page alert's firing and resolved changes and its four notifications
    String pageFilter = "filter=" + enc("severity=\"page\"");
    waitFor(() -> history(vigil, pageFilter + "&kind=resolved").size() == 1,
        "the resolved change in the history", writeErrors);
    List<String> kinds = history(vigil, pageFilter + "&kind=firing&kind=resolved")
        .stream().map(e -> e.get("kind").asText()).toList();
    assertThat(kinds).containsExactly("resolved", "firing");
    waitFor(() -> history(vigil, pageFilter + "&kind=notification").size() >= 4,
        "four notifications in the history", writeErrors);
    Set<String> sent = ConcurrentHashMap.newKeySet();
    for (JsonNode n : history(vigil, pageFilter + "&kind=notification")) {
      assertThat(n.get("receiver").get("name").asText()).isEqualTo("pager");
      assertThat(n.get("status").asText()).isEqualTo("success");
      sent.add(n.get("integration").asText() + " "
          + n.get("alerts").get(0).get("status").asText());
    }
    assertThat(sent).containsExactlyInAnyOrder(
        "webhook firing", "webhook resolved", "email firing", "email resolved");
    assertThat(history(vigil, "kind=notification&receiver=tickets"))
        .allMatch(n -> n.get("integration").asText().equals("webhook"))
        .isNotEmpty();
    assertThat(writeErrors).isEmpty();
  }

  /** Every second until the phase is null: checkout and search counters at wall-clock time. */
  private static void writeLoop(URI write, AtomicReference<Phase> phase, List<String> errors) {
    double ok = 0;
    double failed = 0;
    double searchOk = 0;
    WriteRequestEncoder enc = new WriteRequestEncoder();
    Phase p;
    while ((p = phase.get()) != null) {
      if (p == Phase.FAILING) {
        ok += 7;
        failed += 1;
      } else {
        ok += 8;
      }
      searchOk += 5;
      long now = System.currentTimeMillis();
      enc.clear()
          .series(counter("checkout", "200"), now, ok)
          .series(counter("checkout", "500"), now, failed)
          .series(counter("search", "200"), now, searchOk)
          .series(counter("search", "500"), now, 0);
      try {
        AmVigil.Response r = AmVigil.send(HttpRequest.newBuilder(write)
            .header("Content-Type", "application/x-protobuf")
            .header("Content-Encoding", "snappy")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(enc.toBody())));
        if (r.status() != 204) {
          errors.add(r.status() + " " + r.body());
        }
      } catch (RuntimeException e) {
        errors.add(e.toString());
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static Labels counter(String service, String code) {
    return Labels.of("__name__", "http_requests_total", "job", "shop", "service", service,
        "code", code);
  }

  private static void record(com.sun.net.httpserver.HttpExchange ex, List<String> into)
      throws java.io.IOException {
    into.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    ex.sendResponseHeaders(200, -1);
    ex.close();
  }

  private static boolean resolved(String body) {
    return body.contains("\"status\":\"resolved\"");
  }

  private static String query(AmVigil vigil, String expr) {
    return vigil.get("/api/v1/query?query=" + enc(expr)).body();
  }

  private static Instant lastEvaluation(AmVigil vigil) {
    JsonNode g = vigil.get("/api/v1/rules").json().get("data").get("groups").get(0);
    return Instant.parse(g.get("lastEvaluation").asText());
  }

  private static List<JsonNode> alerts(AmVigil vigil) {
    List<JsonNode> out = new ArrayList<>();
    vigil.get("/api/v1/alerts").json().get("data").get("alerts").forEach(out::add);
    return out;
  }

  private static JsonNode alert(AmVigil vigil, String severity) {
    return alerts(vigil).stream()
        .filter(a -> a.get("labels").get("severity").asText().equals(severity))
        .findFirst().orElseThrow();
  }

  private static List<String> states(AmVigil vigil, String severity) {
    return alerts(vigil).stream()
        .filter(a -> a.get("labels").get("severity").asText().equals(severity))
        .map(a -> a.get("state").asText()).toList();
  }

  private static List<JsonNode> history(AmVigil vigil, String params) {
    AmVigil.Response r = vigil.get("/api/v2/history?" + params);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().forEach(out::add);
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Polls every 200ms for up to 45s; a failure names the wait and any write errors. */
  private static void waitFor(BooleanSupplier cond, String what, List<String> writeErrors)
      throws InterruptedException {
    long deadline = System.nanoTime() + 45_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (cond.getAsBoolean()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what + "; write errors: " + writeErrors);
  }
}
