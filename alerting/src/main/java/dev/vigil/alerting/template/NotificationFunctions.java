package dev.vigil.alerting.template;

import dev.vigil.model.GoRegexp;
import dev.vigil.common.template.GoTime;
import dev.vigil.common.template.SafeHtml;
import dev.vigil.common.template.Signature;
import dev.vigil.common.template.Signature.Type;
import dev.vigil.common.template.TemplateFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions Alertmanager 0.25 gives notification templates ({@code template.DefaultFuncs}):
 * toUpper, toLower, title, join, match, safeHtml, reReplaceAll, stringSlice; plus trimSpace and
 * date from later Alertmanager releases. Stateless and thread-safe.
 */
public final class NotificationFunctions {
  private NotificationFunctions() {}

  public static Map<String, TemplateFunction> all() {
    Map<String, TemplateFunction> m = new LinkedHashMap<>();
    m.put("toUpper", TemplateFunction.of(Signature.of(Type.STRING), a -> ((String) a.getFirst()).toUpperCase(java.util.Locale.ROOT)));
    m.put("toLower", TemplateFunction.of(Signature.of(Type.STRING), a -> ((String) a.getFirst()).toLowerCase(java.util.Locale.ROOT)));
    m.put("title", TemplateFunction.of(Signature.of(Type.STRING), a -> title((String) a.getFirst())));
    m.put("join", TemplateFunction.of(Signature.of(Type.STRING, Type.ANY), a -> join((String) a.get(0), a.get(1))));
    m.put("match", TemplateFunction.of(Signature.of(Type.STRING, Type.STRING),
        a -> regex((String) a.get(0)).matcher((String) a.get(1)).find()));
    m.put("safeHtml", TemplateFunction.of(Signature.of(Type.STRING), a -> new SafeHtml((String) a.getFirst())));
    m.put("reReplaceAll", TemplateFunction.of(Signature.of(Type.STRING, Type.STRING, Type.STRING),
        a -> replaceAll(regex((String) a.get(0)), (String) a.get(1), (String) a.get(2))));
    m.put("stringSlice", TemplateFunction.of(Signature.variadic(Type.STRING), a -> {
      List<String> out = new ArrayList<>(a.size());
      a.forEach(s -> out.add((String) s));
      return out;
    }));
    m.put("trimSpace", TemplateFunction.of(Signature.of(Type.STRING), a -> ((String) a.getFirst()).strip()));
    m.put("date", TemplateFunction.of(Signature.of(Type.STRING, Type.ANY), a -> {
      if (!(a.get(1) instanceof GoTime t)) {
        throw new IllegalArgumentException("date needs a time, got " + a.get(1));
      }
      return t.format((String) a.get(0));
    }));
    return Map.copyOf(m);
  }

  private static Pattern regex(String re) {
    try {
      return Pattern.compile(GoRegexp.translate(re), Pattern.UNIX_LINES);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("error parsing regexp: " + e.getMessage(), e);
    }
  }

  private static String join(String sep, Object list) {
    if (!(list instanceof Iterable<?> it)) {
      throw new IllegalArgumentException("wrong type for value; expected []string; got " + list);
    }
    StringBuilder sb = new StringBuilder();
    boolean first = true;
    for (Object o : it) {
      if (!first) {
        sb.append(sep);
      }
      first = false;
      sb.append(o);
    }
    return sb.toString();
  }

  /**
   * Title case as golang.org/x/text/cases does it for English: the first letter of each word upper
   * case, the rest lower case; letters, digits, apostrophes and underscores continue a word.
   */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean inWord = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetter(c)) {
        sb.appendCodePoint(inWord ? Character.toLowerCase(c) : Character.toTitleCase(c));
        inWord = true;
      } else {
        sb.appendCodePoint(c);
        inWord = Character.isDigit(c) || ((c == '\'' || c == '_') && inWord);
      }
    }
    return sb.toString();
  }

  /** Go's Regexp.ReplaceAllString: {@code $1}, {@code ${1}}, {@code $name}, {@code $$}. */
  static String replaceAll(Pattern p, String repl, String text) {
    Matcher m = p.matcher(text);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    while (m.find()) {
      sb.append(text, last, m.start());
      expand(m, repl, sb);
      last = m.end();
    }
    sb.append(text, last, text.length());
    return sb.toString();
  }

  private static void expand(Matcher m, String repl, StringBuilder sb) {
    for (int i = 0; i < repl.length(); i++) {
      char c = repl.charAt(i);
      if (c != '$' || i + 1 >= repl.length()) {
        sb.append(c);
        continue;
      }
      char n = repl.charAt(i + 1);
      if (n == '$') {
        sb.append('$');
        i++;
        continue;
      }
      String name;
      int end;
      if (n == '{') {
        int close = repl.indexOf('}', i + 2);
        if (close < 0) {
          sb.append(c);
          continue;
        }
        name = repl.substring(i + 2, close);
        end = close;
      } else {
        int j = i + 1;
        while (j < repl.length() && (Character.isLetterOrDigit(repl.charAt(j)) || repl.charAt(j) == '_')) {
          j++;
        }
        if (j == i + 1) {
          sb.append(c);
          continue;
        }
        name = repl.substring(i + 1, j);
        end = j - 1;
      }
      sb.append(group(m, name));
      i = end;
    }
  }

  private static String group(Matcher m, String name) {
    String g = null;
    try {
      if (name.chars().allMatch(Character::isDigit)) {
        int idx = Integer.parseInt(name);
        g = idx <= m.groupCount() ? m.group(idx) : null;
      } else {
        g = m.group(name);
      }
    } catch (RuntimeException e) {
      g = null;
    }
    return g == null ? "" : g;
  }
}
