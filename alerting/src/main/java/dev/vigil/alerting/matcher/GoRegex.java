package dev.vigil.alerting.matcher;

import java.util.regex.Pattern;

/**
 * Translates Go (RE2) regular expressions into Java ones, refusing escapes RE2 refuses, with the same meaning for the syntax
 * people write in matchers: {@code (?P<name>)} groups, a {@code {} that does not start a valid
 * repetition (a literal in RE2, an error in Java), {@code [} and {@code &&} inside character
 * classes (literals in RE2, nested classes and intersections in Java), a leading {@code ]} in a
 * class, and {@code $} (end of text only in RE2). {@code .} excludes only {@code \n}, as in Go.
 * Stateless.
 */
public final class GoRegex {
  private GoRegex() {}

  /** Letters and digits RE2 accepts after a backslash. */
  private static final String GO_ESCAPES = "afntrvdDsSwWbBAzxpPQEC01234567";
  private static final Pattern REPEAT = Pattern.compile("\\{\\d+(,\\d*)?}");

  public static String toJava(String re) {
    StringBuilder out = new StringBuilder(re.length() + 8);
    boolean inClass = false;
    int classStart = -1;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 >= re.length()) {
          throw new IllegalArgumentException("error parsing regexp: trailing backslash at end of expression: ``");
        }
        char n = re.charAt(++i);
        if (n > 127 || (Character.isLetterOrDigit(n) && GO_ESCAPES.indexOf(n) < 0)) {
          throw new IllegalArgumentException(
              "error parsing regexp: invalid escape sequence: `\\" + re.substring(i, i + Character.charCount(re.codePointAt(i))) + "`");
        }
        if (n == 'Q') {
          int end = re.indexOf("\\E", i + 1);
          int stop = end < 0 ? re.length() : end + 2;
          out.append(re, i - 1, stop); // quoted text is copied untouched
          i = stop - 1;
          continue;
        }
        out.append(n == 'v' ? "\\x0B" : "\\" + n); // Java's \v is a class, Go's the one character
        continue;
      }
      if (inClass) {
        if (c == ']' && i > classStart) {
          inClass = false;
          out.append(c);
        } else if (c == '[' && !re.startsWith("[:", i)) {
          out.append("\\[");
        } else if (c == '[') {
          int end = re.indexOf(":]", i + 2);
          if (end < 0) {
            out.append("\\[");
          } else {
            out.append(posixClass(re.substring(i + 2, end)));
            i = end + 1;
          }
        } else if (c == ']') {
          out.append("\\]"); // a ']' right after '[' or '[^' is a literal in RE2
        } else if (c == '&') {
          out.append("\\&");
        } else {
          out.append(c);
        }
        continue;
      }
      switch (c) {
        case '[' -> {
          inClass = true;
          out.append(c);
          if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
            out.append('^');
            i++;
          }
          classStart = i + 1;
        }
        case '{' -> {
          var m = REPEAT.matcher(re).region(i, re.length());
          if (m.lookingAt() && i > 0) {
            out.append(m.group());
            i = m.end() - 1;
          } else {
            out.append("\\{");
          }
        }
        case '}' -> out.append("\\}");
        case '$' -> out.append("\\z");
        case '(' -> {
          if (re.startsWith("(?P<", i)) {
            out.append("(?<");
            i += 3;
          } else {
            out.append(c);
          }
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String posixClass(String name) {
    return switch (name) {
      case "alnum" -> "\\p{Alnum}";
      case "alpha" -> "\\p{Alpha}";
      case "ascii" -> "\\p{ASCII}";
      case "blank" -> "\\p{Blank}";
      case "cntrl" -> "\\p{Cntrl}";
      case "digit" -> "\\p{Digit}";
      case "graph" -> "\\p{Graph}";
      case "lower" -> "\\p{Lower}";
      case "print" -> "\\p{Print}";
      case "punct" -> "\\p{Punct}";
      case "space" -> "\\s\\x0B";
      case "upper" -> "\\p{Upper}";
      case "word" -> "\\w";
      case "xdigit" -> "\\p{XDigit}";
      default -> "\\[:" + name + ":\\]";
    };
  }
}
