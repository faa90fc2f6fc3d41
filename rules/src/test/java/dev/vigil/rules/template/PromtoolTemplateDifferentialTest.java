package dev.vigil.rules.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against a real Prometheus: promtool (2.42) expands each annotation template
 * of an alerting rule in a unit test; its reported annotations must equal this package's
 * expansion of the same templates. Only features Prometheus 2.42 (built with an older Go) has are
 * used. Skips when promtool is not installed.
 */
class PromtoolTemplateDifferentialTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  /** Templates exercising the engine, fmt and Prometheus's functions. */
  private static final List<String> TEMPLATES = List.of(
      "{{ $labels.job }} on {{ $labels.instance }}",
      "{{ $value }} {{ .Value }} {{ $value | humanizePercentage }}",
      "{{ printf \"%v %v %v %v\" 100000.0 1000000.0 0.00001 1e21 }}",
      "{{ printf \"%.3f|%5d|%-4s|%q|%x|%X|%o|%b|%e|%E|%g|%G\" 3.14159 42 \"ab\" \"q\\\"x\" 255 255 8 5 1234.5678 0.5 0.000012345 1e-10 }}",
      "{{ printf \"%08.3f|%+d|% d|%#x|%#o|%c|%U|%t|%5.1f|%-6.2f|\" -3.14159 7 7 255 8 65 65 true 2.25 1.005 }}",
      "{{ printf \"%d %s %f\" \"x\" 1 \"y\" }}|{{ printf \"%d\" }}|{{ printf \"%d\" 1 2 \"z\" }}|{{ printf \"%\" }}|{{ printf \"%!\" }}",
      "{{ printf \"%.0f %.0f %.1f %.2f %.3g %.4g\" 2.5 3.5 0.25 1.005 1234567.0 0.0001234 }}",
      "{{ printf \"%v|%q|%d|%s\" (args 1 \"b\") \"é\\t\" 123 \"x\" }}",
      "{{ printf \"%T %T %T %T %T\" 1 1.5 \"s\" true $labels }}",
      "{{ printf \"%[2]d %[1]d|%*d|%.*f\" 1 2 5 42 2 3.14159 }}",
      "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}",
      "{{ if gt $value 0.05 }}high{{ else if gt $value 0.01 }}mid{{ else }}low{{ end }}",
      "{{ with $labels.missing }}x{{ else }}none{{ end }}[{{ $labels.missing }}]",
      "{{ reReplaceAll \"(.*):.*\" \"$1\" $labels.instance }}|{{ reReplaceAll \"a*\" \"X\" \"baaac\" }}|{{ reReplaceAll \"(?P<h>[a-z]+)-(\\\\d)\" \"${h}_$2\" \"host-1\" }}",
      "{{ $labels.instance | stripPort | toUpper }} {{ title \"aa bb cC\" }} {{ toLower \"AbC\" }} {{ match \"^host\" $labels.instance }}",
      "{{ len $labels }} {{ index $labels \"job\" }}[{{ index $labels \"nope\" }}] {{ slice \"abcdef\" 1 3 }} {{ len \"héllo\" }}",
      "{{ html \"<a&b>'\\\"\" }} {{ js \"it's <x> = \\\\\" }} {{ urlquery \"a b/c?d=é\" }}",
      "{{ and 1 0 }} {{ and 1 2 }} {{ or 0 \"\" \"z\" }} {{ or 0 \"\" }} {{ not 0 }} {{ eq \"a\" \"b\" \"a\" }} {{ ne 1 2 }} {{ lt 1.5 2.5 }} {{ le \"b\" \"a\" }} {{ ge 3 3 }}",
      "{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" $labels.job }}{{ template \"x\" }}{{ block \"y\" 3 }}<{{ . }}>{{ end }}",
      "a {{- \" trimmed \" -}} b {{- /* comment */ -}} c {{/* kept spaces */}} d",
      "{{ graphLink \"up\" }} {{ tableLink \"rate(x[5m]) > 1\" }}",
      "{{ print 1 2 \"a\" \"b\" 3 nil }}|{{ print }}|{{ print 1.0 true }}",
      "{{ humanize 1234567 }} {{ humanize 0.000123 }} {{ humanize 0 }} {{ humanize -1500 }} {{ humanize \"2048\" }}",
      "{{ humanize1024 1048576 }} {{ humanize1024 0.5 }} {{ humanize1024 1234567 }}",
      "{{ humanizeDuration 3725 }} {{ humanizeDuration 0.12345 }} {{ humanizeDuration 86400 }} {{ humanizeDuration -1 }} {{ humanizeDuration 59.99 }}",
      "{{ humanizeTimestamp 1435065584.128 }} {{ humanizeTimestamp 0 }}",
      "{{ humanizePercentage 0.1234 }} {{ humanizePercentage 1 }} {{ humanizePercentage 0.000012 }}",
      "{{ parseDuration \"1h2m10ms\" }} {{ parseDuration \"90s\" }}",
      "{{ range $i, $e := query \"sum by (job, instance) (up)\" }}{{ $i }}:{{ $e.Labels.job }}={{ $e.Value }}{{ end }}",
      "{{ with query \"sum by (job, instance) (up)\" }}{{ . | first | value | humanize }} {{ . | first | label \"instance\" }}{{ end }}",
      "{{ range query \"up\" | sortByLabel \"instance\" }}{{ .Labels.__name__ }}/{{ .Labels.instance }} {{ end }}",
      "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }} {{ $y := \"s\" }}{{ with $y }}{{ $y }}{{ . }}{{ end }}",
      "{{ range $i, $e := args 1 2 3 }}{{ if eq $e 2 }}{{ continue }}{{ end }}{{ $i }}{{ end }}",
      "{{ (args 1 \"b\").arg1 }} {{ (args).arg0 }}",
      "{{ 'a' }} {{ 0x1F }} {{ 017 }} {{ 1e3 }} {{ -2.5 }} {{ 1_000 }} {{ \"\\u00e9\" }} {{ `raw\\n` }}",
      "{{ humanize \"x\" }}",
      "{{ if gt $value 1 }}x{{ end }}",
      "{{ index $labels }}{{ $labels.job.foo }}",
      "{{ len 3 }}",
      "{{ 1 | toUpper }}",
      "{{ template \"nope\" }}",
      "{{ query \"sum(\" }}",
      "{{ printf \"%s\" (query \"nosuchmetric\" | first) }}");

  /** Edge cases: number formatting and rounding, nil arguments, escaping, scoping. */
  private static final List<String> EDGES = List.of(
      "{{ printf \"%.2f %.1f %g %v %.10g %e %+.2e\" 2.675 0.05 1e-7 123456789.0 0.1 0.0 -1234.5 }}",
      "{{ printf \"%x %08d|%-8d|%q %c %U %#U\" -255 -42 42 'a' 0x1F600 0x1F600 0x1F600 }}",
      "{{ printf \"%x|% X|%#q|%.2s|%5.2s|%q\" \"héllo\" \"hi\" \"back`tick\" \"héllo\" \"héllo\" \"\\u00a0x\" }}",
      "{{ printf \"%v|%d|%s|%v|%6.3v|%t\" $labels 1.5 nil nil 3.14159 1 }}",
      "{{ $value | printf \"%.2f\" }} {{ 1.5e300 }} {{ 100000000.0 }} {{ -0.0 }} {{ print 0.1 0.2 }}",
      "{{ eq nil 0 }}",
      "{{ index $labels 1 }}",
      "{{ len nil }}",
      "{{ not nil }} {{ html 1 2 }} {{ urlquery nil }} {{ js \"\\u2028\" }}",
      "{{ range $k, $v := $labels }}{{ if eq $k \"job\" }}{{ break }}{{ end }}{{ $k }}{{ end }}",
      "{{ with $x := 0 }}a{{ else }}b{{ $x }}{{ end }}",
      "{{- 3 }} {{ 4 -}} {{\"x\"}}",
      "{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" (printf \"%s-%s\" \"a\" \"b\") }}",
      "{{ define \"inner\" }}ok{{ humanize \"q\" }}{{ end }}{{ template \"inner\" }}",
      "{{ $labels.instance | reReplaceAll \"\\\\.\" \"_\" }}",
      "{{ eq 1 1.0 }}",
      "{{ lt \"a\" 1 }}",
      "{{ slice $labels.job 1 }} {{ slice \"abc\" 1 2 }} {{ slice \"abc\" 3 }}",
      "{{ index \"abc\" 1 }} {{ printf \"%c\" (index \"abc\" 1) }}",
      "{{ (index (query \"up\") 0).Labels.job }} {{ len (query \"up\") }}",
      "{{ $labels.missing.x }}|{{ .Labels.nothere }}|{{ .ExternalLabels }}|{{ $externalLabels.x }}",
      "{{ printf \"%s %v\" .Value $value }}",
      "{{ printf \"%5t|%-7v|%07.2f|%+v|%#v|%#v\" true false 3.14159 1 \"s\" 2 }}");

  /** Numbers: literals, overflow, fmt rounding and flags. */
  private static final List<String> NUMBERS = List.of(
      "{{ printf \"%v|%v|%v|%v|%v|%v\" 1e20 123456.0 1234567.0 0.000123 5e-324 1.7976931348623157e308 }}",
      "{{ printf \"%.20g|%.3e|%.0e|%5.1f|%.1f\" 0.1 9.9995 2.5e10 -0.05 0.45 }}",
      "{{ printf \"%d|%d|%o|%b|%X\" 9223372036854775807 -9223372036854775808 -8 -5 3735928559 }}",
      "{{ 18446744073709551615 }}",
      "{{ 0b101 }} {{ 0o17 }} {{ 0x_1F }} {{ 1. }} {{ .5 }} {{ 0x1p-2 }} {{ '\\n' }} {{ '\\x41' }} {{ '\\u00e9' }} {{ \"a\\x41\\101\" }}",
      "{{ or 1 (index $labels 1) }} {{ and 0 (index $labels 1) }} {{ if and $labels.job (eq $labels.job \"api\") }}y{{ end }}",
      "{{ $labels.job | printf \"%s-%s\" \"x\" }} {{ index (args 1 2) \"arg1\" }} {{ .Labels.job | len }}",
      "{{ slice (args 1 2) 0 }}",
      "{{ range $i, $v := \"abc\" }}{{ end }}",
      "{{ printf \"%3c|%-3c|%010.4f|%+.0f|% .2e|%#g|%#.3g|%#e\" 65 66 -3.5 0.4 12345.678 1.0 1.0 1.0 }}",
      "{{ printf \"%08.3s|%-08d|%+q|%5x|%-5X|\" \"abcdef\" 5 \"é\" \"\" \"\" }}",
      "{{ printf \"%6.2f%%|%3d%%|%v%%\" 12.345 7 \"x\" }}",
      "{{ printf \"%.3v|%10.4v|%-10v|\" \"abcdef\" 3.14159265 true }}",
      "{{ printf \"%x|%X|%.3x|%b|%x|%x|%.1x|%x|%12x|\" 1.0 3.5 1.0 1.0 0.0 -0.1 1.96875 5e-324 2.5 }}");

  /** Data, scoping, chains and nested templates. */
  private static final List<String> SCOPES = List.of(
      "{{ $ }}|{{ . }}",
      "{{ $.Labels.job }} {{ range $labels }}{{ . }},{{ end }} {{ with $labels }}{{ .job }}{{ end }}",
      "{{ $v := $value }}{{ if ge $v 0.0523 }}ge{{ end }}{{ if le $v 0.0523 }}le{{ end }}",
      "{{ define \"t\" }}{{ $ }}|{{ . }}{{ end }}{{ template \"t\" $labels.job }}",
      "{{ range $i, $e := query \"up\" }}{{ $e.Labels.__name__ }} {{ $e.Value | humanize }}{{ end }}",
      "{{ (query \"up\" | first).Value }} {{ (first (query \"up\")).Labels.instance }} {{ query \"up\" | len }}",
      "[{{ $externalURL }}][{{ externalURL }}][{{ pathPrefix }}][{{ .ExternalURL }}]",
      "{{ \"a\" | printf \"%s%s\" \"b\" | printf \"%s%s\" \"c\" }}",
      "{{ if not (index $labels \"foo\") }}nofoo{{ end }} {{ range $i, $e := args \"x\" }}{{ $i }}{{ $e }}{{ end }} {{ len (args) }}",
      "{{ printf \"%s|%q\" (print) (println \"a\") }}",
      "{{ $x := 1 }}{{ with $x := 2 }}{{ $x }}{{ end }}{{ $x }}{{ range $x := args 3 }}{{ $x }}{{ end }}{{ $x }}",
      "{{ $a := \"A\" }}{{ define \"u\" }}{{ . }}{{ end }}{{ template \"u\" $a }}{{ block \"v\" $a }}<{{ . }}>{{ end }}");

  /** Multi-line texts with trim markers and comments, as rule files write them. */
  private static final List<String> LAYOUT = List.of(
      "Summary:\n{{ range $k, $v := $labels -}}\n  {{ $k }}: {{ $v }}\n{{ end -}}\nValue: {{ $value }}\n",
      "{{- if gt $value 0.0 -}}\n  firing\n{{- else -}}\n  ok\n{{- end }}",
      "{{/* leading comment */ -}}\n  text\t{{- /* tail */}}",
      "a\r\nb {{- \"\\r\\n\" -}} c\n\n{{- \"d\" }}",
      "{{ \"\\t\" }}|{{ printf \"%q\" \"\\n\\t\\u00e9\\u2028\" }}|{{ printf \"%+q\" \"é\" }}",
      "{{ $labels.instance }}\n{{- /* multi\nline\ncomment */ -}}\n{{ $labels.job }}",
      "{{\n  $labels.job\n}} {{ printf\n \"%s\"\n \"x\" }}");

  @Test
  @Timeout(120)
  void layoutMatchesPromtool(@TempDir Path dir) throws Exception {
    compareWithPromtool(dir, LAYOUT);
  }

  @Test
  @Timeout(120)
  void scopesMatchPromtool(@TempDir Path dir) throws Exception {
    compareWithPromtool(dir, SCOPES);
  }

  @Test
  @Timeout(120)
  void numbersMatchPromtool(@TempDir Path dir) throws Exception {
    compareWithPromtool(dir, NUMBERS);
  }

  @Test
  @Timeout(120)
  void expansionsMatchPromtool(@TempDir Path dir) throws Exception {
    compareWithPromtool(dir, TEMPLATES);
  }

  @Test
  @Timeout(120)
  void edgeCasesMatchPromtool(@TempDir Path dir) throws Exception {
    compareWithPromtool(dir, EDGES);
  }

  private static void compareWithPromtool(Path dir, List<String> TEMPLATES) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed at " + PROMTOOL);
    StringBuilder rules = new StringBuilder("groups:\n  - name: g\n    rules:\n      - alert: TemplateProbe\n"
        + "        expr: sum by (job, instance) (up)\n        labels:\n          severity: page\n"
        + "          derived: '{{ $labels.job }}-x'\n        annotations:\n");
    for (int i = 0; i < TEMPLATES.size(); i++) {
      rules.append("          a").append(i).append(": ").append(yamlQuote(TEMPLATES.get(i))).append('\n');
    }
    Files.writeString(dir.resolve("rules.yml"), rules);
    Files.writeString(dir.resolve("test.yml"), """
        rule_files:
          - rules.yml
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: 'up{job="api", instance="host-1.example.com:9100"}'
                values: '0.0523+0x10'
            alert_rule_test:
              - eval_time: 5m
                alertname: TemplateProbe
                exp_alerts:
                  - exp_labels: {job: api, instance: "host-1.example.com:9100", severity: page, derived: api-x}
                    exp_annotations: {a0: "placeholder"}
        """);
    Process p = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", "test.yml")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    int got = output.indexOf("got:");
    assertThat(got).as(output).isPositive();
    Map<String, String> theirs = parseAnnotations(output.substring(got));
    assertThat(theirs).as(output).hasSize(TEMPLATES.size());

    Map<String, String> labels = Map.of("job", "api", "instance", "host-1.example.com:9100");
    QueryFunction query = (expr, ts) -> switch (expr) {
      case "sum by (job, instance) (up)" -> List.of(new QuerySample(labels, 0.0523));
      case "up" -> List.of(new QuerySample(Map.of("__name__", "up", "job", "api", "instance",
          "host-1.example.com:9100"), 0.0523));
      case "nosuchmetric" -> List.of();
      // The message Prometheus's parser gives for "sum(".
      default -> throw new IllegalArgumentException("1:5: parse error: unclosed left parenthesis");
    };
    // promtool's unit tests run without an external URL.
    ExpansionContext ctx = new ExpansionContext(query, 300_000, null);
    AlertTemplateData data = AlertTemplateData.of(labels, Map.of(), "", 0.0523);
    TemplateExpander expander = new TemplateExpander(ctx);
    List<String> diffs = new ArrayList<>();
    for (int i = 0; i < TEMPLATES.size(); i++) {
      String ours = AlertTemplates.expand("TemplateProbe", TEMPLATES.get(i), data, expander);
      String want = theirs.get("a" + i);
      if (!ours.equals(want)) {
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
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
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

  /** Parses {@code Annotations:{a0="...", a1="..."}} from promtool's "got" block. */
  static Map<String, String> parseAnnotations(String got) throws IOException {
    int start = got.indexOf("Annotations:{");
    Map<String, String> out = new LinkedHashMap<>();
    if (start < 0) {
      return out;
    }
    int i = start + "Annotations:{".length();
    while (i < got.length() && got.charAt(i) != '}') {
      int eq = got.indexOf('=', i);
      String key = got.substring(i, eq);
      int end = eq + 2;
      StringBuilder raw = new StringBuilder("\"");
      while (got.charAt(end) != '"') {
        if (got.charAt(end) == '\\') {
          raw.append(got.charAt(end));
          end++;
        }
        raw.append(got.charAt(end));
        end++;
      }
      raw.append('"');
      out.put(key, goUnquote(raw.toString()));
      i = end + 1;
      if (got.startsWith(", ", i)) {
        i += 2;
      }
    }
    return out;
  }

  private static String goUnquote(String quoted) {
    String body = quoted.substring(1, quoted.length() - 1);
    StringBuilder sb = new StringBuilder();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        flush(bytes, sb);
        sb.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> { flush(bytes, sb); sb.append('\n'); }
        case 't' -> { flush(bytes, sb); sb.append('\t'); }
        case 'r' -> { flush(bytes, sb); sb.append('\r'); }
        case '\\', '"', '\'' -> { flush(bytes, sb); sb.append(e); }
        case 'x' -> {
          bytes.write(Integer.parseInt(body.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'u' -> {
          flush(bytes, sb);
          sb.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> { flush(bytes, sb); sb.append('\\').append(e); }
      }
    }
    flush(bytes, sb);
    return sb.toString();
  }

  private static void flush(java.io.ByteArrayOutputStream bytes, StringBuilder sb) {
    if (bytes.size() > 0) {
      sb.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }
}
