package dev.vigil.alerting.matcher;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alertmanager 0.25's matcher syntax ("classic" matchers), as used in {@code matchers:} config
 * lists, silences and amtool: {@code {foo="bar", dings!=bums}}. Braces are optional, values may be
 * unquoted, commas inside double quotes do not separate, and inside a value {@code \"}, {@code
 * \n} and {@code \\} are escapes while a lone backslash stays literal. Stateless.
 */
public final class MatcherParser {
  private MatcherParser() {}

  // Go's \s is [\t\n\f\r ], narrower than Java's.
  private static final Pattern MATCHER =
      Pattern.compile(
          "^[\\t\\n\\f\\r ]*([a-zA-Z_:][a-zA-Z0-9_:]*)[\\t\\n\\f\\r ]*(=~|=|!=|!~)"
              + "[\\t\\n\\f\\r ]*((?s).*?)[\\t\\n\\f\\r ]*$");

  /** Parses a comma-separated list of matchers. @throws MatcherSyntaxException when malformed */
  public static List<LabelMatcher> parseList(String s) {
    if (s.startsWith("{")) {
      s = s.substring(1);
    }
    if (s.endsWith("}")) {
      s = s.substring(0, s.length() - 1);
    }
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean insideQuotes = false;
    boolean escaped = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case ',' -> {
          if (!insideQuotes) {
            tokens.add(token.toString());
            token.setLength(0);
            continue;
          }
        }
        case '"' -> {
          if (!escaped) {
            insideQuotes = !insideQuotes;
          } else {
            escaped = false;
          }
        }
        case '\\' -> escaped = !escaped;
        default -> escaped = false;
      }
      token.append(c);
    }
    String last = token.toString().strip();
    if (!last.isEmpty()) {
      tokens.add(last);
    }
    List<LabelMatcher> out = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      out.add(parse(t));
    }
    return out;
  }

  /** Parses one matcher. @throws MatcherSyntaxException when malformed */
  public static LabelMatcher parse(String s) {
    Matcher m = MATCHER.matcher(s);
    if (!m.matches()) {
      throw new MatcherSyntaxException("bad matcher format: " + s);
    }
    String raw = m.group(3);
    boolean expectTrailingQuote = false;
    if (!raw.isEmpty() && raw.charAt(0) == '"') {
      raw = raw.substring(1);
      expectTrailingQuote = true;
    }
    StringBuilder value = new StringBuilder(raw.length());
    boolean escaped = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (escaped) {
        escaped = false;
        switch (c) {
          case 'n' -> value.append('\n');
          case '"', '\\' -> value.append(c);
          default -> value.append('\\').append(c);
        }
        continue;
      }
      switch (c) {
        case '\\' -> {
          if (i < raw.length() - 1) {
            escaped = true;
          } else {
            value.append('\\');
          }
        }
        case '"' -> {
          if (!expectTrailingQuote || i < raw.length() - 1) {
            throw new MatcherSyntaxException(
                "matcher value contains unescaped double quote: " + m.group(3));
          }
          expectTrailingQuote = false;
        }
        default -> value.append(c);
      }
    }
    if (expectTrailingQuote) {
      throw new MatcherSyntaxException(
          "matcher value contains unescaped double quote: " + m.group(3));
    }
    try {
      return LabelMatcher.of(MatchType.ofOp(m.group(2)), m.group(1), value.toString());
    } catch (IllegalArgumentException e) {
      throw new MatcherSyntaxException(e.getMessage());
    }
  }
}
