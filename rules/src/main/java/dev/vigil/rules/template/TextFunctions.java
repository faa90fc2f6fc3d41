package dev.vigil.rules.template;

import java.util.Map;
import java.util.regex.Matcher;

/**
 * The string functions Prometheus borrows from Go's standard library, with Go's semantics: simple
 * per-rune case mapping, strings.Title word starts, net.SplitHostPort, regexp replacement
 * templates ({@code $1}, {@code ${name}}) and URL links to the expression browser.
 */
final class TextFunctions {
  private TextFunctions() {}

  static String toUpper(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(c -> sb.appendCodePoint(Character.toUpperCase(c)));
    return sb.toString();
  }

  static String toLower(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(c -> sb.appendCodePoint(Character.toLowerCase(c)));
    return sb.toString();
  }

  /** strings.Title: upper-cases (title-cases) the first letter of each word. */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int prev = ' ';
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      sb.appendCodePoint(isSeparator(prev) ? Character.toTitleCase(c) : c);
      prev = c;
    }
    return sb.toString();
  }

  private static boolean isSeparator(int r) {
    if (r <= 0x7F) {
      if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_') {
        return false;
      }
      return true;
    }
    if (Character.isLetter(r) || Character.isDigit(r)) {
      return false;
    }
    return Character.isWhitespace(r) || Character.isSpaceChar(r);
  }

  /** regexp.MatchString: an unanchored search. */
  static boolean match(String pattern, String text) {
    GoPattern p;
    try {
      p = GoPattern.compile(pattern);
    } catch (IllegalArgumentException e) {
      // MatchString reports the parse error without MustCompile's "regexp: Compile(...)" wrapper.
      String m = e.getMessage();
      throw new IllegalArgumentException(m.substring(m.indexOf("error parsing regexp")));
    }
    return p.pattern().matcher(text).find();
  }

  /** Regexp.ReplaceAllString with Go's template expansion of $1, ${1}, $name and ${name}. */
  static String reReplaceAll(String pattern, String repl, String text) {
    GoPattern p = GoPattern.compile(pattern);
    Matcher m = p.pattern().matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    int prevEnd = -1;
    while (m.find()) {
      // Go ignores an empty match that abuts the preceding match.
      if (m.start() == m.end() && m.start() == prevEnd) {
        continue;
      }
      out.append(text, last, m.start());
      expand(out, repl, m, p.groupNames());
      last = m.end();
      prevEnd = m.end();
    }
    out.append(text, Math.min(last, text.length()), text.length());
    return out.toString();
  }

  private static void expand(StringBuilder out, String template, Matcher m, Map<String, String> names) {
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        out.append(c);
        i++;
        continue;
      }
      char n = template.charAt(i + 1);
      if (n == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (n == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0 || !isName(template.substring(i + 2, close))) {
          out.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        end = close + 1;
      } else {
        int j = i + 1;
        while (j < template.length() && isNameChar(template.charAt(j))) {
          j++;
        }
        if (j == i + 1) {
          out.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 1, j);
        end = j;
      }
      out.append(group(m, name, names));
      i = end;
    }
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static boolean isName(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> isNameChar((char) c));
  }

  private static String group(Matcher m, String name, Map<String, String> names) {
    try {
      if (name.chars().allMatch(Character::isDigit)) {
        int g = Integer.parseInt(name);
        if (g > m.groupCount()) {
          return "";
        }
        String v = m.group(g);
        return v == null ? "" : v;
      }
      String javaName = names.get(name);
      if (javaName == null) {
        return "";
      }
      String v = m.group(javaName);
      return v == null ? "" : v;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return "";
    }
  }

  /** net.SplitHostPort; null when the address has no valid port part. */
  static String[] splitHostPort(String hostport) {
    int i = hostport.lastIndexOf(':');
    if (i < 0) {
      return null;
    }
    String host;
    if (hostport.startsWith("[")) {
      int end = hostport.indexOf(']');
      if (end < 0) {
        return null;
      }
      if (end + 1 == hostport.length() || end + 1 != i) {
        return null;
      }
      host = hostport.substring(1, end);
      if (hostport.indexOf('[', 1) >= 0 || hostport.indexOf(']', end + 1) >= 0) {
        return null;
      }
    } else {
      host = hostport.substring(0, i);
      if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
        return null;
      }
    }
    return new String[] {host, hostport.substring(i + 1)};
  }

  static String stripPort(String hostPort) {
    String[] hp = splitHostPort(hostPort);
    return hp == null ? hostPort : hp[0];
  }

  static String stripDomain(String hostPort) {
    String[] hp = splitHostPort(hostPort);
    String host = hp == null ? hostPort : hp[0];
    String port = hp == null ? "" : hp[1];
    if (isIp(host)) {
      return hostPort;
    }
    int dot = host.indexOf('.');
    host = dot < 0 ? host : host.substring(0, dot);
    if (!port.isEmpty()) {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
    return host;
  }

  /** net.ParseIP succeeds: a dotted IPv4 address or an IPv6 address. */
  static boolean isIp(String s) {
    if (s.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")) {
      return true;
    }
    if (s.indexOf(':') < 0 || !s.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      return java.net.InetAddress.ofLiteral(s) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String graphLink(String expr) {
    return "/graph?g0.expr=" + queryEscape(expr) + "&g0.tab=0";
  }

  static String tableLink(String expr) {
    return "/graph?g0.expr=" + queryEscape(expr) + "&g0.tab=1";
  }

  /** url.QueryEscape. */
  static String queryEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        sb.append((char) c);
      } else if (c == ' ') {
        sb.append('+');
      } else {
        sb.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
      }
    }
    return sb.toString();
  }
}

