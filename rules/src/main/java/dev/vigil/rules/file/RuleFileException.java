package dev.vigil.rules.file;

import java.util.List;

/**
 * A rule file that cannot be loaded. {@link #errors()} holds each problem the way promtool prints
 * it, prefixed with the file name ({@code rules.yml: 7:15: group "g", rule 1, "x": could not parse
 * expression: ...}); the message joins them with newlines.
 */
public final class RuleFileException extends Exception {
  private final List<String> errors;

  public RuleFileException(List<String> errors) {
    super(String.join("\n", errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a rule file exception needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
