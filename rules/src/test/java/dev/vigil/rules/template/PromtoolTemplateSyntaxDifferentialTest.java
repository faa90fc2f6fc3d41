package dev.vigil.rules.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Differential test of template parse errors: {@code promtool check rules} (2.42) reports each
 * broken annotation template; {@link AlertTemplates#checkSyntax} must report the same message
 * (and nothing for the valid ones). Skips when promtool is not installed.
 */
class PromtoolTemplateSyntaxDifferentialTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private static final List<String> TEMPLATES = List.of(
      "{{ nosuch }}", "{{ end }}", "{{ else }}", "{{ $undefined }}", "{{ if }}{{ end }}", "{{ .X | 3 }}",
      "{{", "line1\nline2 {{ .X", "{{ \"x\"\n\"y\"\n", "{{ range $a, $b, $c := . }}{{ end }}",
      "{{ \"x\".Y }}", "{{ break }}", "{{ if true }}{{ continue }}{{ end }}", "{{ 0xi }}", "{{ range . }}",
      "{{ define \"a\" }}a{{ end }}{{ define \"a\" }}b{{ end }}", "{{/* unclosed", "{{/* c */ 1 }}",
      // Not "{{ .X 1 2 3 ) }}": Go since 1.20-ish says "unexpected right paren" where the Go of
      // promtool 2.42 said `unexpected ")" in command`; Vigil follows current Go (Prometheus 3).
      "{{ .X (1 2 3 }}", "{{ `x`3 }}", "{{ a# }}", "{{ 'ab' }}", "{{ \"a }}",
      "{{ `a }}", "{{ template .X }}", "{{ $x := 1 }}{{ $x :  1 }}", "{{ 99999999999999999999 }}",
      "{{ range . }}{{ else if . }}{{ end }}", "{{ with $x := 4 }}{{ end }}{{ $x }}", "{{ $a, $b := 0 }}",
      "{{ \u00a7 }}", "{{}}", "{{ printf \"%d\" 1 | }}", "{{ (1 }}", "{{ if .A }}x{{ else }}y{{ else }}z{{ end }}",
      "{{ block \"b\" }}{{ end }}", "{{ template \"x\" | }}", "{{ . | $ }}",
      "valid {{ $labels.job }} {{ range $i, $e := . }}{{ $i }}{{ end }}");

  @Test
  @Timeout(120)
  void parseErrorsMatchPromtool(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed at " + PROMTOOL);
    StringBuilder rules = new StringBuilder(
        "groups:\n  - name: g\n    rules:\n      - alert: P\n        expr: up\n        annotations:\n");
    for (int i = 0; i < TEMPLATES.size(); i++) {
      rules.append("          a").append(i).append(": ").append(yamlQuote(TEMPLATES.get(i))).append('\n');
    }
    Files.writeString(dir.resolve("rules.yml"), rules);
    Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "rules", "rules.yml")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Map<String, String> theirs = new HashMap<>();
    Matcher m = Pattern.compile("annotation \"(a\\d+)\": (.*)").matcher(output);
    while (m.find()) {
      theirs.put(m.group(1), m.group(2));
    }
    assertThat(theirs).as(output).isNotEmpty();
    List<String> diffs = new ArrayList<>();
    for (int i = 0; i < TEMPLATES.size(); i++) {
      String ours = AlertTemplates.checkSyntax("P", TEMPLATES.get(i));
      String want = theirs.get("a" + i);
      if (!java.util.Objects.equals(ours, want)) {
        diffs.add("template " + TEMPLATES.get(i) + "\n  promtool: " + want + "\n  vigil:    " + ours);
      }
    }
    assertThat(diffs).as(String.join("\n", diffs)).isEmpty();
  }

  private static String yamlQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
