package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A label matcher: {@code name = value}, {@code !=}, {@code =~} (fully anchored regex) or {@code !~}.
 *
 * <p>An absent label matches as the empty string, as in Prometheus. Regexes that are plain literal
 * alternations ({@code a|b|c}) are recognised so that indexes can answer them with set lookups
 * instead of scanning every value ({@link #setMatches()}); a literal prefix is exposed for range
 * scans ({@link #literalPrefix()}). Immutable and thread-safe.
 */
public final class Matcher {
  public enum Type {
    EQ("="), NEQ("!="), RE("=~"), NRE("!~");

    private final String op;

    Type(String op) {
      this.op = op;
    }

    public String op() {
      return op;
    }
  }

  private final Type type;
  private final String name;
  private final String value;
  private final Pattern pattern; // null for EQ/NEQ and for pure literal sets
  private final List<String> setMatches; // non-null when the regex is a literal alternation
  private final String prefix; // literal prefix of the regex, "" when none

  private Matcher(Type type, String name, String value) {
    this.type = type;
    this.name = name;
    this.value = value;
    if (type == Type.RE || type == Type.NRE) {
      this.setMatches = literalAlternation(value);
      try {
        // RE2 syntax, as Prometheus reads it ([[:alpha:]], a{ as a literal, no lookaround), with
        // '.' matching newlines as Prometheus 3's (?s: wrapper makes it; UNIX_LINES so that inside
        // (?-s:...) only '\n' stops '.', as in Go
        this.pattern = setMatches != null ? null
            : Pattern.compile("(?s:" + GoRegexp.translate(value) + ")", Pattern.UNICODE_CASE | Pattern.UNIX_LINES);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid regular expression " + quoted(value) + ": " + e.getDescription(), e);
      } catch (RegexpSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid regular expression " + quoted(value) + ": " + e.problem(), e);
      }
      this.prefix = setMatches != null ? "" : literalPrefix(value);
    } else {
      this.pattern = null;
      this.setMatches = null;
      this.prefix = "";
    }
  }

  /** @throws IllegalArgumentException for an invalid regular expression */
  public static Matcher of(Type type, String name, String value) {
    return new Matcher(type, name, value);
  }

  public static Matcher eq(String name, String value) {
    return new Matcher(Type.EQ, name, value);
  }

  public static Matcher neq(String name, String value) {
    return new Matcher(Type.NEQ, name, value);
  }

  public static Matcher re(String name, String value) {
    return new Matcher(Type.RE, name, value);
  }

  public static Matcher nre(String name, String value) {
    return new Matcher(Type.NRE, name, value);
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** Whether {@code v} (the label's value, "" when absent) satisfies this matcher. */
  public boolean matches(String v) {
    return switch (type) {
      case EQ -> value.equals(v);
      case NEQ -> !value.equals(v);
      case RE -> regexMatches(v);
      case NRE -> !regexMatches(v);
    };
  }

  public boolean matches(Labels labels) {
    return matches(labels.get(name));
  }

  private boolean regexMatches(String v) {
    if (setMatches != null) {
      return setMatches.contains(v);
    }
    return v.startsWith(prefix) && pattern.matcher(v).matches();
  }

  /** Whether the matcher accepts the empty string, i.e. also selects series without the label. */
  public boolean matchesEmpty() {
    return matches("");
  }

  /** For a regex that is a literal alternation ({@code a|b}), its alternatives; otherwise null. */
  public List<String> setMatches() {
    return setMatches;
  }

  /** The literal prefix every matching value of a regex starts with, "" when there is none. */
  public String literalPrefix() {
    return prefix;
  }

  private static final String META = "\\^$.|?*+()[]{}";

  static List<String> literalAlternation(String re) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '|') {
        out.add(cur.toString());
        cur.setLength(0);
      } else if (c == '\\' && i + 1 < re.length() && META.indexOf(re.charAt(i + 1)) >= 0) {
        cur.append(re.charAt(++i));
      } else if (META.indexOf(c) >= 0) {
        return null;
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return List.copyOf(new java.util.LinkedHashSet<>(out));
  }

  static String literalPrefix(String re) {
    if (re.contains("|")) {
      return ""; // a top-level alternation has no common prefix we can prove cheaply
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < re.length() && META.indexOf(re.charAt(i + 1)) >= 0) {
        if (i + 2 < re.length() && "?*{".indexOf(re.charAt(i + 2)) >= 0) {
          break;
        }
        sb.append(re.charAt(++i));
      } else if (META.indexOf(c) >= 0) {
        break;
      } else {
        if (i + 1 < re.length() && "?*{".indexOf(re.charAt(i + 1)) >= 0) {
          break; // the char is optional or repeated: not part of a fixed prefix
        }
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String quoted(String s) {
    StringBuilder sb = new StringBuilder();
    LabelNames.appendQuoted(sb, s);
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return (type.hashCode() * 31 + name.hashCode()) * 31 + value.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (LabelNames.isLegacyLabelName(name)) {
      sb.append(name);
    } else {
      LabelNames.appendQuoted(sb, name);
    }
    sb.append(type.op());
    LabelNames.appendQuoted(sb, value);
    return sb.toString();
  }
}
