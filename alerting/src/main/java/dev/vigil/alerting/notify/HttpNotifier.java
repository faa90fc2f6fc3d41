package dev.vigil.alerting.notify;

import dev.vigil.alerting.config.HttpClientConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Posts a notifier's JSON body and judges the answer as Alertmanager's {@code Retrier} does:
 * 2xx succeeds, 5xx and the notifier's extra retry codes (429 for PagerDuty and Opsgenie) are
 * retried, anything else fails for good with {@code unexpected status code N: BODY}. Transport
 * errors are retried. Thread-safe.
 */
public final class HttpNotifier {
  /** The User-Agent Alertmanager 0.25 sends. */
  public static final String USER_AGENT = "Alertmanager/0.25.0";

  private final HttpClient client;
  private final HttpClientConfig config;
  private final Set<Integer> retryCodes;
  private final java.util.function.BiFunction<Integer, String, String> details;

  public HttpNotifier(HttpClient base, HttpClientConfig config, Set<Integer> retryCodes) {
    this(base, config, retryCodes, (status, body) -> body);
  }

  /**
   * @param details turns an error answer's status and body into the text put into the error
   *     message (Alertmanager's CustomDetailsFunc)
   */
  public HttpNotifier(HttpClient base, HttpClientConfig config, Set<Integer> retryCodes,
      java.util.function.BiFunction<Integer, String, String> details) {
    this.config = config;
    this.client = HttpClients.forConfig(config, base);
    this.retryCodes = Set.copyOf(retryCodes);
    this.details = details;
  }

  /** POSTs {@code body} as JSON with extra headers; returns the response body on 2xx. */
  public String post(String url, Map<String, String> headers, byte[] body, Notification n)
      throws NotifyException, InterruptedException {
    return send("POST", url, headers, body, n);
  }

  /** Sends {@code body} as JSON with the given method; returns the response body on 2xx. */
  public String send(String method, String url, Map<String, String> headers, byte[] body, Notification n)
      throws NotifyException, InterruptedException {
    HttpRequest.Builder req;
    try {
      req = HttpRequest.newBuilder(URI.create(url));
    } catch (IllegalArgumentException e) {
      throw new NotifyException("invalid URL " + redact(url) + ": " + e.getMessage(), false, e);
    }
    req.timeout(n.timeLeft(Duration.ofMinutes(1)))
        .header("Content-Type", "application/json")
        .header("User-Agent", USER_AGENT)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    String auth = config.authorizationHeader();
    if (auth != null) {
      req.header("Authorization", auth);
    }
    headers.forEach(req::setHeader);
    HttpResponse<String> resp;
    try {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new NotifyException("Post \"" + redact(url) + "\": " + e.getMessage(), true, e);
    }
    int code = resp.statusCode();
    String text = resp.body() == null ? "" : resp.body();
    if (code / 100 == 2) {
      return text;
    }
    boolean retry = code / 100 == 5 || retryCodes.contains(code);
    text = details.apply(code, text);
    if (text.length() > 1024) {
      text = text.substring(0, 1024);
    }
    throw new NotifyException("unexpected status code " + code + (text.isEmpty() ? "" : ": " + text), retry);
  }

  /** Notifier URLs often embed tokens; errors show only scheme, host and path. */
  public static String redact(String url) {
    try {
      URI u = URI.create(url);
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
    } catch (Exception e) {
      return "<redacted>";
    }
  }
}
