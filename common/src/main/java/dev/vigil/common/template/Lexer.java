package dev.vigil.common.template;

import dev.vigil.common.template.Token.Type;
import dev.vigil.common.text.GoQuote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits template text into tokens as Go's text/template lexer does: text, delimiters (with trim
 * markers), comments, and the words of actions. Lexing stops at the first error, which becomes an
 * ERROR token carrying Go's message, followed by nothing.
 */
final class Lexer {
  private static final Map<String, Type> KEYWORDS =
      Map.ofEntries(
          Map.entry(".", Type.DOT),
          Map.entry("block", Type.BLOCK),
          Map.entry("break", Type.BREAK),
          Map.entry("continue", Type.CONTINUE),
          Map.entry("define", Type.DEFINE),
          Map.entry("else", Type.ELSE),
          Map.entry("end", Type.END),
          Map.entry("if", Type.IF),
          Map.entry("range", Type.RANGE),
          Map.entry("nil", Type.NIL),
          Map.entry("template", Type.TEMPLATE),
          Map.entry("with", Type.WITH));

  private static final int EOF = -1;

  private final String input;
  private final String leftDelim;
  private final String rightDelim;
  private final boolean breakOk;
  private final boolean continueOk;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int start;
  private int line = 1;
  private int startLine = 1;
  private int parenDepth;
  private boolean done;

  Lexer(String input, String leftDelim, String rightDelim, boolean breakOk, boolean continueOk) {
    this.input = input;
    this.leftDelim = leftDelim;
    this.rightDelim = rightDelim;
    this.breakOk = breakOk;
    this.continueOk = continueOk;
  }

  /** All tokens up to and including EOF or the first ERROR. */
  List<Token> lex() {
    while (!done) {
      lexText();
    }
    return tokens;
  }

  // ---- helpers

  private int next() {
    if (pos >= input.length()) {
      return EOF;
    }
    int r = input.codePointAt(pos);
    pos += Character.charCount(r);
    if (r == '\n') {
      line++;
    }
    return r;
  }

  private int peek() {
    return pos >= input.length() ? EOF : input.codePointAt(pos);
  }

  private void backup(int r) {
    if (r == EOF) {
      return;
    }
    pos -= Character.charCount(r);
    if (r == '\n') {
      line--;
    }
  }

  private void emit(Type t) {
    tokens.add(new Token(t, start, input.substring(start, pos), startLine));
    start = pos;
    startLine = line;
  }

  private void ignore() {
    line += count(input, start, pos);
    start = pos;
    startLine = line;
  }

  private static int count(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private boolean accept(String valid) {
    int r = next();
    if (r != EOF && valid.indexOf(r) >= 0) {
      return true;
    }
    backup(r);
    return false;
  }

  private void acceptRun(String valid) {
    int r;
    while ((r = next()) != EOF && valid.indexOf(r) >= 0) {
      // consume
    }
    backup(r);
  }

  private void error(String message) {
    tokens.add(new Token(Type.ERROR, start, message, startLine));
    done = true;
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\r' || r == '\n';
  }

  static boolean isAlphaNumeric(int r) {
    return r == '_' || Character.isLetter(r) || Character.isDigit(r);
  }

  private boolean hasLeftTrimMarker(int at) {
    return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
  }

  private boolean hasRightTrimMarker(int at) {
    return at + 1 < input.length() && isSpace(input.charAt(at)) && input.charAt(at + 1) == '-';
  }

  /** Returns 0 if not at a right delimiter, 1 if at one, 2 if at a trim-marked one. */
  private int atRightDelim() {
    if (hasRightTrimMarker(pos) && input.startsWith(rightDelim, pos + 2)) {
      return 2;
    }
    return input.startsWith(rightDelim, pos) ? 1 : 0;
  }

  private int leftTrimLength(int at) {
    int i = at;
    while (i < input.length() && isSpace(input.charAt(i))) {
      i++;
    }
    return i - at;
  }

  // ---- states

  private void lexText() {
    int x = input.indexOf(leftDelim, pos);
    if (x < 0) {
      pos = input.length();
      if (pos > start) {
        line += count(input, start, pos);
        emit(Type.TEXT);
      }
      tokens.add(new Token(Type.EOF, pos, "", line));
      done = true;
      return;
    }
    int ldn = x;
    boolean trim = hasLeftTrimMarker(x + leftDelim.length());
    int end = x;
    if (trim) {
      while (end > start && isSpace(input.charAt(end - 1))) {
        end--;
      }
    }
    pos = end;
    if (pos > start) {
      line += count(input, start, pos);
      emit(Type.TEXT);
    }
    pos = ldn;
    ignore();
    lexLeftDelim();
  }

  private void lexLeftDelim() {
    pos += leftDelim.length();
    boolean trim = hasLeftTrimMarker(pos);
    int afterMarker = trim ? 2 : 0;
    if (input.startsWith("/*", pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      lexComment();
      return;
    }
    emit(Type.LEFT_DELIM);
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    while (!done && lexInsideAction()) {
      // continue inside the action
    }
  }

  private void lexComment() {
    pos += 2;
    int x = input.indexOf("*/", pos);
    if (x < 0) {
      error("unclosed comment");
      return;
    }
    pos = x + 2;
    int delim = atRightDelim();
    if (delim == 0) {
      error("comment ends before closing delimiter");
      return;
    }
    if (delim == 2) {
      pos += 2;
    }
    pos += rightDelim.length();
    if (delim == 2) {
      pos += leftTrimLength(pos);
    }
    ignore();
  }

  private void lexRightDelim(boolean trim) {
    if (trim) {
      pos += 2;
      ignore();
    }
    pos += rightDelim.length();
    emit(Type.RIGHT_DELIM);
    if (trim) {
      pos += leftTrimLength(pos);
      ignore();
    }
  }

  /** Lexes one item inside an action; false when the action ended. */
  private boolean lexInsideAction() {
    int delim = atRightDelim();
    if (delim != 0) {
      if (parenDepth == 0) {
        lexRightDelim(delim == 2);
        return false;
      }
      error("unclosed left paren");
      return false;
    }
    int r = next();
    if (r == EOF) {
      error("unclosed action");
      return false;
    }
    if (isSpace(r)) {
      backup(r);
      lexSpace();
      return true;
    }
    switch (r) {
      case '=' -> emit(Type.ASSIGN);
      case ':' -> {
        if (next() != '=') {
          error("expected :=");
          return false;
        }
        emit(Type.DECLARE);
      }
      case '|' -> emit(Type.PIPE);
      case '"' -> lexQuote();
      case '`' -> lexRawQuote();
      case '$' -> lexFieldOrVariable(Type.VARIABLE);
      case '\'' -> lexChar();
      case '.' -> {
        if (pos < input.length()) {
          char c = input.charAt(pos);
          if (c >= '0' && c <= '9') {
            backup(r);
            lexNumber();
            return !done;
          }
        }
        lexFieldOrVariable(Type.FIELD);
      }
      case '(' -> {
        emit(Type.LEFT_PAREN);
        parenDepth++;
      }
      case ')' -> {
        parenDepth--;
        if (parenDepth < 0) {
          error("unexpected right paren");
          return false;
        }
        emit(Type.RIGHT_PAREN);
      }
      default -> {
        if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
          backup(r);
          lexNumber();
        } else if (isAlphaNumeric(r)) {
          backup(r);
          lexIdentifier();
        } else if (r <= 0x7f && GoQuote.isPrint(r)) {
          emit(Type.CHAR);
        } else {
          error("unrecognized character in action: " + runeName(r));
          return false;
        }
      }
    }
    return !done;
  }

  /** Go's %#U: U+00E9 'é'. */
  static String runeName(int r) {
    String s = String.format("U+%04X", r);
    return GoQuote.isPrint(r) ? s + " '" + new String(Character.toChars(r)) + "'" : s;
  }

  private void lexSpace() {
    int numSpaces = 0;
    while (isSpace(peek())) {
      next();
      numSpaces++;
    }
    if (hasRightTrimMarker(pos - 1) && input.startsWith(rightDelim, pos - 1 + 2)) {
      backup(input.charAt(pos - 1));
      if (numSpaces == 1) {
        return;
      }
    }
    emit(Type.SPACE);
  }

  private void lexIdentifier() {
    int r;
    while (isAlphaNumeric(r = next())) {
      // absorb
    }
    backup(r);
    if (!atTerminator()) {
      error("bad character " + runeName(peek()));
      return;
    }
    String word = input.substring(start, pos);
    Type kw = KEYWORDS.get(word);
    if (kw != null && kw != Type.DOT) {
      if ((kw == Type.BREAK && !breakOk) || (kw == Type.CONTINUE && !continueOk)) {
        emit(Type.IDENTIFIER);
      } else {
        emit(kw);
      }
    } else if (word.equals("true") || word.equals("false")) {
      emit(Type.BOOL);
    } else {
      emit(Type.IDENTIFIER);
    }
  }

  private void lexFieldOrVariable(Type type) {
    if (atTerminator()) {
      emit(type == Type.VARIABLE ? Type.VARIABLE : Type.DOT);
      return;
    }
    int r;
    while (isAlphaNumeric(r = next())) {
      // absorb
    }
    backup(r);
    if (!atTerminator()) {
      error("bad character " + runeName(peek()));
      return;
    }
    emit(type);
  }

  private boolean atTerminator() {
    int r = peek();
    if (isSpace(r)) {
      return true;
    }
    switch (r) {
      case EOF, '.', ',', '|', ':', ')', '(' -> {
        return true;
      }
      default -> {
        return !rightDelim.isEmpty() && r == rightDelim.codePointAt(0);
      }
    }
  }

  private void lexChar() {
    lexEscaped('\'', Type.CHAR_CONSTANT, "unterminated character constant");
  }

  /** A quoted item with backslash escapes, ending at {@code quote} on the same line. */
  private void lexEscaped(int quote, Type type, String unterminated) {
    while (true) {
      int r = next();
      if (r == '\\') {
        r = next();
        if (r != EOF && r != '\n') {
          continue;
        }
      }
      if (r == EOF || r == '\n') {
        error(unterminated);
        return;
      }
      if (r == quote) {
        break;
      }
    }
    emit(type);
  }

  private void lexNumber() {
    if (!scanNumber()) {
      error("bad number syntax: " + GoQuote.quote(input.substring(start, pos), false));
      return;
    }
    emit(Type.NUMBER);
  }

  private boolean scanNumber() {
    accept("+-");
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (digits.length() == 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length() == 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  }

  private void lexQuote() {
    lexEscaped('"', Type.STRING, "unterminated quoted string");
  }

  private void lexRawQuote() {
    while (true) {
      int r = next();
      if (r == EOF) {
        error("unterminated raw quoted string");
        return;
      }
      if (r == '`') {
        break;
      }
    }
    emit(Type.RAW_STRING);
  }
}
