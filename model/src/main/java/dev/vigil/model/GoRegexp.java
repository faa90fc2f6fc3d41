package dev.vigil.model;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a Go (RE2) regular expression, as the Go of Prometheus 2.42 reads it, into an equivalent
 * {@link Pattern}, rejecting what Go rejects.
 *
 * <p>Handled differences: Go's {@code $} is end of text ({@code \z}) unless {@code (?m)} is used;
 * {@code .} excludes only {@code \n}; {@code \s} excludes {@code \v}; {@code \v} is the vertical
 * tab; a <code>{</code> that does not start a valid repeat is a literal; {@code [} and {@code &&}
 * inside a class are literals; POSIX classes ({@code [[:alpha:]]}); {@code \p{Greek}} scripts;
 * {@code (?U)} ungreedy mode (scoped like Go, by flipping each quantifier's laziness);
 * {@code (?P<name>...)} groups, whose names Java would not accept, are encoded (see {@link
 * #decodeGroupName}); {@code (?<name>...)} (Go 1.22+), lookaround, backreferences, possessive and
 * atomic groups and escapes such as {@code \Z \G \h \C} are errors as in Go.
 *
 * <p>Known difference: Java backtracks where RE2 simulates all paths, so submatches of a repeated
 * group that can match the empty string ({@code (a*)*}) may differ: Go reports "a" for group 1 on
 * "a", Java "". Whether a string matches never differs. Verified against Prometheus by
 * GoRegexpDifferentialTest (in ingest, whose relabeling has its own copy of this class). Also
 * {@link #expand}, Go's {@code Regexp.ExpandString}, for {@code $1}-style templates. Stateless.
 */
public final class GoRegexp {
  private static final int FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CASE;
  private static final String GROUP_PREFIX = "goG";

  private GoRegexp() {}

  /**
   * Compiles {@code ^(?:expr)$} as Prometheus does for relabel regexes.
   *
   * @throws RegexpSyntaxException {@code error parsing regexp: ...}
   */
  public static Pattern compileAnchored(String expr) {
    String translated = translate(expr);
    try {
      return Pattern.compile("^(?:" + translated + ")\\z", FLAGS);
    } catch (PatternSyntaxException e) {
      throw new RegexpSyntaxException(
          e.getDescription().toLowerCase(java.util.Locale.ROOT) + ": `" + expr + "`");
    }
  }

  /** The Go name of a Java group name produced by {@link #translate}, or null if not ours. */
  public static String decodeGroupName(String javaName) {
    if (!javaName.startsWith(GROUP_PREFIX)) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int k = GROUP_PREFIX.length(); k < javaName.length(); k++) {
      char c = javaName.charAt(k);
      if (c == 'Z') {
        sb.appendCodePoint(Integer.parseInt(javaName.substring(k + 1, k + 7), 16));
        k += 6;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String encodeGroupName(String goName) {
    StringBuilder sb = new StringBuilder(GROUP_PREFIX);
    goName.codePoints().forEach(cp -> {
      if (cp < 128 && Character.isLetterOrDigit(cp) && cp != 'Z') {
        sb.append((char) cp);
      } else {
        sb.append('Z').append(String.format("%06x", cp));
      }
    });
    return sb.toString();
  }

  private static RegexpSyntaxException error(String code, String fragment) {
    return new RegexpSyntaxException(code + ": `" + fragment + "`");
  }

  // What the last emitted item was, for Go's repetition rules.
  private static final int NOTHING = 0; // start, '(' or '|': a repetition operator has no argument
  private static final int ATOM = 1;
  private static final int REPEAT = 2; // '*', '+', '?' or '{n,m}'
  private static final int LAZY = 3; // a repetition operator followed by '?'

  /** Flag state while translating: Go's (?m) and (?U) have no direct Java counterpart. */
  private static final class Scope {
    boolean multiline; // approximated as global: '$' stays Java's '$' once (?m) appears
    boolean ungreedy; // scoped like Go: until the end of the enclosing group
    boolean appendedLazy; // the last repeat got a '?' because of (?U)
    final java.util.ArrayDeque<Boolean> saved = new java.util.ArrayDeque<>();
  }

  /**
   * Java pattern text that matches what the RE2 expression {@code re} matches.
   *
   * @throws RegexpSyntaxException when Go would refuse {@code re}
   */
  public static String translate(String re) {
    Scope scope = new Scope();
    StringBuilder out = new StringBuilder(re.length() + 16);
    int n = re.length();
    int i = 0;
    int last = NOTHING;
    while (i < n) {
      char c = re.charAt(i);
      switch (c) {
        case '\\' -> {
          if (i + 1 < n && re.charAt(i + 1) == 'Q') {
            int e = re.indexOf("\\E", i + 2);
            String lit = e < 0 ? re.substring(i + 2) : re.substring(i + 2, e);
            if (!lit.isEmpty()) {
              out.append(Pattern.quote(lit));
              last = ATOM;
            }
            i = e < 0 ? n : e + 2;
          } else {
            i = escape(re, i, out, false);
            last = ATOM;
          }
        }
        case '[' -> {
          i = charClass(re, i, out);
          last = ATOM;
        }
        case '(' -> {
          i = group(re, i, out, scope);
          last = NOTHING;
        }
        case '*', '+', '?', '{' -> {
          int end = c == '{' ? repeatEnd(re, i) : i + 1;
          if (end < 0) { // not a repeat: Go reads a literal brace
            out.append("\\{");
            last = ATOM;
            i++;
            continue;
          }
          String op = re.substring(i, end);
          if (c == '{') {
            checkRepeatCount(op);
          }
          if (last == REPEAT && c == '?') {
            if (scope.appendedLazy) {
              out.setLength(out.length() - 1); // '?' after a repeat under (?U) means greedy
            } else {
              out.append('?');
            }
            last = LAZY;
          } else if (last == REPEAT || last == LAZY) {
            throw error("invalid nested repetition operator", re.substring(Math.max(0, i - 1), end));
          } else if (last == NOTHING) {
            throw error("missing argument to repetition operator", op);
          } else {
            out.append(op);
            scope.appendedLazy = scope.ungreedy;
            if (scope.ungreedy) {
              out.append('?');
            }
            last = REPEAT;
          }
          i = end;
        }
        case '$' -> {
          out.append(scope.multiline ? "$" : "\\z");
          last = ATOM;
          i++;
        }
        case ')' -> {
          out.append(')');
          if (!scope.saved.isEmpty()) {
            scope.ungreedy = scope.saved.pop();
          }
          last = ATOM;
          i++;
        }
        case '|' -> {
          out.append('|');
          last = NOTHING;
          i++;
        }
        default -> {
          out.append(c);
          last = ATOM;
          i++;
        }
      }
    }
    return out.toString();
  }

  /** End (exclusive) of a valid {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}, else -1. */
  private static int repeatEnd(String re, int i) {
    int k = i + 1;
    int n = re.length();
    int digits = 0;
    while (k < n && Character.isDigit(re.charAt(k)) && re.charAt(k) < 128) {
      k++;
      digits++;
    }
    if (digits == 0 || k >= n) {
      return -1;
    }
    if (re.charAt(k) == ',') {
      k++;
      while (k < n && re.charAt(k) >= '0' && re.charAt(k) <= '9') {
        k++;
      }
    }
    return k < n && re.charAt(k) == '}' ? k + 1 : -1;
  }

  private static void checkRepeatCount(String rep) {
    String body = rep.substring(1, rep.length() - 1);
    int comma = body.indexOf(',');
    String min = comma < 0 ? body : body.substring(0, comma);
    String max = comma < 0 ? "" : body.substring(comma + 1);
    long lo = min.length() > 5 ? Long.MAX_VALUE : Long.parseLong(min);
    long hi = max.isEmpty() ? -1 : max.length() > 5 ? Long.MAX_VALUE : Long.parseLong(max);
    if (lo > 1000 || hi > 1000 || (hi >= 0 && hi < lo)) {
      throw error("invalid repeat count", rep);
    }
  }

  /** Translates one escape at {@code i}; returns the index after it. */
  private static int escape(String re, int i, StringBuilder out, boolean inClass) {
    if (i + 1 >= re.length()) {
      throw error("trailing backslash at end of expression", "");
    }
    char d = re.charAt(i + 1);
    switch (d) {
      case 'a', 'f', 't', 'n', 'r', 'd', 'D', 'w', 'W' -> out.append('\\').append(d);
      case 'b', 'B', 'A', 'z' -> {
        if (inClass) {
          throw error("invalid escape sequence", "\\" + d);
        }
        out.append('\\').append(d);
      }
      case 'v' -> out.append("\\x0B");
      case 's' -> out.append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
      case 'S' -> out.append("[^\\t\\n\\f\\r ]");
      case 'x' -> {
        int k = i + 2;
        if (k < re.length() && re.charAt(k) == '{') {
          int e = re.indexOf('}', k);
          if (e < 0) {
            throw error("invalid escape sequence", re.substring(i));
          }
          out.append(re, i, e + 1);
          return e + 1;
        }
        if (k + 2 > re.length() || !isHex(re.charAt(k)) || !isHex(re.charAt(k + 1))) {
          throw error("invalid escape sequence", re.substring(i, Math.min(re.length(), k + 2)));
        }
        out.append(re, i, k + 2);
        return k + 2;
      }
      case 'p', 'P' -> {
        int k = i + 2;
        if (k >= re.length()) {
          throw error("invalid character class range", re.substring(i));
        }
        String name;
        int next;
        if (re.charAt(k) == '{') {
          int e = re.indexOf('}', k);
          if (e < 0) {
            throw error("invalid character class range", re.substring(i));
          }
          name = re.substring(k + 1, e);
          next = e + 1;
        } else {
          name = String.valueOf(re.charAt(k));
          next = k + 1;
        }
        boolean negate = d == 'P';
        if (name.startsWith("^")) {
          negate = !negate;
          name = name.substring(1);
        }
        if (name.equals("Any")) {
          out.append(negate ? "[^\\x{0}-\\x{10FFFF}]" : "[\\x{0}-\\x{10FFFF}]");
        } else {
          out.append(negate ? "\\P{" : "\\p{").append("Is").append(name).append('}');
        }
        return next;
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        int k = i + 1;
        int e = k;
        while (e < re.length() && e < k + 3 && re.charAt(e) >= '0' && re.charAt(e) <= '7') {
          e++;
        }
        if (d != '0' && e == k + 1) {
          throw error("invalid escape sequence", "\\" + d); // a backreference in Perl
        }
        out.append("\\0").append(re, k, e);
        return e;
      }
      default -> {
        if (d < 128 && !Character.isLetterOrDigit(d)) {
          out.append('\\').append(d); // escaped punctuation
        } else {
          throw error("invalid escape sequence", "\\" + d);
        }
      }
    }
    return i + 2;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static final String[][] POSIX = {
    {"alnum", "\\p{Alnum}"}, {"alpha", "\\p{Alpha}"}, {"ascii", "\\p{ASCII}"}, {"blank", "\\p{Blank}"},
    {"cntrl", "\\p{Cntrl}"}, {"digit", "\\p{Digit}"}, {"graph", "\\p{Graph}"}, {"lower", "\\p{Lower}"},
    {"print", "\\p{Print}"}, {"punct", "\\p{Punct}"}, {"space", "\\s\\x0B"}, {"upper", "\\p{Upper}"},
    {"word", "\\w"}, {"xdigit", "\\p{XDigit}"}
  };

  /** Translates a bracketed class at {@code i}; returns the index after its closing bracket. */
  private static int charClass(String re, int i, StringBuilder out) {
    int n = re.length();
    int k = i + 1;
    out.append('[');
    if (k < n && re.charAt(k) == '^') {
      out.append('^');
      k++;
    }
    boolean first = true;
    while (true) {
      if (k >= n) {
        throw error("missing closing ]", re.substring(i));
      }
      char c = re.charAt(k);
      if (c == ']' && !first) {
        out.append(']');
        return k + 1;
      }
      first = false;
      if (c == '[' && k + 1 < n && re.charAt(k + 1) == ':') {
        int e = re.indexOf(":]", k + 2);
        if (e > 0) {
          String name = re.substring(k + 2, e);
          boolean neg = name.startsWith("^");
          if (neg) {
            name = name.substring(1);
          }
          String java = null;
          for (String[] p : POSIX) {
            if (p[0].equals(name)) {
              java = p[1];
            }
          }
          if (java == null) {
            throw error("invalid character class range", re.substring(k, e + 2));
          }
          out.append(neg ? "[^" + java + "]" : java);
          k = e + 2;
          continue;
        }
      }
      switch (c) {
        case '\\' -> k = escape(re, k, out, true);
        case '[', ']', '&', '^' -> {
          out.append('\\').append(c);
          k++;
        }
        default -> {
          out.append(c);
          k++;
        }
      }
    }
  }

  /** Translates a group opening at {@code i}; returns the index after the opening syntax. */
  private static int group(String re, int i, StringBuilder out, Scope scope) {
    int n = re.length();
    if (i + 1 >= n || re.charAt(i + 1) != '?') {
      scope.saved.push(scope.ungreedy);
      out.append('(');
      return i + 1;
    }
    int k = i + 2;
    if (k < n && re.charAt(k) == '<') {
      // Lookbehind, and (?<name>...) which the Go of Prometheus 2.42 does not know yet.
      throw error("invalid or unsupported Perl syntax", re.substring(i, Math.min(n, k + 2)));
    }
    if (k < n && re.charAt(k) == 'P') {
      int nameStart = k + 2;
      if (k + 1 >= n || re.charAt(k + 1) != '<') {
        throw error("invalid or unsupported Perl syntax", re.substring(i, Math.min(n, k + 2)));
      }
      int e = re.indexOf('>', nameStart);
      if (e < 0) {
        throw error("invalid named capture", re.substring(i));
      }
      String name = re.substring(nameStart, e);
      if (name.isEmpty() || !name.chars().allMatch(ch -> ch == '_' || Character.isLetterOrDigit(ch))) {
        throw error("invalid named capture", re.substring(i, e + 1));
      }
      scope.saved.push(scope.ungreedy);
      out.append("(?<").append(encodeGroupName(name)).append('>');
      return e + 1;
    }
    // Flags: (?flags) or (?flags:re) (flags may be empty here), flags from "imsU" with an optional
    // '-' clearing the rest.
    int e = k;
    boolean negate = false;
    Boolean ungreedy = null;
    StringBuilder javaFlags = new StringBuilder();
    while (e < n && "imsU-".indexOf(re.charAt(e)) >= 0) {
      char f = re.charAt(e);
      if (f == '-') {
        if (negate) {
          break; // a second '-' is invalid
        }
        negate = true;
        javaFlags.append('-');
      } else if (f == 'U') {
        ungreedy = !negate;
      } else {
        if (f == 'm' && !negate) {
          scope.multiline = true;
        }
        javaFlags.append(f);
      }
      e++;
    }
    if (e < n && (re.charAt(e) == ':' || (re.charAt(e) == ')' && e > k)) && !(negate && re.charAt(e - 1) == '-')) {
      String jf = javaFlags.toString();
      if (jf.endsWith("-")) {
        jf = jf.substring(0, jf.length() - 1);
      }
      if (re.charAt(e) == ':') {
        scope.saved.push(scope.ungreedy);
        out.append(jf.isEmpty() ? "(?:" : "(?" + jf + ":");
      } else if (!jf.isEmpty()) {
        out.append("(?").append(jf).append(')');
      }
      if (ungreedy != null) {
        scope.ungreedy = ungreedy;
      }
      return e + 1;
    }
    throw error("invalid or unsupported Perl syntax", re.substring(i, Math.min(n, e + 1)));
  }
  /**
   * Go's {@code Regexp.ExpandString(nil, template, src, match)}: {@code $1}, {@code ${1}},
   * {@code $name}, {@code ${name}} and {@code $$}; a reference to a missing group expands to
   * nothing, {@code $1x} names the group "1x", and a malformed reference is literal text.
   */
  public static String expand(String template, Matcher m, String src) {
    if (template.indexOf('$') < 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + src.length());
    int k = 0;
    int n = template.length();
    while (k < n) {
      int d = template.indexOf('$', k);
      if (d < 0) {
        break;
      }
      out.append(template, k, d);
      k = d + 1;
      if (k < n && template.charAt(k) == '$') {
        out.append('$');
        k++;
        continue;
      }
      boolean brace = k < n && template.charAt(k) == '{';
      int nameStart = brace ? k + 1 : k;
      int e = nameStart;
      while (e < n) {
        int cp = template.codePointAt(e);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
          break;
        }
        e += Character.charCount(cp);
      }
      if (e == nameStart || (brace && (e >= n || template.charAt(e) != '}'))) {
        out.append('$');
        continue;
      }
      String name = template.substring(nameStart, e);
      k = brace ? e + 1 : e;
      int num = groupNumber(name);
      int g = num >= 0 ? (num <= m.groupCount() ? num : -1) : namedGroup(m, name);
      if (g >= 0 && m.start(g) >= 0) {
        out.append(src, m.start(g), m.end(g));
      }
    }
    out.append(template, k, n);
    return out.toString();
  }

  /** The group number a name denotes as Go reads it (digits, no leading zero, below 1e8), else -1. */
  private static int groupNumber(String name) {
    if (name.length() > 1 && name.charAt(0) == '0') {
      return -1;
    }
    int num = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (c - '0');
    }
    return num;
  }

  private static int namedGroup(Matcher m, String goName) {
    int best = -1;
    for (Map.Entry<String, Integer> e : m.pattern().namedGroups().entrySet()) {
      String decoded = decodeGroupName(e.getKey());
      if (goName.equals(decoded != null ? decoded : e.getKey())
          && (best < 0 || e.getValue() < best)) {
        best = e.getValue();
      }
    }
    return best;
  }
}
