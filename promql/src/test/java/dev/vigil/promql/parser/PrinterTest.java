package dev.vigil.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.promql.ast.Expr;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrinterTest {
  private static final ParserOptions ALL = ParserOptions.ALL_EXPERIMENTAL;

  private static void check(String input, String want) {
    Expr e = Parser.parse(input, ALL);
    String printed = Printer.print(e);
    assertThat(printed).as(input).isEqualTo(want);
    Expr again = Parser.parse(printed, ALL);
    assertThat(Positions.strip(again)).as(printed).isEqualTo(Positions.strip(e));
  }

  private static void pretty(String input, String want) {
    assertThat(Printer.pretty(Parser.parse(input, ALL))).as(input).isEqualTo(want);
  }

  @Test
  void canonicalForms() {
    check("sum by(code) (http_requests_total)", "sum by (code) (http_requests_total)");
    check("sum(http_requests_total) without(instance)",
        "sum without (instance) (http_requests_total)");
    check("sum without() (x)", "sum without () (x)");
    check("count_values('value', metric)", "count_values(\"value\", metric)");
    check("a - on(b) c", "a - on (b) c");
    check("a - on(b) group_right(c) d", "a - on (b) group_right (c) d");
    check("a - on(b) group_left d", "a - on (b) group_left () d");
    check("a - ignoring(b) c", "a - ignoring (b) c");
    check("a and ignoring() c", "a and c");
    check("a and on() c", "a and on () c");
    check("up > bool 0", "up > bool 0");
    check("a offset 1m", "a offset 1m");
    check("a offset -7m", "a offset -7m");
    check("a{c=\"d\"}[5m] offset 1m", "a{c=\"d\"}[5m] offset 1m");
    check("a[12m] offset -3m", "a[12m] offset -3m");
    check("a[1h:5m] offset 1m", "a[1h:5m] offset 1m");
    check("{__name__=\"a\"}", "{__name__=\"a\"}");
    check("{__name__=\"\",a=\"x\"}", "{__name__=\"\",a=\"x\"}");
    check("a{b!=\"c\"}[1m]", "a{b!=\"c\"}[1m]");
    check("a @ 10", "a @ 10.000");
    check("a[1m] @ 10", "a[1m] @ 10.000");
    check("a @ start()", "a @ start()");
    check("a[1m] @ end()", "a[1m] @ end()");
    check("a[1m:1m] @ start() offset 1m", "a[1m:1m] @ start() offset 1m");
    check("a offset 1m @ 1.5", "a @ 1.500 offset 1m");
    check("a[7d]", "a[1w]");
    check("a[14d]", "a[2w]");
    check("a[365d]", "a[1y]");
    check("a[8d]", "a[8d]");
    check("a[1500ms]", "a[1s500ms]");
    check("\"a\\tb\\u00e9\\x00\"", "\"a\\tbé\\x00\"");
    check("{\"my.metric\", \"a.b\"=\"c\"}", "{\"a.b\"=\"c\",__name__=\"my.metric\"}");
    check("sum by (\"a.b\") (x)", "sum by (\"a.b\") (x)");
    check("1e-7", "0.0000001");
    check("-(1 + 2)", "-(1 + 2)");
    check("+foo", "+foo");
    check("- -foo", "--foo");
    check("a + fill(1.5) b", "a + fill (1.5) b");
    check("a + fill(1e10) b", "a + fill (1e+10) b");
    check("a + fill(-Inf) b", "a + fill (-Inf) b");
    check("a + fill(NaN) b", "a + fill (NaN) b");
    check("a[5m+1m:step()] offset (1m)", "a[5m + 1m:step()] offset (1m)");
    check("foo[1m] anchored @ 5 offset 1m", "foo[1m] anchored @ 5.000 offset 1m");
  }

  @Test
  void prettyShortExpressionsStayOnOneLine() {
    pretty("sum by(job) (rate(x[5m]))", "sum by (job) (rate(x[5m]))");
    pretty("a + b", "a + b");
    pretty("x[5m:1m]", "x[5m:1m]");
  }

  @Test
  void prettySplitsLongExpressions() {
    // 101 characters: too long for one line even without anything around it.
    String sel = "http_requests_total{handler=\"/api/v1/query\",instance=\"localhost:9090\","
        + "job=\"api-server\",method=\"POST\"}";
    assertThat(sel).hasSizeGreaterThan(100);
    pretty("sum by (job) (rate(" + sel + "[5m]))",
        "sum by (job) (\n  rate(\n    " + sel + "[5m]\n  )\n)");
    pretty(sel + " + " + sel,
        "  " + sel + "\n+\n  " + sel);
    pretty(sel + " / on(job) group_left(instance) " + sel,
        "  " + sel + "\n/ on (job) group_left (instance)\n  " + sel);
    pretty("topk(5, " + sel + ")", "topk(\n  5,\n  " + sel + "\n)");
    pretty("label_replace(" + sel + ", \"a\", \"$1\", \"b\", \"(.*)\")",
        "label_replace(\n  " + sel + ",\n  \"a\",\n  \"$1\",\n  \"b\",\n  \"(.*)\"\n)");
    pretty("(" + sel + " + 1)", "(\n    " + sel + "\n  +\n    1\n)");
    pretty("-(" + sel + " + 1)", "-(\n    " + sel + "\n  +\n    1\n)");
    pretty("sum(rate(x[5m]))", "sum(rate(x[5m]))");
    pretty("max_over_time(" + sel + "[5m:1m]) + 1",
        "  max_over_time(\n    " + sel + "[5m:1m]\n  )\n+\n  1");
    // An unsplit subquery takes no indent (as in Prometheus).
    String shortSel = "http_requests_total{handler=\"/api/v1/query\",instance=\"localhost:9090\"}";
    pretty("max_over_time(" + shortSel + "[5m:1m]) + " + shortSel,
        "  max_over_time(" + shortSel + "[5m:1m])\n+\n  " + shortSel);
    pretty("quantile_over_time(0.9, " + shortSel + "[5m:1m] offset 1m)",
        "quantile_over_time(\n  0.9,\n" + shortSel + "[5m:1m] offset 1m\n)");
    pretty("rate(" + sel + "[5m])", "rate(\n  " + sel + "[5m]\n)");
  }

  /** Deep trees (long generated chains) parse, print and prettify without exhausting the stack. */
  @Test
  void deepExpressions() {
    String chain = "x" + " or x".repeat(10_000);
    Expr e = Parser.parse(chain, ParserOptions.DEFAULT);
    assertThat(Printer.print(e)).isEqualTo(chain);
    assertThatThrownBy(() -> Printer.pretty(e))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested too deeply to format");
    String parens = "(".repeat(10_000) + "x" + ")".repeat(10_000);
    assertThat(Printer.print(Parser.parse(parens, ParserOptions.DEFAULT))).isEqualTo(parens);
    String shortChain = "x" + " + x".repeat(60);
    String pretty = Printer.pretty(Parser.parse(shortChain, ParserOptions.DEFAULT));
    // Sub-chains of up to 25 terms (97 characters) fit on a line, 36 levels down.
    assertThat(pretty.lines()).hasSize(1 + 2 * 36).first()
        .isEqualTo("  ".repeat(36) + "x" + " + x".repeat(24));
    assertThatThrownBy(() -> Parser.parse("(".repeat(500_000) + "x" + ")".repeat(500_000),
        ParserOptions.DEFAULT)).hasMessage("1:1: parse error: expression is nested too deeply");
  }

  /** Random well-typed expressions: parse(print(e)) == e. Prints its seed. */
  @Test
  void randomRoundTrip() {
    long seed = System.nanoTime();
    System.out.println("PrinterTest.randomRoundTrip seed " + seed);
    Random r = new Random(seed);
    for (int i = 0; i < 500; i++) {
      String q = new QueryGenerator(r).vector(4);
      Expr e = Parser.parse(q, ALL);
      String printed = Printer.print(e);
      Expr again = Parser.parse(printed, ALL);
      assertThat(Positions.strip(again)).as("seed %d: %s -> %s", seed, q, printed)
          .isEqualTo(Positions.strip(e));
      assertThat(Printer.print(again)).isEqualTo(printed);
      Expr fromPretty = Parser.parse(Printer.pretty(e), ALL);
      assertThat(Positions.strip(fromPretty)).as("pretty of %s", printed)
          .isEqualTo(Positions.strip(e));
    }
  }

  /** Generates PromQL text of a requested type from a small grammar. */
  private record QueryGenerator(Random r) {
    private static final String[] NAMES = {"up", "http_requests_total", "sum", "a:b:c", "offset"};
    private static final String[] LABELS = {"job", "instance", "le", "a.b", "by"};
    private static final String[] VECTOR_OPS = {"+", "-", "*", "/", "%", "^", "==", "!=", ">",
        "<", ">=", "<=", "and", "or", "unless", "atan2"};
    private static final String[] AGGS = {"sum", "avg", "min", "max", "count", "group", "stddev"};

    private String pick(String[] a) {
      return a[r.nextInt(a.length)];
    }

    String label() {
      String l = pick(LABELS);
      return l.contains(".") ? "\"" + l + "\"" : l;
    }

    String duration() {
      return switch (r.nextInt(4)) {
        case 0 -> (1 + r.nextInt(90)) + "s";
        case 1 -> (1 + r.nextInt(59)) + "m";
        case 2 -> (1 + r.nextInt(3)) + "h" + (r.nextInt(59)) + "m";
        default -> String.valueOf(1 + r.nextInt(600));
      };
    }

    String selector() {
      StringBuilder sb = new StringBuilder(pick(NAMES));
      if (r.nextBoolean()) {
        sb.append('{').append(label()).append(pick(new String[] {"=", "!=", "=~", "!~"}))
            .append("\"v").append(r.nextInt(5)).append(".*\"}");
      }
      if (r.nextInt(5) == 0) {
        sb.append(" offset ").append(r.nextBoolean() ? "-" : "").append(duration());
      }
      if (r.nextInt(6) == 0) {
        sb.append(" @ ").append(r.nextInt(100000) / 10.0);
      }
      return sb.toString();
    }

    String scalar(int depth) {
      if (depth <= 0) {
        return r.nextBoolean() ? String.valueOf(r.nextInt(100)) : "0x" + Integer.toHexString(r.nextInt(255));
      }
      return switch (r.nextInt(5)) {
        case 0 -> "scalar(" + vector(depth - 1) + ")";
        case 1 -> "(" + scalar(depth - 1) + " " + pick(new String[] {"+", "-", "*", "/", "^"}) + " "
            + scalar(depth - 1) + ")";
        case 2 -> "time()";
        case 3 -> "-" + scalar(depth - 1);
        default -> String.valueOf(r.nextDouble() * 1000);
      };
    }

    String matrix(int depth) {
      if (depth <= 0 || r.nextBoolean()) {
        return selector().replaceFirst("( offset| @|$)", "[" + duration() + "]$1");
      }
      return "(" + vector(depth - 1) + ")[" + duration() + ":" + (r.nextBoolean() ? duration() : "")
          + "]";
    }

    String vector(int depth) {
      if (depth <= 0) {
        return selector();
      }
      return switch (r.nextInt(9)) {
        case 0 -> pick(new String[] {"rate", "increase", "max_over_time", "changes"}) + "("
            + matrix(depth - 1) + ")";
        case 1 -> pick(AGGS) + (r.nextBoolean() ? " by (" : " without (") + label() + ", "
            + label() + ") (" + vector(depth - 1) + ")";
        case 2 -> "(" + vector(depth - 1) + ") " + pick(VECTOR_OPS) + " "
            + (r.nextBoolean() ? "on(" + label() + ") " : "") + "(" + vector(depth - 1) + ")";
        case 3 -> "(" + vector(depth - 1) + ") * " + scalar(depth - 1);
        case 4 -> "topk(" + scalar(depth - 1) + ", " + vector(depth - 1) + ")";
        case 5 -> "-" + vector(depth - 1);
        case 6 -> "(" + vector(depth - 1) + ")";
        case 7 -> "label_replace(" + vector(depth - 1) + ", \"dst\", \"$1\", \"src\", \"(.*)\")";
        default -> "histogram_quantile(0.9, " + vector(depth - 1) + ")";
      };
    }
  }
}
