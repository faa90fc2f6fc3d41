package dev.vigil.promql.promqltest;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.model.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses Prometheus's series-description notation, the language of {@code load} lines and of
 * expected results: a metric ({@code name}, {@code name{l="v"}}, {@code {}}, or quoted UTF-8 names
 * {@code {"a.b", "c.d"="e"}}) followed by whitespace-separated items:
 *
 * <ul>
 *   <li>{@code 5}, {@code -1.5}, {@code Inf}, {@code NaN}, {@code stale} (the staleness marker);
 *   <li>{@code _} (no sample) and {@code _xN} (N positions without samples);
 *   <li>{@code VxN}: N+1 copies of V; {@code V+DxN} / {@code V-DxN}: N+1 values from V stepping by D;
 *   <li>{@code {{schema:0 sum:5 count:4 buckets:[1 2 1]}}} native histograms, also with {@code xN}
 *       and {@code {{a}}+{{b}}xN}.
 * </ul>
 *
 * Numbers follow the harness: Go integer syntax first (so {@code 010} is octal 8), then floats.
 * Stateless and thread-safe.
 */
public final class SeriesDescParser {
  private final String in;
  private int pos;

  private SeriesDescParser(String in) {
    this.in = in;
  }

  /** @throws IllegalArgumentException naming the problem and its column */
  public static SeriesDescription parse(String line) {
    SeriesDescParser p = new SeriesDescParser(line);
    Labels labels = p.metric();
    List<SequenceValue> values = p.values();
    return new SeriesDescription(labels, values);
  }

  /** Parses only a metric ({@code name{l="v"}}), which must be the whole input. */
  public static Labels parseMetric(String text) {
    SeriesDescParser p = new SeriesDescParser(text);
    Labels l = p.metric();
    if (p.pos != text.length()) {
      throw p.error("unexpected \"" + text.substring(p.pos) + "\" after metric");
    }
    return l;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("1:" + (pos + 1) + ": parse error: " + what);
  }

  private boolean atEnd() {
    return pos >= in.length();
  }

  private char peek() {
    return atEnd() ? 0 : in.charAt(pos);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isAlpha(char c) {
    return c == '_' || Character.isLetter(c);
  }

  private static boolean isAlnum(char c) {
    return isAlpha(c) || Character.isDigit(c);
  }

  private Labels metric() {
    LabelsBuilder b = new LabelsBuilder();
    String name = null;
    if (isAlpha(peek()) || peek() == ':') {
      int start = pos;
      while (!atEnd() && (isAlnum(peek()) || peek() == ':')) {
        pos++;
      }
      name = in.substring(start, pos);
    }
    if (peek() == '{' && !in.startsWith("{{", pos)) {
      pos++;
      labelSet(b);
    }
    if (name != null) {
      b.set(Labels.METRIC_NAME, name);
    }
    return b.build();
  }

  private void labelSet(LabelsBuilder b) {
    while (true) {
      skipSpaces();
      if (peek() == '}') {
        pos++;
        return;
      }
      String name;
      if (peek() == '"' || peek() == '\'' || peek() == '`') {
        name = string();
        skipSpaces();
        if (peek() != '=') {
          // A lone quoted string is the metric name.
          b.set(Labels.METRIC_NAME, name);
          if (!endOfItem(b)) {
            return;
          }
          continue;
        }
      } else if (isAlpha(peek())) {
        int start = pos;
        while (!atEnd() && isAlnum(peek())) {
          pos++;
        }
        name = in.substring(start, pos);
        skipSpaces();
      } else {
        throw error("unexpected " + describeInBraces() + " in label set, expected identifier or \"}\"");
      }
      if (peek() != '=') {
        throw error("unexpected " + describeInBraces() + " in label set, expected \"=\"");
      }
      pos++;
      skipSpaces();
      if (!(peek() == '"' || peek() == '\'' || peek() == '`')) {
        throw error("unexpected " + describeInBraces() + " in label set, expected string");
      }
      b.set(name, string());
      if (!endOfItem(b)) {
        return;
      }
    }
  }

  /** After a label: true to read another, false when the set closed. */
  private boolean endOfItem(LabelsBuilder b) {
    skipSpaces();
    if (peek() == ',') {
      pos++;
      return true;
    }
    if (peek() == '}') {
      pos++;
      return false;
    }
    throw error("unexpected " + describeInBraces() + " in label set, expected \",\" or \"}\"");
  }

  /** What is at the cursor inside a label set, or the lexer's error when it stops there. */
  private String describeInBraces() {
    if (atEnd()) {
      throw error("unexpected end of input inside braces");
    }
    if (!lexableInsideBraces(peek())) {
      // Prometheus's lexer rejects such a character before the parser sees a token.
      throw error("unexpected character inside braces: '" + peek() + "'");
    }
    return describe();
  }

  private String describe() {
    return atEnd() ? "end of input" : "character \"" + peek() + "\"";
  }

  /** Characters Prometheus's lexer turns into tokens inside {@code {...}}. */
  private static boolean lexableInsideBraces(char c) {
    return isAlpha(c) || isSpace(c) || "\"'`,=!~{}".indexOf(c) >= 0;
  }

  private void skipSpaces() {
    while (!atEnd() && isSpace(peek())) {
      pos++;
    }
  }

  private String string() {
    char q = in.charAt(pos);
    int start = pos++;
    while (!atEnd() && peek() != q) {
      if (peek() == '\\' && q != '`') {
        pos++;
      }
      pos++;
    }
    if (atEnd()) {
      throw error("unterminated quoted string");
    }
    pos++;
    try {
      return GoSyntax.unquote(in.substring(start, pos), true);
    } catch (IllegalArgumentException e) {
      throw error("invalid quoted string " + in.substring(start, pos));
    }
  }

  private List<SequenceValue> values() {
    List<SequenceValue> out = new ArrayList<>();
    while (!atEnd()) {
      if (!isSpace(peek())) {
        throw error("unexpected " + describe() + " in series values");
      }
      skipSpaces();
      if (atEnd()) {
        break;
      }
      item(out);
    }
    return out;
  }

  private void item(List<SequenceValue> out) {
    if (peek() == '_') {
      pos++;
      if (peek() == 'x') {
        pos++;
        long n = uint();
        for (long i = 0; i < n; i++) {
          out.add(SequenceValue.OMITTED);
        }
      } else {
        out.add(SequenceValue.OMITTED);
      }
      return;
    }
    if (in.startsWith("{{", pos)) {
      histogramItem(out);
      return;
    }
    double v = seriesValue();
    if (peek() == 'x') {
      pos++;
      long n = uint();
      for (long i = 0; i <= n; i++) {
        out.add(SequenceValue.of(v));
      }
      return;
    }
    if (peek() == '+' || peek() == '-') {
      boolean neg = in.charAt(pos++) == '-';
      double d = unsignedNumber();
      if (neg) {
        d = -d;
      }
      if (peek() != 'x') {
        throw error("unexpected " + describe() + " in series values, expected \"x\"");
      }
      pos++;
      long n = uint();
      for (long i = 0; i <= n; i++) {
        out.add(SequenceValue.of(v));
        v += d;
      }
      return;
    }
    out.add(SequenceValue.of(v));
  }

  private void histogramItem(List<SequenceValue> out) {
    HistogramLiterals.Parsed base = histogram();
    if (peek() == 'x') {
      pos++;
      long n = uint();
      for (long i = 0; i <= n; i++) {
        out.add(SequenceValue.of(base.histogram(), base.hintSet()));
      }
      return;
    }
    if (peek() == '+' || peek() == '-') {
      boolean sub = in.charAt(pos++) == '-';
      if (!in.startsWith("{{", pos)) {
        throw error("unexpected " + describe() + " in series values, expected histogram");
      }
      HistogramLiterals.Parsed inc = histogram();
      if (peek() != 'x') {
        throw error("unexpected " + describe() + " in series values, expected \"x\"");
      }
      pos++;
      long n = uint();
      FloatHistogram cur = base.histogram();
      // The harness marks the whole series with the increment's hint flag.
      out.add(SequenceValue.of(cur, inc.hintSet()));
      for (long i = 1; i <= n; i++) {
        if (cur.schema() > inc.histogram().schema()) {
          throw error("error combining histograms: cannot merge from schema "
              + inc.histogram().schema() + " to " + cur.schema());
        }
        cur = HistogramLiterals.combine(cur, inc.histogram(), sub);
        out.add(SequenceValue.of(cur, inc.hintSet()));
      }
      return;
    }
    out.add(SequenceValue.of(base.histogram(), base.hintSet()));
  }

  private HistogramLiterals.Parsed histogram() {
    int end = in.indexOf("}}", pos);
    if (end < 0) {
      throw error("unterminated histogram literal");
    }
    String body = in.substring(pos + 2, end);
    try {
      HistogramLiterals.Parsed h = HistogramLiterals.parse(body);
      pos = end + 2;
      return h;
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private double seriesValue() {
    char c = peek();
    if (c == '+' || c == '-') {
      pos++;
      double v = unsignedNumber();
      return c == '-' ? -v : v;
    }
    if (isAlpha(c)) {
      int start = pos;
      while (!atEnd() && isAlnum(peek())) {
        pos++;
      }
      String word = in.substring(start, pos);
      String lower = word.toLowerCase(Locale.ROOT);
      if (lower.equals("inf")) {
        return Double.POSITIVE_INFINITY;
      }
      if (lower.equals("nan")) {
        return Double.NaN;
      }
      if (word.equals("stale")) {
        return Samples.STALE_NAN;
      }
      pos = start;
      throw error("unexpected identifier \"" + word + "\" in series values, expected number or "
          + "\"stale\"");
    }
    return unsignedNumber();
  }

  /** A NUMBER token (or the inf/nan keywords) without sign. */
  private double unsignedNumber() {
    if (isAlpha(peek())) {
      int start = pos;
      while (!atEnd() && isAlnum(peek())) {
        pos++;
      }
      String lower = in.substring(start, pos).toLowerCase(Locale.ROOT);
      if (lower.equals("inf")) {
        return Double.POSITIVE_INFINITY;
      }
      if (lower.equals("nan")) {
        return Double.NaN;
      }
      pos = start;
      throw error("unexpected " + describe() + " in series values, expected number");
    }
    String tok = numberToken();
    try {
      return GoSyntax.parseNumber(tok);
    } catch (NumberFormatException e) {
      throw error("error parsing number: " + tok);
    }
  }

  /** Digits, an optional fraction and exponent; the next character may be "x" (repetition). */
  private String numberToken() {
    int start = pos;
    while (!atEnd() && Character.isDigit(peek())) {
      pos++;
    }
    if (peek() == '.') {
      pos++;
      while (!atEnd() && Character.isDigit(peek())) {
        pos++;
      }
    }
    if (pos > start && (peek() == 'e' || peek() == 'E')) {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      while (!atEnd() && Character.isDigit(peek())) {
        pos++;
      }
    }
    if (pos == start || (in.substring(start, pos).equals("."))) {
      pos = start;
      throw error("unexpected " + describe() + " in series values, expected number");
    }
    if (!atEnd() && peek() != 'x' && isAlnum(peek())) {
      throw error("bad number syntax: \"" + in.substring(start, pos + 1) + "\"");
    }
    return in.substring(start, pos);
  }

  private long uint() {
    int start = pos;
    String tok;
    try {
      tok = numberToken();
    } catch (IllegalArgumentException e) {
      pos = start;
      throw error("unexpected " + describe() + " in series values, expected repetition count");
    }
    try {
      long n = Long.parseLong(tok);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw error("invalid repetition in series values: " + tok);
    }
  }
}
