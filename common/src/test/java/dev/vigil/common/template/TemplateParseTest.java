package dev.vigil.common.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lexing, parsing, trimming, definitions and Go's parse error messages. */
class TemplateParseTest {
  static String run(String text, Object data) throws TemplateException {
    return TemplateSet.builder().parse("t", text).build().execute(data);
  }

  static void check(String text, Object data, String want) {
    try {
      assertThat(run(text, data)).as(text).isEqualTo(want);
    } catch (TemplateException e) {
      throw new AssertionError(text + ": " + e.getMessage(), e);
    }
  }

  static void parseError(String name, String text, String want) {
    assertThatThrownBy(() -> TemplateSet.builder().parse(name, text))
        .as(text)
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.isParseError()).isTrue())
        .hasMessage(want);
  }

  @Test
  void trimMarkers() {
    check("{{23 -}} < {{- 45}}", null, "23<45");
    check("a \n\t {{- 1 -}} \n b", null, "a1b");
    // "{{-1" is the number -1, not a trim marker: the marker needs a space after the dash.
    check("a {{-1}}", null, "a -1");
    check("{{1}} {{- /* comment */ -}} {{2}}", null, "12");
    check("x {{/* comment */}} y", null, "x  y");
    check("x\n{{- /* multi\nline */ -}}\ny", null, "xy");
    check("{{- 1 -}}", null, "1");
    check("  {{- if true -}}  yes  {{- end -}}  ", null, "yes");
  }

  @Test
  void customDelimiters() throws TemplateException {
    for (String[] d : new String[][] {{"<<", ">>"}, {"|", "|"}, {"(日)", "(本)"}, {"", ""}}) {
      String l = d[0].isEmpty() ? "{{" : d[0];
      String r = d[1].isEmpty() ? "}}" : d[1];
      String text = l + ".Str" + r + l + "/*comment*/" + r + l + "\"" + l + "\"" + r;
      TemplateSet t = TemplateSet.builder().delims(d[0], d[1]).parse("delims", text).build();
      assertThat(t.execute(Map.of("Str", "Hello, world"))).isEqualTo("Hello, world" + l);
    }
  }

  @Test
  void treeWithTrimmingAndCustomDelims() throws TemplateException {
    String text = "\n\t(- define \"tree\" -)\n\t[\n\t\t(- .Val -)\n\t\t(- with .Left -)\n\t\t\t(template \"tree\" . -)\n"
        + "\t\t(- end -)\n\t\t(- with .Right -)\n\t\t\t(- template \"tree\" . -)\n\t\t(- end -)\n\t]\n\t(- end -)\n";
    record Node(long Val, Node Left, Node Right) {}
    Node tree = new Node(1, new Node(2, new Node(3, new Node(4, null, null), null), new Node(5, new Node(6, null, null), null)),
        new Node(7, new Node(8, new Node(9, null, null), null), new Node(10, new Node(11, null, null), null)));
    TemplateSet t = TemplateSet.builder().delims("(", ")").parse("root", text).build();
    assertThat(t.execute("tree", tree)).isEqualTo("[1[2[3[4]][5[6]]][7[8[9]][10[11]]]]");
  }

  @Test
  void defineTemplateBlock() throws TemplateException {
    check("{{define \"x\"}}X{{.}}{{end}}a{{template \"x\" 1}}b{{template \"x\"}}", null, "aX1bX<no value>");
    check("{{define `x`}}{{$}}{{end}}{{template `x` .A}}", Map.of("A", "dollar"), "dollar");
    TemplateSet.Builder b = TemplateSet.builder().parse("o", "a({{block \"inner\" .}}bar({{.}})baz{{end}})b");
    assertThat(b.build().execute("hello")).isEqualTo("a(bar(hello)baz)b");
    b.parse("overlay", "{{define \"inner\"}}foo({{.}})bar{{end}}");
    assertThat(b.build().execute("o", "goodbye")).isEqualTo("a(foo(goodbye)bar)b");
    TemplateSet set = TemplateSet.builder().parse("one", "{{define \"a\"}}A{{end}}").parse("two", "  ").build();
    assertThat(set.names()).containsExactly("a", "one", "two");
    TemplateSet keep = TemplateSet.builder().parse("t", "{{define \"a\"}}A{{end}}")
        .parse("u", "{{define \"a\"}} {{end}}").build();
    assertThat(keep.execute("a", null)).isEqualTo("A");
    assertThatThrownBy(() -> keep.execute("missing", null)).hasMessage(
        "template: no template \"missing\" associated with template \"t\"");
  }

  @Test
  void recursionThroughDefinitions() throws TemplateException {
    TemplateSet t = TemplateSet.builder()
        .parse("list", "{{define \"item\"}}{{.N}}{{with .Next}},{{template \"item\" .}}{{end}}{{end}}[{{template \"item\" .}}]")
        .build();
    Map<String, Object> three = Map.of("N", 3L);
    Map<String, Object> two = Map.of("N", 2L, "Next", three);
    assertThat(t.execute(Map.of("N", 1L, "Next", two))).isEqualTo("[1,2,3]");
  }

  @Test
  void parseErrors() {
    parseError("unclosed1", "line1\n{{", "template: unclosed1:2: unclosed action");
    parseError("unclosed2", "line1\n{{define `x`}}line2\n{{", "template: unclosed2:3: unclosed action");
    parseError("unclosed3", "line1\n{{\"x\"\n\"y\"\n", "template: unclosed3:4: unclosed action started at unclosed3:2");
    parseError("unclosed4", "{{\n\n\n\n\n", "template: unclosed4:6: unclosed action started at unclosed4:1");
    parseError("var1", "line1\n{{\nx\n}}", "template: var1:3: function \"x\" not defined");
    parseError("function", "{{foo}}", "template: function:1: function \"foo\" not defined");
    parseError("comment1", "{{/*}}", "template: comment1:1: unclosed comment");
    parseError("comment2", "{{/*\nhello\n}}", "template: comment2:1: unclosed comment");
    parseError("comment3", "{{/* x */ 1}}", "template: comment3:1: comment ends before closing delimiter");
    parseError("lparen", "{{.X (1 2 3}}", "template: lparen:1: unclosed left paren");
    parseError("rparen", "{{.X 1 2 3 ) }}", "template: rparen:1: unexpected right paren");
    parseError("rparen2", "{{(.X 1 2 3", "template: rparen2:1: unclosed action");
    parseError("space", "{{`x`3}}", "template: space:1: unexpected \"3\" in operand");
    parseError("idchar", "{{a#}}", "template: idchar:1: bad character U+0023 '#'");
    parseError("charconst", "{{'a}}", "template: charconst:1: unterminated character constant");
    parseError("stringconst", "{{\"a}}", "template: stringconst:1: unterminated quoted string");
    parseError("rawstringconst", "{{`a}}", "template: rawstringconst:1: unterminated raw quoted string");
    parseError("number", "{{0xi}}", "template: number:1: illegal number syntax: \"0xi\"");
    parseError("multidefine", "{{define `a`}}a{{end}}{{define `a`}}b{{end}}",
        "template: multidefine:1: template: multiple definition of template \"a\"");
    parseError("eof", "{{range .X}}", "template: eof:1: unexpected EOF");
    parseError("variable", "{{$x}}", "template: variable:1: undefined variable \"$x\"");
    parseError("multidecl", "{{$a, $b := 0}}", "template: multidecl:1: too many declarations in command");
    parseError("rangedecl", "{{range $a, $b, $c := .}}{{end}}", "template: rangedecl:1: too many declarations in range");
    parseError("rangeinit", "{{range $a, 3 := .}}{{end}}", "template: rangeinit:1: range can only initialize variables");
    parseError("end", "{{end}}", "template: end:1: unexpected {{end}}");
    parseError("else", "{{else}}", "template: else:1: unexpected {{else}}");
    parseError("nodot", "{{\"x\".Y}}", "template: nodot:1: unexpected . after term \"\\\"x\\\"\"");
    parseError("empty", "{{}}", "template: empty:1: missing value for command");
    parseError("emptyif", "{{if}}{{end}}", "template: emptyif:1: missing value for if");
    parseError("stage", "{{.X | 3}}", "template: stage:1: non executable command in pipeline stage 2");
    parseError("break", "{{break}}", "template: break:1: {{break}} outside {{range}}");
    parseError("continue", "{{if true}}{{continue}}{{end}}", "template: continue:1: {{continue}} outside {{range}}");
    parseError("elserange", "{{range .}}{{else if .}}{{end}}", "template: elserange:1: unexpected <if> in input");
    parseError("templatename", "{{template .X}}", "template: templatename:1: unexpected \".X\" in template clause");
    parseError("undefineds", "{{with $x := 4}}{{end}}{{$x}}", "template: undefineds:1: undefined variable \"$x\"");
    parseError("badchar", "{{é}}", "template: badchar:1: function \"é\" not defined");
    parseError("unrecognized", "{{\u00a7}}", "template: unrecognized:1: unrecognized character in action: U+00A7 '§'");
    parseError("declare", "{{$x := 0}}{{$x :  1}}", "template: declare:1: expected :=");
    parseError("overflow", "{{99999999999999999999}}", "template: overflow:1: integer overflow: \"99999999999999999999\"");
  }

  @Test
  void builderChecksFunctionNames() {
    assertThatThrownBy(() -> TemplateSet.builder().function("a-b", a -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("function name \"a-b\" is not a valid identifier");
    assertThatThrownBy(() -> TemplateSet.builder().option("missingkey=bogus"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void setsAreSafeToShareBetweenThreads() throws Exception {
    TemplateSet t = TemplateSet.builder()
        .parse("t", "{{range $i, $e := .}}{{$x := $e}}{{$x}}{{end}}")
        .build();
    List<Long> data = List.of(1L, 2L, 3L);
    List<Thread> threads = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger bad = new java.util.concurrent.atomic.AtomicInteger();
    for (int i = 0; i < 4; i++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int k = 0; k < 500; k++) {
          try {
            if (!t.execute(data).equals("123")) {
              bad.incrementAndGet();
            }
          } catch (TemplateException e) {
            bad.incrementAndGet();
          }
        }
      }));
    }
    for (Thread th : threads) {
      th.join(10_000);
    }
    assertThat(bad.get()).isZero();
  }
}
