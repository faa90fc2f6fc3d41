package dev.vigil.common.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Execution semantics; expected outputs are the ones Go's text/template produces for the same
 * templates (its exec_test.go tables and documentation).
 */
class TemplateExecTest {
  /** Test data shaped like Go's exec_test T struct. */
  public record Data(
      boolean True,
      long I,
      String X,
      List<Long> SI,
      List<Long> SIEmpty,
      List<Boolean> SB,
      Map<String, Long> MSI,
      Map<String, Long> MSIone,
      Map<String, Object> MSIEmpty,
      U U,
      double FloatZero,
      Object Empty0) {
    public String Method0() {
      return "M0";
    }

    public long Method1(long a) {
      return a;
    }

    public String Method2(long a, String b) {
      return "Method2: " + a + " " + b;
    }

    public String MyError(boolean fail) {
      if (fail) {
        throw new IllegalStateException("my error");
      }
      return "false";
    }
  }

  /** A nested struct. */
  public record U(String V) {
    public boolean TrueFalse(boolean b) {
      return b;
    }
  }

  static final Data T_VAL = new Data(
      true, 17, "x", List.of(3L, 4L, 5L), List.of(), List.of(true, false),
      sorted("one", 1L, "two", 2L, "three", 3L), sorted("one", 1L), new LinkedHashMap<>(),
      new U("v"), 0.0, null);

  static Map<String, Long> sorted(Object... kv) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Long) kv[i + 1]);
    }
    return m;
  }

  static final Map<String, TemplateFunction> FUNCS = Map.of(
      "add", a -> a.stream().mapToLong(x -> ((Number) x).longValue()).sum(),
      "echo", a -> a.getFirst(),
      "oneArg", TemplateFunction.of(Signature.of(Signature.Type.STRING), a -> "oneArg=" + a.getFirst()),
      "twoArgs", TemplateFunction.of(Signature.of(Signature.Type.STRING, Signature.Type.STRING),
          a -> "twoArgs=" + a.get(0) + a.get(1)),
      "zeroArgs", TemplateFunction.of(Signature.of(), a -> "zeroArgs"),
      "makemap", a -> {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < a.size(); i += 2) {
          m.put((String) a.get(i), (String) a.get(i + 1));
        }
        return m;
      },
      "mapOfThree", TemplateFunction.of(Signature.of(), a -> Map.of("three", 3L)),
      "fail", a -> {
        throw new IllegalArgumentException("boom");
      });

  static String exec(String text, Object data) throws TemplateException {
    return TemplateSet.builder().functions(FUNCS).parse("test", text).build().execute(data);
  }

  static void check(String text, Object data, String want) {
    try {
      assertThat(exec(text, data)).as(text).isEqualTo(want);
    } catch (TemplateException e) {
      throw new AssertionError(text + ": " + e.getMessage(), e);
    }
  }

  static void checkError(String text, Object data, String want) {
    assertThatThrownBy(() -> exec(text, data)).as(text).isInstanceOf(TemplateException.class)
        .hasMessage(want);
  }

  static void checkFails(String text, Object data) {
    assertThatThrownBy(() -> exec(text, data)).as(text).isInstanceOf(TemplateException.class);
  }

  @Test
  void textAndFields() {
    check("hello", null, "hello");
    check("{{.X}}", T_VAL, "x");
    check("{{.U.V}}", T_VAL, "v");
    check("{{.I}}", T_VAL, "17");
    check("{{.SI}}", T_VAL, "[3 4 5]");
    check("{{.MSI}}", T_VAL, "map[one:1 three:3 two:2]");
    check("{{.Empty0}}", T_VAL, "<no value>");
    check("{{$}}", 3L, "3");
    check("{{.}}", "text", "text");
    check("{{.cause}}", Map.of("cause", "neglect"), "neglect");
    check("{{mapOfThree.three}}-{{(mapOfThree).three}}", 0L, "3-3");
    check("{{(makemap \"up\" \"down\" \"left\" \"right\").left}}", T_VAL, "right");
    check("{{($).X}}", T_VAL, "x");
    check("{{($ | echo).X}}", T_VAL, "x");
  }

  @Test
  void literals() {
    check("{{1}} {{1.5}} {{1e3}} {{0x1F}} {{017}} {{'a'}} {{-3}} {{true}} {{\"s\\tq\"}} {{`raw\\n`}}", null,
        "1 1.5 1000 31 15 97 -3 true s\tq raw\\n");
    check("{{printf `%T` 0xef}}", null, "int");
    check("{{printf `%T` 1.0}}", null, "float64");
    check("{{1_000}}", null, "1000");
  }

  @Test
  void methods() {
    check("-{{.Method0}}-", T_VAL, "-M0-");
    check("-{{.Method1 1234}}-", T_VAL, "-1234-");
    check("-{{.Method2 .I .X}}-", T_VAL, "-Method2: 17 x-");
    check("-{{.Method2 16 `x`}}-", T_VAL, "-Method2: 16 x-");
    check("{{if $x := .}}-{{$x.Method2 16 $x.X}}{{end}}-", T_VAL, "-Method2: 16 x-");
    check("{{range .MSIone}}{{if $.U.TrueFalse $.True}}{{$.U.TrueFalse $.True}}{{else}}WRONG{{end}}{{end}}",
        T_VAL, "true");
    check("-{{.Method0 | .Method2 16}}-", T_VAL, "-Method2: 16 M0-");
    check("{{.MyError false}}", T_VAL, "false");
  }

  @Test
  void ifWithElse() {
    check("{{if true}}TRUE{{end}}", null, "TRUE");
    check("{{if false}}TRUE{{else}}FALSE{{end}}", null, "FALSE");
    check("{{if 1}}NON-ZERO{{else}}ZERO{{end}}", null, "NON-ZERO");
    check("{{if 0}}NON-ZERO{{else}}ZERO{{end}}", null, "ZERO");
    check("{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}", null, "NON-ZERO");
    check("{{if .FloatZero}}NON-ZERO{{else}}ZERO{{end}}", T_VAL, "ZERO");
    check("{{if ``}}NON-EMPTY{{else}}EMPTY{{end}}", null, "EMPTY");
    check("{{if .SIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}", T_VAL, "EMPTY");
    check("{{if .SI}}NON-EMPTY{{else}}EMPTY{{end}}", T_VAL, "NON-EMPTY");
    check("{{if .MSIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}", T_VAL, "EMPTY");
    check("{{if $x := true}}{{with $y := .I}}{{$x}},{{$y}}{{end}}{{end}}", T_VAL, "true,17");
    check("{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}", T_VAL, "17,true");
    check("{{if false}}FALSE{{else if true}}TRUE{{end}}", null, "TRUE");
    check("{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}", null, "3");
    check("{{if .Empty0}}non-nil{{else}}nil{{end}}", T_VAL, "nil");
    check("{{with true}}{{.}}{{end}}", null, "true");
    check("{{with false}}{{.}}{{else}}FALSE{{end}}", null, "FALSE");
    check("{{with .SI}}{{.}}{{else}}EMPTY{{end}}", T_VAL, "[3 4 5]");
    check("{{with .MSIone}}{{.}}{{else}}EMPTY{{end}}", T_VAL, "map[one:1]");
    check("{{with $x := .I}}{{$x}}{{end}}", T_VAL, "17");
    check("{{with $x := $}}{{$y := $.U.V}}{{$y}}{{end}}", T_VAL, "v");
    check("{{with .SIEmpty}}a{{else with .SI}}{{.}}{{else}}c{{end}}", T_VAL, "[3 4 5]");
    check("{{with .SIEmpty}}a{{else with .MSIEmpty}}b{{else}}c{{end}}", T_VAL, "c");
    checkFails("{{if nil}}TRUE{{end}}", null);
  }

  @Test
  void range() {
    check("{{range .SI}}-{{.}}-{{end}}", T_VAL, "-3--4--5-");
    check("{{range .SIEmpty}}-{{.}}-{{end}}", T_VAL, "");
    check("{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}", T_VAL, "EMPTY");
    check("{{range .SB}}-{{.}}-{{end}}", T_VAL, "-true--false-");
    check("{{range .MSI}}-{{.}}-{{end}}", T_VAL, "-1--3--2-");
    check("{{range .MSIEmpty}}-{{.}}-{{else}}EMPTY{{end}}", T_VAL, "EMPTY");
    check("{{range .Empty0}}-{{.}}-{{end}}", T_VAL, "");
    Iterable<String> it = () -> List.of("p", "q").iterator();
    check("{{range $i, $e := .}}{{$i}}{{$e}}{{end}} {{len .}} {{index . 1}} {{.}}", it, "0p1q 2 q [p q]");
    check("{{range $x := .SI}}<{{$x}}>{{end}}", T_VAL, "<3><4><5>");
    check("{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}", T_VAL, "<0=3><1=4><2=5>");
    check("{{range $x, $y := .MSIone}}<{{$x}}={{$y}}>{{end}}", T_VAL, "<one=1>");
    check("{{range $x := .SI}}<{{$foo:=$x}}{{$x}}>{{end}}", T_VAL, "<3><4><5>");
    check("{{range 4}}{{.}}{{end}}", null, "0123");
    check("{{range $i := 3}}{{$i}}{{end}}", null, "012");
    check("{{range 0}}x{{else}}none{{end}}", null, "none");
    check("{{range .SI}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}", T_VAL, "3");
    check("{{range .SI}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}", T_VAL, "35");
    check("{{$x := 0}}{{range .SI}}{{$x = .}}{{end}}{{$x}}", T_VAL, "5");
    check("{{range $i, $e := .SI}}{{$i}}{{end}}{{$i := 9}}{{$i}}", T_VAL, "0129");
    check("{{$i := 0}}{{$e := 0}}{{range $i, $e = .SI}}{{end}}{{$i}}:{{$e}}", T_VAL, "2:5");
    checkError("{{range $i, $e := 3}}{{end}}", null,
        "template: test:1:18: executing \"test\" at <3>: can't use 3 to iterate over more than one variable");
    checkError("{{range .X}}{{end}}", T_VAL,
        "template: test:1:8: executing \"test\" at <.X>: range can't iterate over x");
  }

  @Test
  void builtins() {
    check("{{print \"hello, print\"}}", null, "hello, print");
    check("{{print 1 2 3}}", null, "1 2 3");
    check("{{print nil}}", null, "<nil>");
    check("{{println 1 2 3}}", null, "1 2 3\n");
    check("{{printf \"%04x\" 127}}", null, "007f");
    check("{{printf \"%g\" 3.5}}", null, "3.5");
    check("{{printf \"%s\" .U.V}}", T_VAL, "v");
    check("{{printf \"%s\" .Method0}}", T_VAL, "M0");
    check("{{with .I}}{{printf \"%d\" .}}{{end}}", T_VAL, "17");
    check("{{printf \"%#q\" zeroArgs}}", null, "`zeroArgs`");
    check("{{printf `%d %d %d` (1) (2 | add 3) (add 4 (add 5 6))}}", null, "1 5 15");
    check("{{\"x\" | printf}}", null, "x");
    check("{{html \"<script>alert(\\\"XSS\\\");</script>\"}}", null,
        "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;");
    check("{{printf \"<script>alert(\\\"XSS\\\");</script>\" | html}}", null,
        "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;");
    check("{{js .}}", "It'd be nice.", "It\\'d be nice.");
    check("{{js .}}", "<a href=\"x\">&", "\\u003Ca href\\u003D\\\"x\\\"\\u003E\\u0026");
    check("{{\"http://www.example.org/\"|urlquery}}", null, "http%3A%2F%2Fwww.example.org%2F");
    check("{{urlquery \"a b\" 1}}", null, "a+b1");
    check("{{not true}} {{not false}}", null, "false true");
    check("{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}", null, "false 0 0 1");
    check("{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}", null, "0 1 true 1");
    check("{{if and true 1 `hi`}}TRUE{{else}}FALSE{{end}}", null, "TRUE");
    check("{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}", null, "FALSE");
    check("{{or .SI \"slice is empty\"}}", T_VAL, "[3 4 5]");
    check("{{or .SIEmpty \"slice is empty\"}}", T_VAL, "slice is empty");
    check("{{and .SIEmpty (fail)}}", T_VAL, "[]");
    check("{{index .SI 0}} {{index .SI 2}}", T_VAL, "3 5");
    check("{{index .MSI `two`}}", T_VAL, "2");
    check("{{index .MSI `XXX`}}", T_VAL, "<no value>");
    check("{{index .M `XXX`}}", Map.of("M", TypedMap.ofStrings(Map.of("a", "b"))), "");
    check("{{index . 1 0}}", List.of(List.of(1L), List.of(2L)), "2");
    check("{{index `hi` 0}}", null, "104");
    check("{{len .SI}} {{len .MSI}} {{len `héllo`}}", T_VAL, "3 3 6");
    check("{{slice .SI 1}} {{slice .SI 1 2}} {{slice `hello` 1 3}} {{slice .SI}}", T_VAL, "[4 5] [4] el [3 4 5]");
    check("{{eq (index `x` 0) 'x'}}", null, "true");
    check("{{call .}}", (TemplateFunction) a -> "called", "called");
    check("{{call . 1 2}}", (TemplateFunction) a -> a.size(), "2");
  }

  @Test
  void comparisons() {
    String[][] cases = {
      {"eq true true", "true"}, {"eq true false", "false"}, {"eq 1.5 1.5", "true"}, {"eq 1.5 2.5", "false"},
      {"eq 1 1", "true"}, {"eq 1 2", "false"}, {"eq `xy` `xy`", "true"}, {"eq `xy` `xyz`", "false"},
      {"eq 3 4 5 6 3", "true"}, {"eq 3 4 5 6 7", "false"}, {"ne true true", "false"}, {"ne 1 2", "true"},
      {"ne `xy` `xyz`", "true"}, {"lt 1.5 2.5", "true"}, {"lt 1 1", "false"}, {"lt `xy` `xyz`", "true"},
      {"le 1.5 1.5", "true"}, {"le 2 1", "false"}, {"le `xyz` `xy`", "false"}, {"gt 2 1", "true"},
      {"gt 1 2", "false"}, {"gt `xy` `xyz`", "false"}, {"ge 1.5 2.5", "false"}, {"ge 2 1", "true"},
      {"ge `xyz` `xy`", "true"},
    };
    for (String[] c : cases) {
      check("{{if " + c[0] + "}}true{{else}}false{{end}}", null, c[1]);
    }
    checkError("{{eq `xy` 1}}", null,
        "template: test:1:2: executing \"test\" at <eq `xy` 1>: error calling eq: incompatible types for comparison");
    checkError("{{eq 2 2.0}}", null,
        "template: test:1:2: executing \"test\" at <eq 2 2.0>: error calling eq: incompatible types for comparison");
    checkError("{{lt true true}}", null,
        "template: test:1:2: executing \"test\" at <lt true true>: error calling lt: invalid type for comparison");
    checkError("{{gt .I 1.5}}", T_VAL,
        "template: test:1:2: executing \"test\" at <gt .I 1.5>: error calling gt: incompatible types for comparison");
    checkError("{{eq 1}}", null,
        "template: test:1:2: executing \"test\" at <eq 1>: error calling eq: missing argument for comparison");
  }

  @Test
  void variables() {
    check("{{$x := 1}}{{$x}}", null, "1");
    check("{{$x := 1}}{{$x = 2}}{{$x}}", null, "2");
    check("{{$x := .U}}{{$x.V}}", T_VAL, "v");
    check("{{with $x := .U}}{{$.X}}{{end}}", T_VAL, "x");
    check("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", null, "2");
    check("{{$x := 1}}{{if true}}{{$x := 2}}{{end}}{{$x}}", null, "1");
  }

  @Test
  void missingKeys() throws TemplateException {
    Map<String, Long> data = Map.of("x", 99L);
    TemplateSet.Builder b = TemplateSet.builder().parse("t1", "{{.x}} {{.y}}");
    assertThat(b.build().execute(data)).isEqualTo("99 <no value>");
    assertThat(b.option("missingkey=default").build().execute(data)).isEqualTo("99 <no value>");
    assertThat(b.option("missingkey=zero").build().execute(data)).isEqualTo("99 <no value>");
    assertThat(b.build().execute(Map.of("x", TypedMap.ofStrings(Map.of())))).isEqualTo("map[] <no value>");
    TemplateSet zero = TemplateSet.builder().missingKey(MissingKey.ZERO).parse("t", "[{{.a.y}}]").build();
    assertThat(zero.execute(Map.of("a", TypedMap.ofStrings(Map.of("x", "1"))))).isEqualTo("[]");
    TemplateSet err = b.option("missingkey=error").build();
    assertThatThrownBy(() -> err.execute(data)).hasMessage(
        "template: t1:1:9: executing \"t1\" at <.y>: map has no entry for key \"y\"");
    assertThatThrownBy(() -> err.execute(null)).hasMessage(
        "template: t1:1:2: executing \"t1\" at <.x>: nil data; no entry for key \"x\"");
  }

  @Test
  void executionErrors() {
    checkError("{{.X.Length}}", T_VAL,
        "template: test:1:4: executing \"test\" at <.X.Length>: can't evaluate field Length in type string");
    checkError("{{.SI.Size}}", T_VAL,
        "template: test:1:5: executing \"test\" at <.SI.Size>: can't evaluate field Size in type []interface {}");
    checkError("{{.Nope}}", T_VAL,
        "template: test:1:2: executing \"test\" at <.Nope>: can't evaluate field Nope in type Data");
    checkError("hello, {{.X.Y}}", 0L,
        "template: test:1:11: executing \"test\" at <.X.Y>: can't evaluate field X in type int");
    checkError("{{.MyError true}}", T_VAL,
        "template: test:1:2: executing \"test\" at <.MyError>: error calling MyError: my error");
    checkError("{{fail}}", null,
        "template: test:1:2: executing \"test\" at <fail>: error calling fail: boom");
    checkError("{{index .SI 10}}", T_VAL,
        "template: test:1:2: executing \"test\" at <index .SI 10>: error calling index: index out of range: 10");
    checkError("{{index .SI `hello`}}", T_VAL,
        "template: test:1:2: executing \"test\" at <index .SI `hello`>: error calling index: cannot index slice/array with type string");
    checkError("{{index nil 1}}", null,
        "template: test:1:2: executing \"test\" at <index nil 1>: error calling index: index of untyped nil");
    checkError("{{len 3}}", null, "template: test:1:2: executing \"test\" at <len 3>: error calling len: len of type int");
    checkError("{{3 2}}", null, "template: test:1:2: executing \"test\" at <3>: can't give argument to non-function 3");
    checkError("{{$x := 1}}{{$x 2}}", null,
        "template: test:1:13: executing \"test\" at <$x>: can't give argument to non-function $x");
    checkError("{{3|oneArg}}", null,
        "template: test:1:4: executing \"test\" at <oneArg>: wrong type for value; expected string; got int");
    checkError("{{oneArg 3}}", null,
        "template: test:1:9: executing \"test\" at <3>: expected string; found 3");
    checkError("{{oneArg}}", null,
        "template: test:1:2: executing \"test\" at <oneArg>: wrong number of args for oneArg: want 1 got 0");
    checkError("{{oneArg `a` `b`}}", null,
        "template: test:1:2: executing \"test\" at <oneArg>: wrong number of args for oneArg: want 1 got 2");
    checkError("{{true|printf}}", null,
        "template: test:1:7: executing \"test\" at <printf>: wrong type for value; expected string; got bool");
    check("{{\"aaa\" |twoArgs \"bbb\"}}", null, "twoArgs=bbbaaa");
    checkError("{{(nil).True}}", T_VAL,
        "template: test:1:3: executing \"test\" at <nil>: nil is not a command");
    checkError("{{.X 1}}", T_VAL,
        "template: test:1:2: executing \"test\" at <.X>: X is not a method but has arguments");
    checkError("{{template \"nope\"}}", null,
        "template: test:1:11: executing \"test\" at <{{template \"nope\"}}>: template \"nope\" not defined");
    checkError("{{nil}}", null, "template: test:1:2: executing \"test\" at <nil>: nil is not a command");
    checkError("{{.Method1 `x`}}", T_VAL,
        "template: test:1:11: executing \"test\" at <`x`>: expected integer; found `x`");
    checkError("{{call nil}}", null,
        "template: test:1:2: executing \"test\" at <call nil>: error calling call: call of nil");
    checkError("{{call .X}}", T_VAL,
        "template: test:1:2: executing \"test\" at <call .X>: error calling call: non-function .X of type string");
  }

  @Test
  void nestedTemplateErrorNamesTheInnerTemplate() throws TemplateException {
    String text = "line 1\nline 2\nline 3\n{{template \"one\" .}}\n{{define \"one\"}}{{template \"two\" .}}{{end}}\n"
        + "{{define \"two\"}}{{template \"three\" .}}{{end}}\n{{define \"three\"}}{{index \"hi\" $}}{{end}}";
    TemplateSet t = TemplateSet.builder().parse("top", text).build();
    assertThatThrownBy(() -> t.execute(5L)).hasMessage(
        "template: top:7:20: executing \"three\" at <index \"hi\" $>: error calling index: index out of range: 5");
  }

  /** A map type with methods, like Alertmanager's KV. */
  public static final class KV extends java.util.AbstractMap<String, String> implements GoMap {
    private final Map<String, String> m;

    KV(Map<String, String> m) {
      this.m = new java.util.TreeMap<>(m);
    }

    @Override
    public java.util.Set<Entry<String, String>> entrySet() {
      return m.entrySet();
    }

    @Override
    public Object zeroValue() {
      return "";
    }

    public List<String> names() {
      return List.copyOf(m.keySet());
    }

    public String sortedPairs() {
      return m.toString();
    }
  }

  @Test
  void mapTypesWithMethods() throws TemplateException {
    KV kv = new KV(Map.of("job", "api", "env", "prod"));
    TemplateSet t = TemplateSet.builder().missingKey(MissingKey.ZERO)
        .parse("kv", "{{.Names}} {{.SortedPairs}} {{.job}} [{{.missing}}] {{index . \"nope\"}}|{{len .}}").build();
    assertThat(t.execute(kv)).isEqualTo("[env job] {env=prod, job=api} api [] |2");
  }

  @Test
  void htmlEscapedOutput() throws TemplateException {
    TemplateSet t = TemplateSet.builder().escapeHtml(true)
        .function("safe", a -> new SafeHtml((String) a.getFirst()))
        .parse("h", "{{.S}} {{safe .S}} [{{.Missing}}] {{printf \"%s&\" \"'\"}}").build();
    assertThat(t.execute(Map.of("S", "<b>"))).isEqualTo("&lt;b&gt; <b> [] &#39;&amp;");
    assertThat(t.execute(Map.of("S", "a+b"))).startsWith("a&#43;b a+b");
  }

  @Test
  void recursionIsBounded() throws TemplateException {
    TemplateSet t = TemplateSet.builder().parse("r", "{{define \"loop\"}}{{template \"loop\"}}{{end}}{{template \"loop\"}}")
        .build();
    assertThatThrownBy(() -> t.execute(null)).hasMessageContaining("exceeded maximum template depth (100000)");
  }
}
