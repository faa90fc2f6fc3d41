package dev.vigil.alerting.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Matcher regexes follow RE2 through {@link dev.vigil.model.GoRegexp}, as Alertmanager's do. */
class GoRegexTest {
  private static void matches(String re, String s, boolean want) {
    assertThat(LabelMatcher.compile(re).matcher(s).find()).as("%s on %s", re, s).isEqualTo(want);
  }

  @Test
  void re2LiteralsThatJavaWouldRefuseOrReadDifferently() {
    matches("}{", "}{", true);
    matches("a{", "a{", true);
    matches("a{2}", "aa", true);
    matches("a{2,}", "aaa", true);
    matches("x{1,2}y", "xxy", true);
    matches("[a[b]", "[", true);
    matches("[a&&b]", "&", true);
    matches("[]a]", "]", true);
    matches("[[:digit:]x]+", "12x", true);
    matches("a$", "a", true);
    matches(".", "\r", true); // Java's '.' would skip \r without UNIX_LINES
    matches(".", "\n", false);
    matches("\\v", "\u000b", true);
    matches("\\v", "\n", false);
    matches("(?P<n>a)b", "ab", true);
    matches("\\Q{$}\\E", "{$}", true);
    matches("\\.", ".", true);
  }

  @Test
  void refusesWhatRe2Refuses() {
    assertThatThrownBy(() -> LabelMatcher.compile("\\é")).hasMessage("error parsing regexp: invalid escape sequence: `\\é`");
    assertThatThrownBy(() -> LabelMatcher.compile("\\q")).hasMessage("error parsing regexp: invalid escape sequence: `\\q`");
    // Go reads "^(?:a\\)$": the backslash escapes the wrapper's ')', leaving the group open
    assertThatThrownBy(() -> LabelMatcher.compile("a\\")).hasMessageStartingWith("error parsing regexp");
    assertThatThrownBy(() -> LabelMatcher.compile("(")).hasMessageStartingWith("error parsing regexp");
    // a single digit after a backslash is a Perl backreference, which RE2 refuses; \12 is octal
    assertThatThrownBy(() -> LabelMatcher.compile("\\1b")).hasMessage("error parsing regexp: invalid escape sequence: `\\1`");
    matches("\\12", "\n", true);
  }

  @Test
  void valueIsReadInsideTheAnchoredWrapperAsGoReadsIt() {
    // "^(?:)!~\\)$": the trailing backslash escapes the wrapper's ')'
    matches(")!~\\", "!~)", true);
    matches(")!~\\", "!~", false);
    // "^(?:a)|(b)$": a value that closes the group leaves each alternative anchored at one end only
    matches("a)|(b", "ax", true);
    matches("a)|(b", "xb", true);
    matches("a)|(b", "xa", false);
    assertThat(LabelMatcher.regex("x", "a)|(b").matches(dev.vigil.model.Labels.of("x", "ax"))).isTrue();
  }
}
