package dev.vigil.ingest.relabel;

import dev.vigil.model.GoRegexp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DIFFERENTIAL TEST of Go regular expressions and {@code Expand} against Prometheus 2.42: PromQL's
 * {@code label_replace} compiles {@code ^(?:re)$} with Go's regexp and expands the replacement like
 * relabeling does, so for every regex x input below, whether it compiles, whether it matches and
 * what {@code ${0}|${1}|${2}|${name}} expands to must agree with {@link RelabelConfig#compileRegex}
 * and {@link GoRegexp#expand}. Skipped when the binary is absent.
 */
class GoRegexpDifferentialTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  private static final String[] REGEXES = {
    "(.*)", "", "a", "a|b", "(a)(b)?", "a+?", "a*", "(?i)abc", "(?i)straße", "(?i)é", "(?s).*", ".*",
    "a$", "^a", "(?m)^a$", "a{", "a{2}", "a{2,}", "a{,2}", "x{foo}", "a{1001}", "[[:alpha:]]+", "[[:^digit:]]+",
    "[[:word:]]+", "[[:space:]]", "[a&&b]+", "[[]", "[]a]", "[^]a]", "\\s", "\\S+", "\\v", "\\d+\\.\\d+", "\\w+",
    "\\W", "\\b\\w+\\b", "\\pL+", "\\p{Greek}+", "\\PL", "\\p{^L}", "\\x41", "\\x{1F389}", "\\101", "\\Qa.b\\E",
    "(?P<host>[^:]+):(?P<port>\\d+)", "(?P<h_1>.)(.)", "(?<n>x)", "(abc", "a**", "a*+", "(?=x)", "(?!x)",
    "(?<=x)y", "\\1", "\\Z", "\\G", "\\h", "(?>a)", "*a", "(?U)a+", "[z-a]", "(?P=n)", "a++", "\\", "[a", "a)",
    "\\C", "\\e", "\\z", "\\A", "\\.", "\\-", "\\_", "é+", ".", "(a|ab)(c|bcd)(d*)", "(a|b)*c",
    "\\$1", "[\\d\\s]+", "[^\\S]", "[\\w-]+", "[a-z0-9_.-]+", "(?i:A)b", "(?-s:.)", "\\n", "\\t", "[\\n]",
    "(?U)(a+)(a*)", "(?U)(a+?)(a*)", "(?U:(a*))(a*)", "((?U)a*)(a*)", "(?U)(a*)(?-U)(a*)", "(?i-s:A.)", "(?-)a",
    "(?i)(?-i)a", "(?s-i:A.)",
  };

  private static final String[] INPUTS = {
    "", "a", "b", "ab", "abc", "ABC", "aa", "aaa", "a{", "x{foo}", "a{2}", "\n", "a\n", "\u000b", "\t", " ",
    "host1:9090", "é", "É", "αβγ", "🎉", "A", "a.b", "axb", "1.5", "abcd", "abcdd", "STRASSE", "straße",
    "$1", "a-b_c.d", "a&&b", "[", "]", "]a", "xy", "1 2", "h:1",
  };

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void regexesAndExpansionMatchGo(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), "skipped: /usr/bin/prometheus is not installed");
    Path config = tmp.resolve("p.yml");
    Files.writeString(config, "global: {scrape_interval: 1h}\n");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
            "--storage.tsdb.path=" + tmp.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
    try {
      String base = "http://127.0.0.1:" + port;
      awaitReady(base, prometheus);
      List<String> mismatches = new ArrayList<>();
      int compared = 0;
      for (String re : REGEXES) {
        String replacement = re.contains("?P<host>") ? "m:${0}|${host}|${port}|$2"
            : re.contains("<h_1>") ? "m:${h_1}|$2" : re.contains("(?<n>") ? "m:${n}" : "m:${0}|${1}|${2}";
        StringBuilder q = new StringBuilder();
        for (int k = 0; k < INPUTS.length; k++) {
          if (k > 0) {
            q.append(" or ");
          }
          q.append("label_replace(label_replace(label_replace(vector(1), \"id\", \"").append(k)
              .append("\", \"\", \"\"), \"src\", ").append(promqlString(INPUTS[k].replace("$", "$$")))
              .append(", \"\", \"\"), \"out\", ").append(promqlString(replacement)).append(", \"src\", ")
              .append(promqlString(re)).append(')');
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
            + URLEncoder.encode(q.toString(), StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        Pattern ours = null;
        String ourError = null;
        try {
          ours = RelabelConfig.compileRegex(re);
        } catch (IllegalArgumentException e) {
          ourError = e.getMessage();
        }
        if (r.statusCode() != 200) {
          if (ourError == null) {
            mismatches.add("Go rejects " + re + " (" + r.body() + "), we accept it");
          }
          compared++;
          continue;
        }
        if (ourError != null) {
          mismatches.add("Go accepts " + re + ", we reject it: " + ourError);
          continue;
        }
        Map<String, String> goOut = new HashMap<>();
        for (JsonNode s : json.readTree(r.body()).get("data").get("result")) {
          JsonNode out = s.get("metric").get("out");
          goOut.put(s.get("metric").get("id").asText(), out == null ? null : out.asText());
        }
        for (int k = 0; k < INPUTS.length; k++) {
          Matcher m = ours.matcher(INPUTS[k]);
          String want = m.matches() ? GoRegexp.expand(replacement, m, INPUTS[k]) : null;
          String got = goOut.get(Integer.toString(k));
          if (!java.util.Objects.equals(want, got)) {
            mismatches.add("regex " + re + " on " + quote(INPUTS[k]) + ": Go " + quote(got) + ", ours " + quote(want));
          }
          compared++;
        }
      }
      System.out.printf("GO REGEXP DIFFERENTIAL vs Prometheus 2.42: %d regexes, %d regex x input cases%n",
          REGEXES.length, compared);
      assertThat(mismatches).isEmpty();
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private void awaitReady(String base, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("prometheus exited").isTrue();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // listener not open yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("prometheus not ready in 60s");
  }

  private static String quote(String s) {
    return s == null ? "(no match)" : '"' + s.replace("\n", "\\n") + '"';
  }

  /** A PromQL double-quoted string literal. */
  private static String promqlString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\u000b' -> sb.append("\\v");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
