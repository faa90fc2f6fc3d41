package dev.vigil.alerting.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.common.text.GoQuote;
import dev.vigil.model.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatcherParserTest {
  private static void check(String input, String want) {
    assertThat(Matchers.sorted(MatcherParser.parseList(input)).toString()).as(input).isEqualTo(want);
  }

  private static void fails(String input, String message) {
    assertThatThrownBy(() -> MatcherParser.parseList(input))
        .as(input)
        .isInstanceOf(MatcherSyntaxException.class)
        .hasMessageContaining(message);
  }

  @Test
  void parsesAlertmanagerExamples() {
    check("{foo = \"bar\", dings != \"bums\", }", "{dings!=\"bums\",foo=\"bar\"}");
    check("foo=bar,dings!=bums", "{dings!=\"bums\",foo=\"bar\"}");
    check("foo=bar, dings!=bums", "{dings!=\"bums\",foo=\"bar\"}");
    check("{quote=\"She said: \\\"Hi, ladies! That's gender-neutral…\\\"\"}",
        "{quote=\"She said: \\\"Hi, ladies! That's gender-neutral…\\\"\"}");
    check("statuscode=~\"5..\"", "{statuscode=~\"5..\"}");
    check("tags=~\"a,b\"", "{tags=~\"a,b\"}");
    check("foo=", "{foo=\"\"}");
    check("foo=\"\"", "{foo=\"\"}");
    check("a=\"x\\ny\"", "{a=\"x\\ny\"}");
    check("a=x\\y", "{a=\"x\\\\y\"}"); // a lone backslash stays literal
    check("a=x\\", "{a=\"x\\\\\"}");
    check("  job  !~  \"node|prom\"  ", "{job!~\"node|prom\"}");
    check("a:b=c", "{a:b=\"c\"}");
    check("", "{}");
    check("{}", "{}");
  }

  @Test
  void refusesMalformedMatchers() {
    fails("foo", "bad matcher format: foo");
    fails("1foo=bar", "bad matcher format: 1foo=bar");
    fails("foo=\"bar", "matcher value contains unescaped double quote: \"bar");
    fails("foo=b\"ar", "matcher value contains unescaped double quote: b\"ar");
    fails("foo=~\"(\"", "error parsing regexp");
  }

  @Test
  void regexesAreAnchoredAndDotSkipsNewlines() {
    LabelMatcher m = MatcherParser.parse("job=~\"api|web\"");
    assertThat(m.matches("api")).isTrue();
    assertThat(m.matches("xapi")).isFalse();
    assertThat(m.matches("apix")).isFalse();
    LabelMatcher dot = MatcherParser.parse("a=~\".*\"");
    assertThat(dot.matches("x\ny")).isFalse();
    assertThat(MatcherParser.parse("a=~\"(?P<x>b)\"").matches("b")).isTrue();
  }

  @Test
  void missingLabelsMatchAsEmpty() {
    Labels l = Labels.of("a", "1");
    assertThat(MatcherParser.parse("b=\"\"").matches(l)).isTrue();
    assertThat(MatcherParser.parse("b!=\"\"").matches(l)).isFalse();
    assertThat(MatcherParser.parse("b!~\"x\"").matches(l)).isTrue();
    assertThat(new Matchers(MatcherParser.parseList("a=1,b=~\"|x\"")).matches(l)).isTrue();
  }

  @Test
  void ordersByNameValueThenType() {
    List<LabelMatcher> ms = MatcherParser.parseList("b=1,a!=2,a=2,a=1");
    assertThat(Matchers.sorted(ms).toString()).isEqualTo("{a=\"1\",a=\"2\",a!=\"2\",b=\"1\"}");
  }

  @Test
  void goQuoting() {
    assertThat(GoQuote.quote("a\"b\\c\td\u0001é☃\u200b")).isEqualTo("\"a\\\"b\\\\c\\td\\x01é☃\\u200b\"");
  }

  @Test
  void fingerprintsAgreeWithAlertmanager() {
    // Values computed by Alertmanager 0.25 (model.LabelSet.Fingerprint).
    assertThat(LabelSets.fingerprintString(Labels.EMPTY)).isEqualTo("cbf29ce484222325");
    assertThat(LabelSets.format(Labels.of("alertname", "X", "a0", "1", "a", "2")))
        .isEqualTo("{a0=\"1\", a=\"2\", alertname=\"X\"}");
  }
}
