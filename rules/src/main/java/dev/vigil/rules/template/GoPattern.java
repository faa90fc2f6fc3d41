package dev.vigil.rules.template;

import dev.vigil.common.template.GoFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Go (RE2) regular expression compiled to a Java {@link Pattern} for the template functions
 * {@code match} and {@code reReplaceAll}: {@code (?P<name>...)} groups (whose names may contain
 * underscores, which Java refuses) are renamed, POSIX classes such as {@code [[:alpha:]]} become
 * Java property classes, and {@code .} excludes only newline as in Go. Other RE2/Java
 * differences are not translated.
 *
 * @param pattern the compiled pattern
 * @param groupNames Go group names to the Java names used in the pattern
 */
record GoPattern(Pattern pattern, Map<String, String> groupNames) {
  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
      Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
      Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
      Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\s\\x0B"), Map.entry("upper", "\\p{Upper}"),
      Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

  /** Compiles; IllegalArgumentException carries Go's "error parsing regexp" wording. */
  static GoPattern compile(String re) {
    Map<String, String> names = new HashMap<>();
    StringBuilder out = new StringBuilder(re.length() + 8);
    boolean inClass = false;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < re.length()) {
        out.append(c).append(re.charAt(i + 1));
        i++;
        continue;
      }
      if (inClass) {
        if (c == '[' && re.startsWith("[:", i)) {
          int end = re.indexOf(":]", i + 2);
          String cls = end < 0 ? null : POSIX.get(re.substring(i + 2, end));
          if (cls != null) {
            out.append(cls);
            i = end + 1;
            continue;
          }
        }
        if (c == '[') {
          out.append("\\[");
          continue;
        }
        if (c == ']') {
          inClass = false;
        }
        out.append(c);
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append(c);
        if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
          out.append('^');
          i++;
        }
        if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
          out.append("\\]");
          i++;
        }
        continue;
      }
      if (re.startsWith("(?P<", i)) {
        int end = re.indexOf('>', i + 4);
        if (end > 0) {
          String javaName = "goGroup" + names.size();
          names.put(re.substring(i + 4, end), javaName);
          out.append("(?<").append(javaName).append('>');
          i = end;
          continue;
        }
      }
      out.append(c);
    }
    try {
      return new GoPattern(Pattern.compile(out.toString(), Pattern.UNIX_LINES), Map.copyOf(names));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("regexp: Compile(" + GoFormat.quote(re) + "): error parsing regexp: "
          + e.getDescription().toLowerCase(Locale.ROOT) + ": `" + re + "`");
    }
  }
}
