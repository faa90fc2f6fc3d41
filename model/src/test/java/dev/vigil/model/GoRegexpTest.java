package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GoRegexpTest {
  private static String replace(String regex, String template, String src) {
    Pattern p = GoRegexp.compileAnchored(regex);
    Matcher m = p.matcher(src);
    assertThat(m.matches()).as("%s matches %s", regex, src).isTrue();
    return GoRegexp.expand(template, m, src);
  }

  @Test
  void expandsLikeGo() {
    assertThat(replace("source-value-(.*)", "destination-value-$1", "source-value-10"))
        .isEqualTo("destination-value-10");
    assertThat(replace("(.*)-value-(.*)", "$2:$1", "a-value-b")).isEqualTo("b:a");
    assertThat(replace("(a)", "${1}x", "a")).isEqualTo("ax");
    assertThat(replace("(a)", "$1x", "a")).isEmpty(); // group "1x" does not exist
    assertThat(replace("(a)", "$$1", "a")).isEqualTo("$1");
    assertThat(replace("(a)", "$9", "a")).isEmpty();
    assertThat(replace("(?P<name>a)", "<$name>", "a")).isEqualTo("<a>");
    assertThat(replace("(a)", "${", "a")).isEqualTo("${"); // malformed: literal
    assertThat(replace("(a)(b)?", "[$2]", "a")).isEqualTo("[]"); // unmatched group
  }

  @Test
  void anchorsAndGoSyntax() {
    assertThat(GoRegexp.compileAnchored("value-(.*)").matcher("source-value-10").matches())
        .isFalse();
    assertThat(GoRegexp.compileAnchored("a$").matcher("a\n").matches()).isFalse();
    assertThat(GoRegexp.compileAnchored("[[:digit:]]+").matcher("123").matches()).isTrue();
    assertThat(GoRegexp.compileAnchored("a{").matcher("a{").matches()).isTrue();
    assertThatThrownBy(() -> GoRegexp.compileAnchored("(.*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("error parsing regexp: ");
  }

  @Test
  void groupsWithEmptyFlagsAreNonCapturing() {
    assertThat(GoRegexp.compileAnchored("(?:ab)+").matcher("abab").matches()).isTrue();
    assertThat(GoRegexp.compileAnchored("(?:a)(b)").matcher("ab").replaceAll("$1")).isEqualTo("b");
    assertThatThrownBy(() -> GoRegexp.compileAnchored("(?)a")).hasMessageStartingWith("error parsing regexp: ");
    assertThatThrownBy(() -> GoRegexp.compileAnchored("(?-:a)")).hasMessageStartingWith("error parsing regexp: ");
  }
}
