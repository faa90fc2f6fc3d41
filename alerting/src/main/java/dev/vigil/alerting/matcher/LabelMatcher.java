package dev.vigil.alerting.matcher;

import dev.vigil.common.text.GoQuote;
import dev.vigil.model.GoRegexp;
import dev.vigil.model.Labels;
import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Alertmanager label matcher ({@code name op value}). Regular expressions are anchored at
 * both ends, as Alertmanager anchors them ({@code ^(?:value)$}), and {@code .} does not match a
 * newline (Go's default, unlike the PromQL matchers in {@code model}). A missing label matches as
 * the empty string. Immutable and thread-safe.
 */
public final class LabelMatcher {
  /** Alertmanager's matcher order: by name, then value, then operator. */
  public static final Comparator<LabelMatcher> ORDER =
      Comparator.comparing(LabelMatcher::name, LabelSets::compareUtf8)
          .thenComparing(LabelMatcher::value, LabelSets::compareUtf8)
          .thenComparing(LabelMatcher::type);

  private final MatchType type;
  private final String name;
  private final String value;
  private final Pattern pattern;

  private LabelMatcher(MatchType type, String name, String value, Pattern pattern) {
    this.type = type;
    this.name = name;
    this.value = value;
    this.pattern = pattern;
  }

  /** @throws IllegalArgumentException when a regex does not compile */
  public static LabelMatcher of(MatchType type, String name, String value) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Pattern p = null;
    if (type.isRegex()) {
      p = compile(value);
    }
    return new LabelMatcher(type, name, value, p);
  }

  public static LabelMatcher equal(String name, String value) {
    return of(MatchType.EQUAL, name, value);
  }

  public static LabelMatcher regex(String name, String value) {
    return of(MatchType.REGEXP, name, value);
  }

  /**
   * Compiles a Go (RE2) regex as Alertmanager does: the text {@code ^(?:regex)$} as one expression,
   * so a value that closes the group itself ({@code a)|(b}, {@code )x\}) is read the way Go reads
   * it. Match with {@link java.util.regex.Matcher#find()}, Go's {@code MatchString}: the anchors are
   * part of the expression, and such a value can leave an alternative unanchored.
   */
  public static Pattern compile(String regex) {
    try {
      // UNIX_LINES: only '\n' ends a line, so '.' matches what it matches in Go.
      return Pattern.compile(GoRegexp.translate("^(?:" + regex + ")$"), Pattern.UNIX_LINES);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "error parsing regexp: " + e.getDescription() + ": `" + regex + "`", e);
    }
  }

  public MatchType type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  public boolean matches(String v) {
    return switch (type) {
      case EQUAL -> value.equals(v);
      case NOT_EQUAL -> !value.equals(v);
      case REGEXP -> pattern.matcher(v).find();
      case NOT_REGEXP -> !pattern.matcher(v).find();
    };
  }

  /** Matches against the label's value, the empty string when the label is absent. */
  public boolean matches(Labels labels) {
    String v = labels.get(name);
    return matches(v == null ? "" : v);
  }

  /** Alertmanager 0.25's printed form: {@code name=~"value"} with Go quoting of the value. */
  @Override
  public String toString() {
    return name + type.op() + GoQuote.quote(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m
        && m.type == type
        && m.name.equals(name)
        && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, value);
  }
}
