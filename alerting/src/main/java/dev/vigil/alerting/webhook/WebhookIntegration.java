package dev.vigil.alerting.webhook;

import dev.vigil.alerting.config.WebhookConfig;
import dev.vigil.alerting.notify.Integration;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotifyException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Sends notifications to a webhook: HTTP POST of the version-4 JSON payload with the JDK
 * HttpClient. 2xx is success, 5xx (and I/O errors) are retried by the pipeline, anything else
 * fails for good, as Alertmanager's webhook notifier decides. Thread-safe.
 */
public final class WebhookIntegration implements Integration {
  static final String USER_AGENT = "Alertmanager/0.25.0";

  private final WebhookConfig config;
  private final int index;
  private final String externalUrl;
  private final HttpClient client;

  public WebhookIntegration(WebhookConfig config, int index, String externalUrl, HttpClient client) {
    this.config = config;
    this.index = index;
    this.externalUrl = externalUrl;
    this.client = client;
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public boolean sendResolved() {
    return config.sendResolved();
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    String url = url();
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
        .timeout(n.timeLeft(Duration.ofMinutes(1)))
        .header("Content-Type", "application/json")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(WebhookMessage.json(n, externalUrl, config.maxAlerts())));
    String auth = config.httpConfig().authorizationHeader();
    if (auth != null) {
      req.header("Authorization", auth);
    }
    HttpResponse<String> resp;
    try {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new NotifyException("Post \"" + redact(url) + "\": " + e.getMessage(), true, e);
    }
    int code = resp.statusCode();
    if (code / 100 == 2) {
      return;
    }
    String body = resp.body() == null ? "" : resp.body();
    if (body.length() > 1024) {
      body = body.substring(0, 1024);
    }
    throw new NotifyException("unexpected status code " + code + ": " + redact(url)
        + (body.isEmpty() ? "" : ": " + body), code / 100 == 5);
  }

  private String url() throws NotifyException {
    if (config.url() != null) {
      return config.url();
    }
    try {
      return Files.readString(Path.of(config.urlFile())).strip();
    } catch (IOException e) {
      throw new NotifyException("unable to read URL from file " + config.urlFile() + ": " + e.getMessage(), false, e);
    }
  }

  /** Webhook URLs often embed tokens; errors show only scheme, host and path. */
  private static String redact(String url) {
    try {
      URI u = URI.create(url);
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
    } catch (Exception e) {
      return "<redacted>";
    }
  }
}
