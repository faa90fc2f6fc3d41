package dev.vigil.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Error messages and positions, as Prometheus 3 reports them (cases and expected texts follow
 * Prometheus's own parser tests). Only the first error is compared: it is the one Prometheus's
 * {@code ParseErrors.Error()} prints.
 */
class ParseErrorTest {
  private static final ParserOptions ALL = ParserOptions.ALL_EXPERIMENTAL;

  /** {@code want} is {@code line:col: parse error: detail} minus the "parse error: " part. */
  private static void fails(String input, String want) {
    fails(input, ALL, want);
  }

  private static void fails(String input, ParserOptions options, String want) {
    int colon = want.indexOf(": ");
    String expected = want.substring(0, colon) + ": parse error: " + want.substring(colon + 2);
    assertThatThrownBy(() -> Parser.parse(input, options))
        .as(input)
        .isInstanceOf(ParseException.class)
        .hasMessage(expected);
  }

  @Test
  void lexicalErrors() {
    fails("", "1:1: no expression found in input");
    fails("# just a comment\n\n", "1:1: no expression found in input");
    fails(".", "1:1: unexpected character: '.'");
    fails("2.5.", "1:1: bad number or duration syntax: \"2.5.\"");
    fails("100..4", "1:1: bad number or duration syntax: \"100..\"");
    fails("0deadbeef", "1:1: bad number or duration syntax: \"0de\"");
    fails("(1))", "1:5: unexpected right parenthesis ')'");
    fails("((1)", "1:5: unclosed left parenthesis");
    fails("(", "1:2: unclosed left parenthesis");
    fails("sum(", "1:5: unclosed left parenthesis");
    fails("1 !~ 1", "1:3: unexpected character after '!': '~'");
    fails("1 =~ 1", "1:3: unexpected character after '=': '~'");
    fails("}", "1:1: unexpected character: '}'");
    fails("some}", "1:5: unexpected character: '}'");
    fails("{", "1:2: unexpected end of input inside braces");
    fails("some{", "1:6: unexpected end of input inside braces");
    fails("some_metric{a:b=\"b\"}", "1:14: unexpected character inside braces: ':'");
    fails("foo{a*\"b\"}", "1:6: unexpected character inside braces: '*'");
    fails("foo{a>=\"b\"}", "1:6: unexpected character inside braces: '>'");
    fails("foo{1}", "1:5: unexpected character inside braces: '1'");
    fails("`\\``", "1:4: unterminated raw string");
    fails("\"\\", "1:1: escape sequence not terminated");
    fails("\"\\c\"", "1:1: unknown escape sequence U+0063 'c'");
    fails("\"\\x.\"", "1:1: illegal character U+002E '.' in escape sequence");
    fails("\"abc", "1:1: unterminated quoted string");
    fails("sum by (\"foo)(some_metric{})", "1:9: unterminated quoted string");
    fails("foo[5mm]", "1:5: bad number or duration syntax: \"5mm\"");
    fails("foo[5m1]", "1:5: bad number or duration syntax: \"5m1\"");
    fails("foo[5m:1m1]", "1:8: bad number or duration syntax: \"1m1\"");
    fails("some_metric[5m] OFFSET 1mm", "1:24: bad number or duration syntax: \"1mm\"");
    fails("foo{bar=\"baz\"}[", "1:16: unexpected end of input in duration expression");
    fails("foo[\"5m\"]", "1:5: unexpected character in duration expression: '\"'");
    fails("foo[5s x 5s]", "1:8: unexpected character: 'x', expected ':'");
    fails("foo\n  + (bar", "2:9: unclosed left parenthesis");
    // Columns count UTF-8 bytes, as Prometheus counts them.
    fails("\"é\" +", "1:7: unexpected end of input");
    fails("x + é", "1:5: unexpected character: 'é'");
  }

  @Test
  void syntaxErrors() {
    fails("1+", "1:3: unexpected end of input");
    fails("1 /", "1:4: unexpected end of input");
    fails("*1", "1:1: unexpected <op:*>");
    fails("*test", "1:1: unexpected <op:*>");
    fails("@@", "1:1: unexpected <op:@>");
    fails("-=", "1:2: unexpected \"=\"");
    fails("++-++-+-+-<", "1:11: unexpected <op:<>");
    fails("e-+=/(0)", "1:4: unexpected \"=\"");
    fails("a - on(b) ignoring(c) d", "1:11: unexpected <ignoring>");
    fails("foo + group_left(baz) bar", "1:7: unexpected <group_left>");
    fails("some_metric{a=b}", "1:15: unexpected identifier \"b\" in label matching, expected string");
    fails("foo{gibberish}", "1:14: unexpected \"}\" in label matching, expected label matching operator");
    fails("foo{__name__= =}", "1:15: unexpected \"=\" in label matching, expected string");
    fails("foo{,}", "1:5: unexpected \",\" in label matching, expected identifier or \"}\"");
    fails("foo{__name__ == \"bar\"}", "1:15: unexpected \"=\" in label matching, expected string");
    fails("foo{__name__=\"bar\" lol}",
        "1:20: unexpected identifier \"lol\" in label matching, expected \",\" or \"}\"");
    fails("foo{\"a\"=}", "1:9: unexpected \"}\" in label matching, expected string");
    fails("sum without(==)(some_metric)", "1:13: unexpected <op:==> in grouping opts, expected label");
    fails("sum without(,)(some_metric)", "1:13: unexpected \",\" in grouping opts, expected label");
    fails("sum without(foo,,)(some_metric)",
        "1:17: unexpected \",\" in grouping opts, expected label");
    fails("sum some_metric by (test)", "1:5: unexpected identifier \"some_metric\"");
    fails("sum (some_metric) by test",
        "1:22: unexpected identifier \"test\" in grouping opts, expected \"(\"");
    fails("MIN keep_common (some_metric)", "1:5: unexpected identifier \"keep_common\"");
    fails("MIN (some_metric) keep_common", "1:19: unexpected identifier \"keep_common\"");
    fails("sum (some_metric) without (test) by (test)", "1:34: unexpected <by>");
    fails("sum without (test) (some_metric) by (test)", "1:34: unexpected <by>");
    fails("sum(foo 1)", "1:9: unexpected number \"1\" in aggregation");
    fails("topk(some_metric,)", "1:17: trailing commas not allowed in function call args");
    fails("foo[]",
        "1:5: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()");
    fails("foo[step]",
        "1:9: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()");
    fails("some_metric[5m] OFFSET",
        "1:23: unexpected end of input in offset, expected number, duration, step(), or range()");
    fails("some_metric[5m] @", "1:18: unexpected end of input in @, expected timestamp");
    fails("foo[5m", "1:7: unexpected end of input in duration expression");
    fails("foo[5m:1m:]", "1:10: unexpected colon ':'");
    fails("\"a very long string literal\" \"x\"",
        "1:30: unexpected string \"\\\"x\\\"\"");
    fails("1 \"a very long string literal\"",
        "1:3: unexpected string \"\\\"a very lo\"...");
  }

  @Test
  void modifierErrors() {
    fails("1 offset 1d", "1:1: offset modifier must be preceded by an instant vector selector "
        + "or range vector selector or a subquery");
    fails("foo offset 1s offset 2s", "1:1: offset may not be set multiple times");
    fails("foo @ 1 @ 2", "1:1: @ <timestamp> may not be set multiple times");
    fails("foo @ start() @ end()", "1:1: @ <timestamp> may not be set multiple times");
    fails("rate(some_metric[5m]) @ 1234", "1:1: @ modifier must be preceded by an instant "
        + "vector selector or range vector selector or a subquery");
    fails("foo @ +Inf", "1:1: timestamp out of bounds for @ modifier: +Inf");
    fails("foo @ -Inf", "1:1: timestamp out of bounds for @ modifier: -Inf");
    fails("foo @ NaN", "1:1: timestamp out of bounds for @ modifier: NaN");
    fails("foo @ 9223372036854775808.000000",
        "1:1: timestamp out of bounds for @ modifier: 9223372036854775808.000000");
    fails("some_metric OFFSET 1m[5m]", "1:22: no offset modifiers allowed before range");
    fails("some_metric @ 1234 [5m]", "1:20: no @ modifiers allowed before range");
    fails("some_metric @ start() [5m]", "1:23: no @ modifiers allowed before range");
    fails("some_metric offset step()[5m]", "1:26: no offset modifiers allowed before range");
    fails("(foo + bar)[5m]", "1:12: ranges only allowed for vector selectors");
    fails("rate(food[1m])[1h] offset 1h", "1:15: ranges only allowed for vector selectors");
    fails("1[5m] smoothed", "1:2: ranges only allowed for vector selectors");
    fails("foo[5y1hs]", "1:5: unknown unit \"hs\" in duration \"5y1hs\"");
    fails("foo[5m1h]", "1:5: not a valid duration string: \"5m1h\"");
    fails("foo[5m1m]", "1:5: not a valid duration string: \"5m1m\"");
    fails("foo[0m]", "1:5: duration must be greater than 0");
    fails("foo[-1]", "1:5: duration must be greater than 0");
    fails("foo[step()/0d]", "1:11: division by zero");
    fails("foo[5s/0d]", "1:7: division by zero");
    fails("foo offset (4d/0)", "1:15: division by zero");
    fails("foo[5s%0d]", "1:7: modulo by zero");
    fails("foo offset 9.5e10", "1:12: duration out of range");
    fails("foo[9.5e10]", "1:5: duration out of range");
    fails("foo[5m:] anchored", "1:1: anchored modifier is not supported for subqueries");
    fails("foo[5m] anchored smoothed", "1:1: anchored and smoothed modifiers cannot be used together");
  }

  @Test
  void typeErrors() {
    fails("1 and 1", "1:1: set operator \"and\" not allowed in binary scalar expression");
    fails("1 == 1", "1:3: comparisons between scalars must use BOOL modifier");
    fails("1 or 1", "1:1: set operator \"or\" not allowed in binary scalar expression");
    fails("foo and 1", "1:1: set operator \"and\" not allowed in binary scalar expression");
    fails("1 unless foo", "1:1: set operator \"unless\" not allowed in binary scalar expression");
    fails("1 or on(bar) foo", "1:1: vector matching only allowed between instant vectors");
    fails("foo == on(bar) 10", "1:1: vector matching only allowed between instant vectors");
    fails("foo and on(bar) group_left(baz) bar", "1:1: no grouping allowed for \"and\" operation");
    fails("foo unless on(bar) group_right(baz) bar",
        "1:1: no grouping allowed for \"unless\" operation");
    fails("http_requests{group=\"production\"} + on(instance) group_left(job,instance) "
        + "cpu_count{type=\"smp\"}",
        "1:35: label \"instance\" must not occur in ON and GROUP clause at once");
    fails("foo + bool bar", "1:5: bool modifier can only be used on comparison operators");
    fails("foo and bool 10", "1:5: bool modifier can only be used on comparison operators");
    fails("-\"string\"", "1:1: unary expression only allowed on expressions of type scalar or "
        + "instant vector, got \"string\"");
    fails("-test[5m]", "1:1: unary expression only allowed on expressions of type scalar or "
        + "instant vector, got \"range vector\"");
    fails("foo[5m] + 1", "1:1: binary expression must contain only scalar and instant vector types");
    fails("1 + foo[5m]", "1:5: binary expression must contain only scalar and instant vector types");
    fails("{}", "1:1: vector selector must contain at least one non-empty matcher");
    fails("{x=\"\"}", "1:1: vector selector must contain at least one non-empty matcher");
    fails("{x=~\".*\"}", "1:1: vector selector must contain at least one non-empty matcher");
    fails("{x!~\".+\"}", "1:1: vector selector must contain at least one non-empty matcher");
    fails("{x!=\"a\"}", "1:1: vector selector must contain at least one non-empty matcher");
    fails("foo{__name__=\"bar\"}", "1:1: metric name must not be set twice: \"foo\" or \"bar\"");
    fails("sum () by (test)", "1:1: no arguments for aggregate expression provided");
    fails("topk(some_metric)",
        "1:1: wrong number of arguments for aggregate expression provided, expected 2, got 1");
    fails("topk(some_metric, other_metric)",
        "1:6: expected type scalar in aggregation parameter, got instant vector");
    fails("count_values(5, other_metric)",
        "1:14: expected type string in aggregation parameter, got scalar");
    fails("sum(foo[5m])", "1:5: expected type instant vector in aggregation expression, got range vector");
    fails("floor()", "1:1: expected 1 argument(s) in call to \"floor\", got 0");
    fails("floor(some_metric, other_metric)", "1:1: expected 1 argument(s) in call to \"floor\", got 2");
    fails("floor(1)", "1:7: expected type instant vector in call to function \"floor\", got scalar");
    fails("hour(some_metric, some_metric, some_metric)",
        "1:1: expected at most 1 argument(s) in call to \"hour\", got 3");
    fails("label_join(x, \"a\")", "1:1: expected at least 3 argument(s) in call to \"label_join\", got 2");
    fails("label_join(x, \"a\", \",\", 1)",
        "1:25: expected type string in call to function \"label_join\", got scalar");
    fails("time(some_metric)", "1:1: expected 0 argument(s) in call to \"time\", got 1");
    fails("non_existent_function_far_bar()",
        "1:1: unknown function with name \"non_existent_function_far_bar\"");
    fails("RATE(foo[5m])", "1:1: unknown function with name \"RATE\"");
    fails("rate(some_metric)",
        "1:6: expected type range vector in call to function \"rate\", got instant vector");
    fails("rate(avg)", "1:6: expected type range vector in call to function \"rate\", got instant vector");
    fails("a>b()", "1:3: unknown function with name \"b\"");
    fails("test[5d] OFFSET 10s [10m:5s]",
        "1:1: subquery is only allowed on instant vector, got matrix instead");
    fails("(foo + bar{nm=\"val\"})[5m:][10m:5s]",
        "1:1: subquery is only allowed on instant vector, got matrix instead");
    fails("info(rate(http_request_counter_total{}[5m]), target_info{foo=\"bar\"})",
        "1:46: expected label selectors only, got vector selector instead");
    fails("info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\"} == 1)",
        "1:51: expected label selectors only");
    fails("foo{a=~\"(\"}", "1:5: invalid regular expression \"(\": Unclosed group");
    // RE2, not Java: no lookaround, no backreferences
    fails("foo{a=~\"(?=a)b\"}", "1:5: invalid regular expression \"(?=a)b\": invalid or unsupported Perl syntax: `(?=`");
    fails("foo{a=~\"(a)\\\\1\"}", "1:5: invalid regular expression \"(a)\\\\1\": invalid escape sequence: `\\1`");
  }

  @Test
  void fillModifierErrors() {
    fails("1 + fill(0) foo", "1:1: filling in missing series only allowed between instant vectors");
    fails("foo and fill(0) bar", "1:1: filling in missing series not allowed for set operators");
  }

  @Test
  void featureFlagsOff() {
    ParserOptions off = ParserOptions.DEFAULT;
    fails("limitk(1, foo)", off, "1:1: limitk() is experimental and must be enabled with "
        + "--enable-feature=promql-experimental-functions");
    fails("limit_ratio(0.5, foo)", off, "1:1: limit_ratio() is experimental and must be enabled "
        + "with --enable-feature=promql-experimental-functions");
    fails("sort_by_label(foo, \"a\")", off, "1:1: function \"sort_by_label\" is not enabled");
    fails("sum(mad_over_time(foo[5m]))", off, "1:5: function \"mad_over_time\" is not enabled");
    fails("foo[5m+1m]", off, "1:5: experimental duration expression is not enabled");
    fails("foo[5m:step()]", off, "1:8: experimental duration expression is not enabled");
    fails("foo offset (5m)", off, "1:12: experimental duration expression is not enabled");
    fails("foo offset -step()", off, "1:12: experimental duration expression is not enabled");
    fails("rate(foo[5m] anchored)", off, "1:6: anchored modifier is experimental and not enabled");
    fails("rate(foo[5m] smoothed)", off, "1:6: smoothed modifier is experimental and not enabled");
    fails("a + fill(0) b", off, "1:1: binop fill modifiers are experimental and not enabled");
    fails("a + on(x) fill_left(1) b", off,
        "1:1: binop fill modifiers are experimental and not enabled");
    ParserOptions durationsOnly =
        ParserOptions.fromFeatureFlags(java.util.List.of("promql-duration-expr", "other"));
    assertThat(durationsOnly).isEqualTo(new ParserOptions(false, true, false, false));
    assertThat(Parser.parse("foo[5m+1m]", durationsOnly)).isNotNull();
    fails("foo[5m] anchored", durationsOnly,
        "1:1: anchored modifier is experimental and not enabled");
    // Plain literals need no flag.
    assertThat(Parser.parse("foo[300] offset -5m", off)).isNotNull();
    assertThat(Parser.parse("foo[5m:1m] offset 10", off)).isNotNull();
  }
}
