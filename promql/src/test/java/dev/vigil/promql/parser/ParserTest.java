package dev.vigil.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.ast.VectorMatching;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {
  private static final ParserOptions ALL = ParserOptions.ALL_EXPERIMENTAL;

  /** Parses with every feature on and checks the canonical print. */
  private static Expr check(String input, String printed) {
    Expr e = Parser.parse(input, ALL);
    assertThat(Printer.print(e)).as(input).isEqualTo(printed);
    return e;
  }

  private static void fails(String input, String message) {
    fails(input, ALL, message);
  }

  private static void fails(String input, ParserOptions options, String message) {
    assertThatThrownBy(() -> Parser.parse(input, options))
        .as(input)
        .isInstanceOf(ParseException.class)
        .hasMessage(message);
  }

  @Test
  void numberLiterals() {
    check("1", "1");
    check("+Inf", "+Inf");
    check("-Inf", "-Inf");
    check("inF", "+Inf");
    check("NaN", "NaN");
    check(".5", "0.5");
    check("5.", "5");
    check("123.4567", "123.4567");
    check("5e-3", "0.005");
    check("5e3", "5000");
    check("0x1f", "31");
    check("0X1F", "31");
    check("010", "8");
    check("09", "9");
    check("1e100", "1" + "0".repeat(100));
    check("-1", "-1");
    check("- 1", "-1");
    check("+1", "1");
    check("--1", "1");
    check("5m", "300");
    check("1h30m", "5400");
    assertThat(((Expr.NumberLiteral) Parser.parse("-1", ALL)).pos()).isEqualTo(new PosRange(0, 2));
  }

  @Test
  void stringLiterals() {
    Expr.StringLiteral s = (Expr.StringLiteral) check("\"a\\nb\\\"c\"", "\"a\\nb\\\"c\"");
    assertThat(s.value()).isEqualTo("a\nb\"c");
    assertThat(((Expr.StringLiteral) check("'it\\'s'", "\"it's\"")).value()).isEqualTo("it's");
    assertThat(((Expr.StringLiteral) check("`a\\n`", "\"a\\\\n\"")).value()).isEqualTo("a\\n");
    assertThat(((Expr.StringLiteral) check("\"\\u00e9\\x41\\101\"", "\"éAA\"")).value())
        .isEqualTo("éAA");
    assertThat(((Expr.StringLiteral) check("\"\\xc5\"", "\"\\xc5\"")).value()).hasSize(1);
  }

  @Test
  void precedenceAndAssociativity() {
    Expr e = check("1 + 2 * 3", "1 + 2 * 3");
    assertThat(((Expr.BinaryExpr) e).op()).isEqualTo(BinaryOp.ADD);
    e = check("2 ^ 3 ^ 2", "2 ^ 3 ^ 2");
    assertThat(((Expr.BinaryExpr) e).rhs()).isInstanceOf(Expr.BinaryExpr.class);
    e = check("1 - 2 - 3", "1 - 2 - 3");
    assertThat(((Expr.BinaryExpr) e).lhs()).isInstanceOf(Expr.BinaryExpr.class);
    // unary minus binds like *: -2^2 is -(2^2)
    e = check("-2^2", "-2 ^ 2");
    assertThat(e).isInstanceOf(Expr.UnaryExpr.class);
    e = check("-a * b", "-a * b");
    assertThat(((Expr.BinaryExpr) e).lhs()).isInstanceOf(Expr.UnaryExpr.class);
    e = check("a or b and c unless d", "a or b and c unless d");
    assertThat(((Expr.BinaryExpr) e).op()).isEqualTo(BinaryOp.OR);
    e = check("a == bool b + 1", "a == bool b + 1");
    assertThat(((Expr.BinaryExpr) e).returnBool()).isTrue();
    check("a atan2 b", "a atan2 b");
    check("1 < bool 2", "1 < bool 2");
    check("(1 + 2) * 3", "(1 + 2) * 3");
  }

  @Test
  void vectorSelectors() {
    Expr.VectorSelector vs = (Expr.VectorSelector) check("foo", "foo");
    assertThat(vs.name()).isEqualTo("foo");
    assertThat(vs.matchers()).containsExactly(Matcher.eq("__name__", "foo"));
    vs = (Expr.VectorSelector) check("foo{b!=\"2\", a=~'x.*',c!~`y`,}",
        "foo{a=~\"x.*\",b!=\"2\",c!~\"y\"}");
    assertThat(vs.matchers()).containsExactly(Matcher.neq("b", "2"), Matcher.re("a", "x.*"),
        Matcher.nre("c", "y"), Matcher.eq("__name__", "foo"));
    assertThat(vs.pos()).isEqualTo(new PosRange(0, 29));
    vs = (Expr.VectorSelector) check("{__name__=\"foo\"}", "{__name__=\"foo\"}");
    assertThat(vs.name()).isEmpty();
    vs = (Expr.VectorSelector) check("{\"my.metric\", \"a.b\"=\"c\"}",
        "{\"a.b\"=\"c\",__name__=\"my.metric\"}");
    assertThat(vs.matchers()).containsExactly(Matcher.eq("__name__", "my.metric"),
        Matcher.eq("a.b", "c"));
    check("a:b:c", "a:b:c");
    check("sum", "sum");
    check("offset", "offset");
    check("by{a=\"b\"}", "by{a=\"b\"}");
    check("foo{by=\"x\"}", "foo{by=\"x\"}");
    check("min_of", "min_of");
  }

  @Test
  void rangesOffsetsAndAt() {
    Expr.MatrixSelector m = (Expr.MatrixSelector) check("foo[5m]", "foo[5m]");
    assertThat(m.range()).isEqualTo(300_000);
    assertThat(m.rangeExpr()).isNull();
    check("foo[90s]", "foo[1m30s]");
    check("foo[1.5]", "foo[1s500ms]");
    check("foo[300]", "foo[5m]");
    m = (Expr.MatrixSelector) check("foo[5m] offset 1m @ 100", "foo[5m] @ 100.000 offset 1m");
    assertThat(m.selector().offset()).isEqualTo(60_000);
    assertThat(m.selector().at()).isEqualTo(At.at(100_000));
    Expr.VectorSelector vs = (Expr.VectorSelector) check("foo offset -5m", "foo offset -5m");
    assertThat(vs.offset()).isEqualTo(-300_000);
    check("foo @ start()", "foo @ start()");
    check("foo @ end() offset 1m", "foo @ end() offset 1m");
    vs = (Expr.VectorSelector) check("foo @ -1.5", "foo @ -1.500");
    assertThat(vs.at()).isEqualTo(At.at(-1500));
    check("foo OFFSET 1h", "foo offset 1h");
    Expr.SubqueryExpr s = (Expr.SubqueryExpr) check("rate(foo[5m])[30m:1m]", "rate(foo[5m])[30m:1m]");
    assertThat(s.range()).isEqualTo(1_800_000);
    assertThat(s.step()).isEqualTo(60_000);
    s = (Expr.SubqueryExpr) check("foo[1h:] offset 5m @ end()", "foo[1h:] @ end() offset 5m");
    assertThat(s.step()).isZero();
    assertThat(s.offset()).isEqualTo(300_000);
    check("(foo + bar)[5m:10s]", "(foo + bar)[5m:10s]");
    check("rate(foo[5m:1m])[1h:5m]", "rate(foo[5m:1m])[1h:5m]");
    check("min_over_time(rate(foo[5m])[30m:] offset 1m)",
        "min_over_time(rate(foo[5m])[30m:] offset 1m)");
  }

  @Test
  void aggregations() {
    Expr.AggregateExpr a = (Expr.AggregateExpr) check("sum by (job) (rate(x[5m]))",
        "sum by (job) (rate(x[5m]))");
    assertThat(a.grouping()).containsExactly("job");
    assertThat(a.without()).isFalse();
    check("sum(x) by (job, instance)", "sum by (job, instance) (x)");
    a = (Expr.AggregateExpr) check("avg without(a,) (x)", "avg without (a) (x)");
    assertThat(a.without()).isTrue();
    check("sum by () (x)", "sum(x)");
    check("SUM(x) BY (Job)", "sum by (Job) (x)");
    a = (Expr.AggregateExpr) check("topk(5, x)", "topk(5, x)");
    assertThat(a.op()).isEqualTo(AggregateOp.TOPK);
    assertThat(a.param()).isEqualTo(new Expr.NumberLiteral(5, new PosRange(5, 6)));
    check("count_values(\"v\", x)", "count_values(\"v\", x)");
    check("quantile without(le) (0.9, x)", "quantile without (le) (0.9, x)");
    check("sum by (\"a.b\", by, sum) (x)", "sum by (\"a.b\", by, sum) (x)");
    check("limitk(2, x)", "limitk(2, x)");
    check("limit_ratio by (a) (0.5, x)", "limit_ratio by (a) (0.5, x)");
    check("group(x)", "group(x)");
  }

  @Test
  void vectorMatching() {
    Expr.BinaryExpr b = (Expr.BinaryExpr) check("a + on(x, y) group_left(z) b",
        "a + on (x, y) group_left (z) b");
    assertThat(b.matching()).isEqualTo(new VectorMatching(VectorMatching.Cardinality.MANY_TO_ONE,
        List.of("x", "y"), true, List.of("z"), null, null));
    b = (Expr.BinaryExpr) check("a / ignoring(x) group_right b", "a / ignoring (x) group_right () b");
    assertThat(b.matching().cardinality()).isEqualTo(VectorMatching.Cardinality.ONE_TO_MANY);
    b = (Expr.BinaryExpr) check("a and b", "a and b");
    assertThat(b.matching().cardinality()).isEqualTo(VectorMatching.Cardinality.MANY_TO_MANY);
    b = (Expr.BinaryExpr) check("a + b", "a + b");
    assertThat(b.matching()).isEqualTo(new VectorMatching(VectorMatching.Cardinality.ONE_TO_ONE,
        List.of(), false, List.of(), null, null));
    b = (Expr.BinaryExpr) check("a * 2", "a * 2");
    assertThat(b.matching()).isNull();
    assertThat(b.type()).isEqualTo(ValueKind.VECTOR);
    b = (Expr.BinaryExpr) check("a + on() b", "a + on () b");
    assertThat(b.matching().on()).isTrue();
    b = (Expr.BinaryExpr) check("a + fill(0) b", "a + fill (0) b");
    assertThat(b.matching().fillLeft()).isEqualTo(0.0);
    assertThat(b.matching().fillRight()).isEqualTo(0.0);
    b = (Expr.BinaryExpr) check("a + fill_right(-1) fill_left(2) b",
        "a + fill_left (2) fill_right (-1) b");
    assertThat(b.matching().fillLeft()).isEqualTo(2.0);
    check("a == bool on(x) group_left fill_left(Inf) b",
        "a == bool on (x) group_left () fill_left (+Inf) b");
    check("fill + fill(0) other", "fill + fill (0) other");
    check("other + fill", "other + fill");
    check("other + fill_left(0) fill_left", "other + fill_left (0) fill_left");
  }

  @Test
  void functionCalls() {
    Expr.Call c = (Expr.Call) check("rate(foo[5m])", "rate(foo[5m])");
    assertThat(c.func().name()).isEqualTo("rate");
    assertThat(c.type()).isEqualTo(ValueKind.VECTOR);
    check("time()", "time()");
    check("round(x)", "round(x)");
    check("round(x, 5)", "round(x, 5)");
    check("label_join(x, \"a\", \",\", \"b\", \"c\", \"d\")",
        "label_join(x, \"a\", \",\", \"b\", \"c\", \"d\")");
    check("histogram_quantile(0.9, sum by (le) (rate(x[5m])))",
        "histogram_quantile(0.9, sum by (le) (rate(x[5m])))");
    check("info(x, {data=~\".*\"})", "info(x, {data=~\".*\"})");
    check("sort_by_label(x, \"a\", \"b\")", "sort_by_label(x, \"a\", \"b\")");
    check("step()", "step()");
    check("day_of_week()", "day_of_week()");
  }

  @Test
  void commentsAndWhitespace() {
    check("# comment\nfoo # another\n+ bar", "foo + bar");
    check("sum(\n  foo\n)\n", "sum(foo)");
  }

  @Test
  void durationExpressions() {
    Expr.MatrixSelector m = (Expr.MatrixSelector) check("foo[26m+4m]", "foo[26m + 4m]");
    assertThat(m.range()).isEqualTo(1_800_000);
    assertThat(m.rangeExpr()).isNotNull();
    m = (Expr.MatrixSelector) check("foo[2m*(10+5)]", "foo[2m * (10 + 5)]");
    assertThat(m.range()).isEqualTo(1_800_000);
    m = (Expr.MatrixSelector) check("foo[30m1s-30m1s % 1m]", "foo[30m1s - 30m1s % 1m]");
    assertThat(m.range()).isEqualTo(1_800_000);
    m = (Expr.MatrixSelector) check("foo[step()]", "foo[step()]");
    assertThat(m.rangeExpr().isConstant()).isFalse();
    assertThat(m.rangeExpr().resolveMillis(10_000, 0)).isEqualTo(10_000);
    m = (Expr.MatrixSelector) check("foo[1+(STep()-5)*2]", "foo[1 + (step() - 5) * 2]");
    assertThat(m.rangeExpr().resolveMillis(10_000, 0)).isEqualTo(11_000);
    check("foo[max_of(min_of(step()+1,1h),1ms)]", "foo[max_of(min_of(step() + 1, 1h), 1ms)]");
    Expr.SubqueryExpr s = (Expr.SubqueryExpr) check("foo[29s+1s:5s+5s]", "foo[29s + 1s:5s + 5s]");
    assertThat(s.range()).isEqualTo(30_000);
    assertThat(s.step()).isEqualTo(10_000);
    // offset takes one term: "offset 100 + 2" is "(x offset 100) + 2"
    Expr.BinaryExpr b = (Expr.BinaryExpr) check("x offset 100 + 2", "x offset 1m40s + 2");
    assertThat(((Expr.VectorSelector) b.lhs()).offset()).isEqualTo(100_000);
    b = (Expr.BinaryExpr) check("x offset -2 ^ 2", "x offset -2s ^ 2");
    assertThat(((Expr.VectorSelector) b.lhs()).offset()).isEqualTo(-2000);
    Expr.VectorSelector vs = (Expr.VectorSelector) check("x offset (100 + 2)", "x offset (100 + 2)");
    assertThat(vs.offset()).isEqualTo(102_000);
    vs = (Expr.VectorSelector) check("x offset -(min_of(step(), 2s)-5)",
        "x offset -(min_of(step(), 2s) - 5)");
    assertThat(vs.offsetExpr().resolveMillis(5000, 0)).isEqualTo(3000);
    b = (Expr.BinaryExpr) check("x offset -step()*2", "x offset -step() * 2");
    assertThat(((Expr.VectorSelector) b.lhs()).offsetExpr().resolveMillis(5000, 0))
        .isEqualTo(-5000);
    check("x offset range()", "x offset range()");
    check("x offset +min_of(step(), 1s)^0", "x offset min_of(step(), 1s) ^ 0");
  }

  @Test
  void extendedRangeSelectors() {
    Expr.Call c = (Expr.Call) check("rate(foo[5m] anchored)", "rate(foo[5m] anchored)");
    assertThat(((Expr.MatrixSelector) c.args().get(0)).selector().anchored()).isTrue();
    c = (Expr.Call) check("increase(foo[5m] smoothed offset 1m)",
        "increase(foo[5m] smoothed offset 1m)");
    assertThat(((Expr.MatrixSelector) c.args().get(0)).selector().smoothed()).isTrue();
    Expr.VectorSelector vs = (Expr.VectorSelector) check("foo smoothed", "foo smoothed");
    assertThat(vs.smoothed()).isTrue();
    check("anchored{job=\"a\"}", "anchored{job=\"a\"}");
  }

  @Test
  void parseSelector() {
    assertThat(Parser.parseSelector("up{job=\"a\"}", ParserOptions.DEFAULT))
        .containsExactly(Matcher.eq("job", "a"), Matcher.eq("__name__", "up"));
    assertThat(Parser.parseSelector("{__name__=~\"a.*\"}", ParserOptions.DEFAULT))
        .containsExactly(Matcher.re("__name__", "a.*"));
    assertThat(Parser.parseSelector("{}", ParserOptions.DEFAULT)).isEmpty();
    assertThatThrownBy(() -> Parser.parseSelector("rate(x[5m])", ParserOptions.DEFAULT))
        .hasMessage("1:5: parse error: unexpected \"(\"");
    assertThatThrownBy(() -> Parser.parseSelector("up + 1", ParserOptions.DEFAULT))
        .hasMessage("1:4: parse error: unexpected <op:+>");
  }
}
