package dev.vigil.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.HttpClientConfig;
import dev.vigil.alerting.config.WebhookConfig;
import dev.vigil.alerting.notify.HttpClients;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.model.Labels;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class WebhookIntegrationTest {
  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final HttpClient base = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      seen.add(ex.getRequestMethod() + " " + path + " auth=" + ex.getRequestHeaders().getFirst("Authorization")
          + " ct=" + ex.getRequestHeaders().getFirst("Content-Type") + " ua=" + ex.getRequestHeaders().getFirst("User-Agent"));
      switch (path) {
        case "/old" -> {
          ex.getResponseHeaders().add("Location", "/new");
          ex.sendResponseHeaders(307, -1);
        }
        case "/bad" -> ex.sendResponseHeaders(422, -1);
        case "/down" -> ex.sendResponseHeaders(502, -1);
        default -> ex.sendResponseHeaders(200, -1);
      }
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String p) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + p;
  }

  private static Notification note() {
    Instant now = Instant.parse("2024-01-01T00:00:00Z");
    return new Notification("r", "{}:{}", Labels.EMPTY,
        List.of(new Alert(Labels.of("alertname", "X"), Map.of(), now, null, "", now, false)), now);
  }

  private WebhookIntegration hook(String url, String urlFile, HttpClientConfig http) {
    return new WebhookIntegration(new WebhookConfig(url, urlFile, true, 0, http), 0, "", HttpClients.forConfig(http, base));
  }

  @Test
  void postsJsonWithAuthAndFollowsRedirects() throws Exception {
    HttpClientConfig basic = new HttpClientConfig("u", "p", null, null, false, true, null);
    hook(url("/old"), null, basic).notify(note());
    assertThat(seen).containsExactly(
        "POST /old auth=Basic dTpw ct=application/json ua=Alertmanager/0.25.0",
        "POST /new auth=Basic dTpw ct=application/json ua=Alertmanager/0.25.0");
  }

  @Test
  void redirectsCanBeRefused() {
    HttpClientConfig noRedirects = new HttpClientConfig(null, null, null, null, false, false, null);
    assertThatThrownBy(() -> hook(url("/old"), null, noRedirects).notify(note()))
        .isInstanceOf(NotifyException.class).hasMessageContaining("unexpected status code 307")
        .matches(e -> !((NotifyException) e).retryable());
  }

  @Test
  void statusCodesDecideRetries() throws Exception {
    HttpClientConfig bearer = new HttpClientConfig(null, null, "Bearer", "tok", false, true, null);
    assertThatThrownBy(() -> hook(url("/bad"), null, bearer).notify(note()))
        .matches(e -> !((NotifyException) e).retryable());
    assertThatThrownBy(() -> hook(url("/down"), null, bearer).notify(note()))
        .matches(e -> ((NotifyException) e).retryable()).hasMessageContaining("502");
    assertThat(seen.get(0)).contains("auth=Bearer tok");
    Path f = dir.resolve("url");
    Files.writeString(f, url("/fromfile") + "\n");
    hook(null, f.toString(), HttpClientConfig.DEFAULT).notify(note());
    assertThat(seen.get(2)).startsWith("POST /fromfile");
    assertThatThrownBy(() -> hook("http://127.0.0.1:1/x", null, HttpClientConfig.DEFAULT).notify(note()))
        .matches(e -> ((NotifyException) e).retryable());
  }
}
