package dev.vigil.rules.eval;

import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.rules.file.GroupSpec;
import dev.vigil.rules.file.RuleFile;
import dev.vigil.rules.file.RuleFileException;
import dev.vigil.rules.file.RuleFileParser;
import dev.vigil.rules.file.RuleSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns rule files into groups (Prometheus's LoadGroups): default interval for groups without
 * one, group labels merged under rule labels, query offset defaulting to the global one.
 * Stateless and thread-safe.
 */
public final class GroupLoader {
  private final RuleFileParser parser;

  public GroupLoader(ParserOptions parserOptions) {
    this.parser = new RuleFileParser(parserOptions);
  }

  /**
   * Loads every file, reporting the errors of all of them together.
   *
   * @param defaultIntervalMs interval of groups that name none (&gt; 0)
   * @param defaultQueryOffsetMs query offset of groups that name none
   */
  public List<Group> load(List<String> files, long defaultIntervalMs, long defaultQueryOffsetMs)
      throws RuleFileException {
    List<String> errors = new ArrayList<>();
    List<Group> groups = new ArrayList<>();
    for (String f : files) {
      RuleFile rf;
      try {
        rf = parser.parseFile(f);
      } catch (RuleFileException e) {
        errors.addAll(e.errors());
        continue;
      }
      for (GroupSpec g : rf.groups()) {
        groups.add(build(rf.path(), g, defaultIntervalMs, defaultQueryOffsetMs));
      }
    }
    if (!errors.isEmpty()) {
      throw new RuleFileException(errors);
    }
    return groups;
  }

  /** Builds one group from its specification. */
  public static Group build(String file, GroupSpec g, long defaultIntervalMs,
      long defaultQueryOffsetMs) {
    long interval = g.intervalMs() > 0 ? g.intervalMs() : defaultIntervalMs;
    long offset = g.queryOffsetMs() != null ? g.queryOffsetMs() : defaultQueryOffsetMs;
    List<Rule> rules = new ArrayList<>();
    for (RuleSpec r : g.rules()) {
      LabelsBuilder lb = new LabelsBuilder();
      g.labels().forEach(lb::set);
      r.labels().forEach(lb::set);
      Labels labels = lb.build();
      if (r.isAlerting()) {
        rules.add(new AlertingRule(r.alert(), r.expr(), r.forMs(), r.keepFiringForMs(), labels,
            r.annotations()));
      } else {
        rules.add(new RecordingRule(r.record(), r.expr(), labels));
      }
    }
    return new Group(g.name(), file, interval, g.limit(), offset, rules);
  }
}
