package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.MemoryStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil test rules}: promtool's report and exit codes through the command line. */
class TestCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VigilCommand.run(args, o -> new MemoryStorage(), s -> { },
        new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void passingAndFailingFiles() throws Exception {
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: g
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
              - alert: Down
                expr: up == 0
                for: 2m
                annotations:
                  summary: '{{ $labels.instance }} down'
        """);
    Path pass = dir.resolve("pass.yml");
    Files.writeString(pass, """
        rule_files: [rules.yml]
        tests:
          - interval: 1m
            input_series:
              - series: 'up{job="a", instance="i"}'
                values: '0x5'
            alert_rule_test:
              - eval_time: 1m
                alertname: Down
                exp_alerts: []
              - eval_time: 2m
                alertname: Down
                exp_alerts:
                  - exp_labels: {job: a, instance: i}
                    exp_annotations: {summary: 'i down'}
            promql_expr_test:
              - expr: job:up:sum
                eval_time: 3m
                exp_samples:
                  - labels: 'job:up:sum{job="a"}'
                    value: 0
        """);
    Run ok = run("test", "rules", pass.toString());
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).isEqualTo("Unit Testing:  " + pass + "\n  SUCCESS\n\n");
    assertThat(ok.err()).isEmpty();

    Path fail = dir.resolve("fail.yml");
    Files.writeString(fail, Files.readString(pass).replace("value: 0", "value: 1"));
    Run bad = run("test", "rules", pass.toString(), fail.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).isEqualTo("""
          FAILED:
            expr: "job:up:sum", time: 3m,
                exp: {__name__="job:up:sum", job="a"} 1E+00
                got: {__name__="job:up:sum", job="a"} 0E+00
        """);
  }

  @Test
  void usageErrorWithoutFiles() {
    assertThat(run("test", "rules").code()).isEqualTo(2);
  }
}
