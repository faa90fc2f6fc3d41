package dev.vigil.bench.peer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 calls to one receiver on 127.0.0.1: readiness probes, remote-write posts and the few
 * API calls the benchmark makes. Thread-safe (the JDK client is), connections are pooled.
 */
public final class LocalHttp implements AutoCloseable {
  /** An answer; {@code status} is -1 when no answer came (connection refused, timeout). */
  public record Answer(int status, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private static final Pattern SCALAR_RESULT =
      Pattern.compile("\"value\"\\s*:\\s*\\[\\s*[0-9.eE+-]+\\s*,\\s*\"([0-9.eE+-]+)\"\\s*]");

  private final String base;
  private final HttpClient client;

  public LocalHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
  }

  public String base() {
    return base;
  }

  public Answer get(String pathAndQuery, Duration timeout) {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout).GET());
  }

  public Answer post(String pathAndQuery, Duration timeout) {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Posts one snappy-compressed remote-write 1.0 request; returns the status code. */
  public Answer remoteWrite(String path, byte[] body, Duration timeout) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
        .header("Content-Encoding", "snappy")
        .header("Content-Type", "application/x-protobuf")
        .header("User-Agent", "vigil-bench/0.1")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Answer(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "interrupted");
    }
  }

  /**
   * The number of series with a sample in the 5 minutes before {@code timeMs}: the instant query
   * {@code count({__name__=~".+"})} where the receiver answers PromQL, else the length of {@code
   * /api/v1/series} over the data's whole time range. Returns -1 with the reason in {@code how}
   * when neither answers.
   */
  public long seriesCount(long fromMs, long timeMs, StringBuilder how) {
    Answer q = get("/api/v1/query?query=" + enc("count({__name__=~\".+\"})") + "&time="
        + seconds(timeMs), Duration.ofSeconds(120));
    if (q.ok()) {
      Matcher m = SCALAR_RESULT.matcher(q.body());
      if (m.find()) {
        how.append("count({__name__=~\".+\"}) at the last timestamp");
        return (long) Double.parseDouble(m.group(1));
      }
    }
    Answer s = get("/api/v1/series?match[]=" + enc("{__name__=~\".+\"}") + "&start="
        + seconds(fromMs) + "&end=" + seconds(timeMs), Duration.ofSeconds(120));
    if (s.ok()) {
      how.append("/api/v1/series over the whole range");
      return count(s.body(), "\"__name__\"");
    }
    how.append("query answered ").append(q.status()).append(", series answered ")
        .append(s.status()).append(": ").append(abbreviate(s.body(), 200));
    return -1;
  }

  private static long count(String text, String needle) {
    long n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  private static String seconds(long ms) {
    return String.format("%d.%03d", ms / 1000, ms % 1000);
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public static String abbreviate(String s, int max) {
    String one = s.replace('\n', ' ').strip();
    return one.length() <= max ? one : one.substring(0, max) + "...";
  }

  @Override
  public void close() {
    client.close();
  }
}
