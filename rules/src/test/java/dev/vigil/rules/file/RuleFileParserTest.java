package dev.vigil.rules.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.promql.parser.ParserOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule file parsing; expected messages are what promtool 2.42 prints for the same input. */
class RuleFileParserTest {
  private final RuleFileParser parser = new RuleFileParser(ParserOptions.DEFAULT);

  private List<String> errors(String yaml) {
    return catchThrowableOfType(RuleFileException.class, () -> parser.parse("f.yml", yaml)).errors();
  }

  @Test
  void parsesGroupsAndRules() throws Exception {
    RuleFile f = parser.parse("f.yml", """
        groups:
          - name: g
            interval: 30s
            query_offset: 1m
            limit: 10
            labels: {team: a}
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
                labels: {x: y}
              - alert: Down
                expr: up == 0
                for: 5m
                keep_firing_for: 2m
                annotations: {summary: "{{ $labels.job }} down"}
        """);
    GroupSpec g = f.groups().getFirst();
    assertThat(g.name()).isEqualTo("g");
    assertThat(g.intervalMs()).isEqualTo(30_000);
    assertThat(g.queryOffsetMs()).isEqualTo(60_000);
    assertThat(g.limit()).isEqualTo(10);
    assertThat(g.labels()).containsEntry("team", "a");
    assertThat(g.rules().get(0).record()).isEqualTo("job:up:sum");
    assertThat(g.rules().get(1).forMs()).isEqualTo(300_000);
    assertThat(g.rules().get(1).keepFiringForMs()).isEqualTo(120_000);
    assertThat(g.rules().get(1).annotations()).containsEntry("summary", "{{ $labels.job }} down");
  }

  @Test
  void emptyFileHasNoGroups() throws Exception {
    assertThat(parser.parse("f.yml", "").groups()).isEmpty();
  }

  @Test
  void semanticErrorsWithPositions() {
    assertThat(errors("""
        groups:
          - name: g
            interval: 1m
            rules:
              - record: a
                alert: b
                expr: up
              - expr: ''
              - record: r
                expr: up
                for: 5m
                annotations:
                  x: y
                labels:
                  __name__: z
                  "bad-name": v
          - name: g
            rules: []
          - rules: []
        """)).containsExactly(
        "f.yml: 5:17: 6:16: group \"g\", rule 1, \"b\": only one of 'record' and 'alert' must be set",
        "f.yml: 0:0: group \"g\", rule 2, \"\": one of 'record' or 'alert' must be set",
        "f.yml: 8:15: group \"g\", rule 2, \"\": field 'expr' must be set in rule",
        "f.yml: 9:17: group \"g\", rule 3, \"r\": invalid field 'annotations' in recording rule",
        "f.yml: 9:17: group \"g\", rule 3, \"r\": invalid field 'for' in recording rule",
        "f.yml: group \"g\", rule 3, \"r\": invalid label name: __name__",
        "f.yml: group \"g\", rule 3, \"r\": invalid label name: bad-name",
        "f.yml: 17:5: groupname: \"g\" is repeated in the same file",
        "f.yml: 19:5: Groupname must not be empty");
  }

  @Test
  void expressionAndTemplateErrors() {
    assertThat(errors("""
        groups:
          - name: bad-syntax
            rules:
              - record: x
                expr: 'test +'
              - alert: InstanceDown
                expr: up == 0
                annotations:
                  summary: "Instance {{ $label.foo }} down"
        """)).containsExactly(
        "f.yml: 5:15: group \"bad-syntax\", rule 1, \"x\": could not parse expression: 1:7: parse error: unexpected end of input",
        "f.yml: group \"bad-syntax\", rule 2, \"InstanceDown\": annotation \"summary\": template: __alert_InstanceDown:1: undefined variable \"$label\"");
  }

  @Test
  void unknownFieldsAndTypeErrorsAreUnmarshalErrors() {
    assertThat(errors("""
        groups:
          - name: alerts
            namespace: "foobar"
            limit: abc
            rules:
              - record: x
                expr: 1
                labels: [a]
                ownership: me
        """)).containsExactly("""
        f.yml: yaml: unmarshal errors:
          line 3: field namespace not found in type rulefmt.RuleGroup
          line 4: cannot unmarshal !!str `abc` into int
          line 8: cannot unmarshal !!seq into map[string]string
          line 9: field ownership not found in type rulefmt.Rule""".stripIndent());
  }

  @Test
  void badDuration() {
    assertThat(errors("groups:\n  - name: g\n    interval: 5x\n"))
        .containsExactly("f.yml: not a valid duration string: \"5x\"");
  }
}
