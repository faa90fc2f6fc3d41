package dev.vigil.rules.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prometheus's template functions; expected outputs and error texts are those of Prometheus's
 * template package tests (template_test.go) and prometheus/common's humanize tests.
 */
class TemplateExpanderTest {
  private static final URI EXTERNAL = URI.create("http://testhost:9090/path/prefix");

  private static String expand(String text, Object data, List<QuerySample> result) throws TemplateExpansionException {
    ExpansionContext ctx = new ExpansionContext((q, ts) -> result, 0, EXTERNAL);
    return new TemplateExpander(ctx).expand("test", text, data);
  }

  private static void check(String text, Object data, String want) {
    check(text, data, List.of(), want);
  }

  private static void check(String text, Object data, List<QuerySample> result, String want) {
    try {
      assertThat(expand(text, data, result)).as(text).isEqualTo(want);
    } catch (TemplateExpansionException e) {
      throw new AssertionError(text + ": " + e.getMessage(), e);
    }
  }

  private static void fails(String text, Object data, List<QuerySample> result, String want) {
    assertThatThrownBy(() -> expand(text, data, result)).as(text)
        .isInstanceOf(TemplateExpansionException.class).hasMessage(want);
  }

  private static QuerySample sample(double v, String... labels) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      m.put(labels[i], labels[i + 1]);
    }
    return new QuerySample(m, v);
  }

  @Test
  void basics() {
    check("plain text", null, "plain text");
    check("{{ 1 }}", null, "1");
    check("{{ \"<b>\" }}", null, "<b>");
    check("{{ \"<b>\" | safeHtml }}", null, "<b>");
    check("{{define \"x\"}}{{.arg0}} {{.arg1}}{{end}}{{template \"x\" (args 1 \"2\")}}", null, "1 2");
    check("{{ .Foo }}", null, "<no value>");
    fails("{{ \u00a0}}", null, List.of(),
        "error parsing template test: template: test:1: unrecognized character in action: U+00A0");
    fails("{{", null, List.of(), "error parsing template test: template: test:1: unclosed action");
  }

  @Test
  void missingKeyOptions() throws TemplateExpansionException {
    ExpansionContext ctx = new ExpansionContext((q, ts) -> List.of(), 0, EXTERNAL);
    TemplateExpander e = new TemplateExpander(ctx);
    assertThat(e.expand("test", "{{ .Foo }}", null, List.of())).isEqualTo("<no value>");
    assertThatThrownBy(() -> e.expand("test", "{{ .Foo }}", null, List.of("missingkey=error")))
        .hasMessage("error executing template test: template: test:1:3: executing \"test\" at <.Foo>: "
            + "nil data; no entry for key \"Foo\"");
  }

  @Test
  void queries() {
    List<QuerySample> one = List.of(sample(11, "__name__", "metric", "instance", "a"));
    check("{{ query \"1.5\" | first | value }}", null, List.of(sample(1.5)), "1.5");
    check("{{ query \"x\" | first }}", null, one, "&{map[__name__:metric instance:a] 11}");
    check("{{ printf \"%T %T\" (query \"x\") (query \"x\" | first) }}", null, one,
        "template.queryResult *template.sample");
    check("{{ query \"metric{instance='a'}\" | first | value }}", null, one, "11");
    check("{{ query \"metric{instance='a'}\" | first | label \"instance\" }}", null, one, "a");
    check("{{ query \"metric{__value__='a'}\" | first | strvalue }}", null,
        List.of(sample(11, "__name__", "metric", "__value__", "a")), "a");
    check("{{ query \"metric{instance='a'}\" | first | label \"foo\" }}", null, one, "");
    check("{{ $x := query \"metric\" | first }}{{ $x.Labels.foo }}", null, one, "");
    check("{{ range query \"metric\" | sortByLabel \"instance\" }}{{.Labels.instance}}:{{.Value}}: {{end}}", null,
        List.of(sample(21, "__name__", "metric", "instance", "b"), sample(11, "__name__", "metric", "instance", "a")),
        "a:11: b:21: ");
    fails("{{ query \"missing\" | first }}", null, List.of(),
        "error executing template test: template: test:1:21: executing \"test\" at <first>: error calling first: "
            + "first() called on vector with no elements");
    fails("{{ (query \"missing\").banana }}", null, List.of(),
        "error executing template test: template: test:1:10: executing \"test\" at <\"missing\">: "
            + "can't evaluate field banana in type template.queryResult");
  }

  @Test
  void queryErrorsAreReported() {
    ExpansionContext ctx = new ExpansionContext((q, ts) -> {
      throw new IllegalStateException("parse error: unexpected end of input");
    }, 0, EXTERNAL);
    assertThatThrownBy(() -> new TemplateExpander(ctx).expand("test", "{{ query \"up{\" }}", null))
        .hasMessage("error executing template test: template: test:1:3: executing \"test\" at <query \"up{\">: "
            + "error calling query: parse error: unexpected end of input");
  }

  @Test
  void hostsAndPorts() {
    String[][] stripPort = {
      {"foo.example.com", "foo.example.com"}, {"foo.example.com:12345", "foo.example.com"},
      {"192.0.2.1", "192.0.2.1"}, {"192.0.2.1:12345", "192.0.2.1"}, {"2001:0DB8::1", "2001:0DB8::1"},
      {"[2001:0DB8::1]:12345", "2001:0DB8::1"}, {"[2001:0DB8::1]::12345", "[2001:0DB8::1]::12345"},
    };
    for (String[] c : stripPort) {
      check("{{ \"" + c[0] + "\" | stripPort }}", null, c[1]);
    }
    String[][] stripDomain = {
      {"foo.example.com", "foo"}, {"foo.example.com:12345", "foo:12345"}, {"192.0.2.1", "192.0.2.1"},
      {"192.0.2.1:12345", "192.0.2.1:12345"}, {"2001:0DB8::1", "2001:0DB8::1"},
      {"[2001:0DB8::1]:12345", "[2001:0DB8::1]:12345"}, {"[2001:0DB8::1]::12345", "[2001:0DB8::1]::12345"},
    };
    for (String[] c : stripDomain) {
      check("{{ \"" + c[0] + "\" | stripDomain }}", null, c[1]);
    }
  }

  @Test
  void humanizeFamily() {
    check("{{ range . }}{{ humanize . }}:{{ end }}", List.of(0.0, 1.0, 1234567.0, .12), "0:1:1.235M:120m:");
    check("{{ range . }}{{ humanize . }}:{{ end }}", List.of("0.0", "1.0", "1234567.0", ".12"), "0:1:1.235M:120m:");
    check("{{ range . }}{{ humanize . }}:{{ end }}", List.of(0L, -1L, 1L, 1234567L, Long.MAX_VALUE),
        "0:-1:1:1.235M:9.223E:");
    fails("{{ humanize \"one\" }}", null, List.of(),
        "error executing template test: template: test:1:3: executing \"test\" at <humanize \"one\">: "
            + "error calling humanize: strconv.ParseFloat: parsing \"one\": invalid syntax");
    check("{{ range . }}{{ humanize1024 . }}:{{ end }}", List.of(0.0, 1.0, 1048576.0, .12), "0:1:1Mi:0.12:");
    check("{{ range . }}{{ humanize1024 . }}:{{ end }}", List.of(0L, -1L, 1L, 1234567L, Long.MAX_VALUE),
        "0:-1:1:1.177Mi:8Ei:");
    check("{{ range . }}{{ humanizeDuration . }}:{{ end }}",
        List.of(0.0, 1.0, 60.0, 3600.0, 86400.0, 86400.0 + 3600, -(86400.0 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99),
        "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:");
    check("{{ range . }}{{ humanizeDuration . }}:{{ end }}", List.of(.1, .0001, .12345, 60.1, 60.5, 1.2345, 12.345),
        "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:");
    check("{{ range . }}{{ humanizeDuration . }}:{{ end }}",
        List.of(".1", ".0001", ".12345", "60.1", "60.5", "1.2345", "12.345"),
        "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:");
    check("{{ range . }}{{ humanizeDuration . }}:{{ end }}", List.of(0L, -1L, 1L, 1234567L), "0s:-1s:1s:14d 6h 56m 7s:");
    check("{{ humanizeDuration 3725 }}", null, "1h 2m 5s");
    check("{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}",
        List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN),
        "+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:");
    check("{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}",
        List.of("+Inf", "-Inf", "NaN"), "+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:");
    check("{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:"
        + "{{ 1.23456 | humanizePercentage }}", null, "-22.22%:0%:12.35%:123.5%");
    check("{{ range . }}{{ humanizePercentage . }}:{{ end }}", List.of(0L, -1L, 1L, 1234567L, Long.MAX_VALUE),
        "0%:-100%:100%:1.235e+08%:9.223e+20%:");
    check("{{ humanizePercentage 0.1234 }}", null, "12.34%");
    fails("{{ \"one\" | humanizePercentage }}", null, List.of(),
        "error executing template test: template: test:1:11: executing \"test\" at <humanizePercentage>: "
            + "error calling humanizePercentage: strconv.ParseFloat: parsing \"one\": invalid syntax");
    check("{{ range . }}{{ humanizeTimestamp . }}:{{ end }}", List.of(0L, -1L, 1L, 1234567L, 9223372036L),
        "1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:"
            + "1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:");
    fails("{{ range . }}{{ humanizeTimestamp . }}:{{ end }}", List.of(Long.MIN_VALUE, Long.MAX_VALUE), List.of(),
        "error executing template test: template: test:1:16: executing \"test\" at <humanizeTimestamp .>: "
            + "error calling humanizeTimestamp: -9.223372036854776e+18 cannot be represented as a nanoseconds "
            + "timestamp since it overflows int64");
    check("{{ 1435065584.128 | humanizeTimestamp }}", null, "2015-06-23 13:19:44.128 +0000 UTC");
    check("{{ \"1435065584.128\" | humanizeTimestamp }}", null, "2015-06-23 13:19:44.128 +0000 UTC");
    fails("{{ humanize true }}", null, List.of(),
        "error executing template test: template: test:1:3: executing \"test\" at <humanize true>: "
            + "error calling humanize: can't convert bool to float");
  }

  @Test
  void timesAndDurations() {
    check("{{ (1435065584.128 | toTime).Format \"2006\" }}", null, "2015");
    check("{{ (\"1435065584.128\" | toTime).Format \"2006\" }}", null, "2015");
    check("{{ 1435065584.128 | toTime }}", null, "2015-06-23 13:19:44.128 +0000 UTC");
    check("{{ (1435065584 | toTime).Format \"2006-01-02T15:04:05Z07:00 Mon Jan _2 3PM .000\" }}", null,
        "2015-06-23T13:19:44Z Tue Jun 23 1PM .000");
    check("{{ (1435065584.5 | toTime).Unix }}", null, "1435065584");
    check("{{ (0 | toTime).Format \"2006-01-02T15:04:05-07:00 -0700 MST Z07:00\" }}", null,
        "1970-01-01T00:00:00+00:00 +0000 UTC Z");
    check("{{ (-1.5 | toTime) }}", null, "1969-12-31 23:59:58.5 +0000 UTC");
    check("{{ 3725 | toDuration }}|{{ 1.5 | toDuration }}|{{ 0.0001 | toDuration }}|{{ 0 | toDuration }}", null,
        "1h2m5s|1.5s|100µs|0s");
    check("{{ (90 | toDuration).Minutes }}", null, "1.5");
    check("{{ printf \"%0.2f\" (parseDuration \"1h2m10ms\") }}", null, "3720.01");
    check("{{ now }}", null, "0");
    fails("{{ parseDuration \"x\" }}", null, List.of(),
        "error executing template test: template: test:1:3: executing \"test\" at <parseDuration \"x\">: "
            + "error calling parseDuration: not a valid duration string: \"x\"");
  }

  @Test
  void strings() {
    check("{{ reReplaceAll \"(a)b\" \"x$1\" \"ab\" }}", null, "xa");
    check("{{ reReplaceAll \"localhost:(.*)\" \"my.domain:$1\" \"localhost:3000\" }}", null, "my.domain:3000");
    check("{{ reReplaceAll \"a*\" \"X\" \"baaac\" }}", null, "XbXcX");
    check("{{ reReplaceAll \"(?P<h>[a-z]+):(\\\\d+)\" \"${h}-$2$$\" \"web:80\" }}", null, "web-80$");
    check("{{ reReplaceAll \"(a)\" \"$1x\" \"a\" }}", null, "");
    check("{{ \"aa bb CC\" | title }}", null, "Aa Bb CC");
    check("{{ \"aa bb CC\" | toUpper }}", null, "AA BB CC");
    check("{{ \"aA bB CC\" | toLower }}", null, "aa bb cc");
    check("{{ \"straße\" | toUpper }}", null, "STRAßE");
    check("{{ match \"a+\" \"aa\" }} {{ match \"a+\" \"b\" }}", null, "true false");
    check("{{ graphLink \"up\" }}", null, "/graph?g0.expr=up&g0.tab=0");
    check("{{ tableLink \"rate(x[5m]) > 1\" }}", null, "/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+1&g0.tab=1");
    check("{{ pathPrefix }}", null, "/path/prefix");
    check("{{ externalURL }}", null, "http://testhost:9090/path/prefix");
    check("{{ urlQueryEscape \"a b&c\" }}", null, "a+b%26c");
  }
}
