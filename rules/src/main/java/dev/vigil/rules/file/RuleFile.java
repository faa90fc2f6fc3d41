package dev.vigil.rules.file;

import java.util.List;
import java.util.Objects;

/**
 * A parsed, validated rule file.
 *
 * @param path the file name as given (used in group identity and error messages)
 * @param groups the groups in file order
 */
public record RuleFile(String path, List<GroupSpec> groups) {
  public RuleFile {
    Objects.requireNonNull(path, "path");
    groups = List.copyOf(groups);
  }
}
