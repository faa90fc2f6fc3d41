package dev.vigil.promql.parser;

import java.util.Locale;
import java.util.Map;

/**
 * The PromQL lexer: turns query text into {@link Token}s on demand. Like Prometheus's, it keeps a
 * little state (inside braces, inside brackets, parenthesis depth) because label matchers and
 * durations lex differently from statements. A lexical error becomes an {@link TokenType#ERROR}
 * token carrying Prometheus's message; the parser reports it when it reaches that token, so an
 * earlier syntax error wins, as in Prometheus. Not thread-safe; one per parse.
 */
final class Lexer {
  private static final int EOF_RUNE = -1;

  private static final Map<String, TokenType> KEYWORDS = Map.ofEntries(
      Map.entry("and", TokenType.LAND), Map.entry("or", TokenType.LOR),
      Map.entry("unless", TokenType.LUNLESS), Map.entry("atan2", TokenType.ATAN2),
      Map.entry("sum", TokenType.SUM), Map.entry("avg", TokenType.AVG),
      Map.entry("count", TokenType.COUNT), Map.entry("min", TokenType.MIN),
      Map.entry("max", TokenType.MAX), Map.entry("group", TokenType.GROUP),
      Map.entry("stddev", TokenType.STDDEV), Map.entry("stdvar", TokenType.STDVAR),
      Map.entry("topk", TokenType.TOPK), Map.entry("bottomk", TokenType.BOTTOMK),
      Map.entry("count_values", TokenType.COUNT_VALUES), Map.entry("quantile", TokenType.QUANTILE),
      Map.entry("limitk", TokenType.LIMITK), Map.entry("limit_ratio", TokenType.LIMIT_RATIO),
      Map.entry("offset", TokenType.OFFSET), Map.entry("by", TokenType.BY),
      Map.entry("without", TokenType.WITHOUT), Map.entry("on", TokenType.ON),
      Map.entry("ignoring", TokenType.IGNORING), Map.entry("group_left", TokenType.GROUP_LEFT),
      Map.entry("group_right", TokenType.GROUP_RIGHT), Map.entry("bool", TokenType.BOOL),
      Map.entry("fill", TokenType.FILL), Map.entry("fill_left", TokenType.FILL_LEFT),
      Map.entry("fill_right", TokenType.FILL_RIGHT), Map.entry("anchored", TokenType.ANCHORED),
      Map.entry("smoothed", TokenType.SMOOTHED), Map.entry("start", TokenType.START),
      Map.entry("end", TokenType.END), Map.entry("step", TokenType.STEP),
      Map.entry("range", TokenType.RANGE), Map.entry("min_of", TokenType.MIN_OF),
      Map.entry("max_of", TokenType.MAX_OF), Map.entry("inf", TokenType.NUMBER),
      Map.entry("nan", TokenType.NUMBER));

  private final String in;
  private int pos;
  private int start;
  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;
  private boolean gotColon;
  private Token error;

  Lexer(String input) {
    this.in = input;
  }

  /** The next token; after an error, that error again. Comments are skipped. */
  Token next() {
    if (error != null) {
      return error;
    }
    Token t = braceOpen ? lexInsideBraces() : bracketOpen ? lexDuration() : lexStatement();
    if (t.type() == TokenType.ERROR) {
      error = t;
    }
    return t;
  }

  private int peekRune() {
    return pos < in.length() ? in.codePointAt(pos) : EOF_RUNE;
  }

  private int nextRune() {
    if (pos >= in.length()) {
      pos = in.length() + 1; // so that backup() after EOF is harmless
      return EOF_RUNE;
    }
    int r = in.codePointAt(pos);
    pos += Character.charCount(r);
    return r;
  }

  private void backup(int r) {
    pos -= r == EOF_RUNE ? 1 : Character.charCount(r);
  }

  private Token emit(TokenType type) {
    Token t = new Token(type, in.substring(start, Math.min(pos, in.length())), start);
    start = pos;
    return t;
  }

  private Token errorf(String message) {
    return new Token(TokenType.ERROR, message, Math.min(start, in.length()));
  }

  private static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\n' || r == '\r';
  }

  static boolean isAlpha(int r) {
    return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  }

  static boolean isDigit(int r) {
    return r >= '0' && r <= '9';
  }

  static boolean isAlphaNumeric(int r) {
    return isAlpha(r) || isDigit(r);
  }

  /** Skips spaces and {@code #} comments up to the next token. */
  private void skipSpaceAndComments() {
    while (true) {
      int r = peekRune();
      if (isSpace(r)) {
        pos++;
      } else if (r == '#') {
        while (pos < in.length() && in.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        break;
      }
    }
    start = pos;
  }

  private Token lexStatement() {
    skipSpaceAndComments();
    int r = nextRune();
    switch (r) {
      case EOF_RUNE -> {
        pos = in.length();
        start = pos;
        if (parenDepth != 0) {
          return errorf("unclosed left parenthesis");
        }
        return emit(TokenType.EOF);
      }
      case ',' -> {
        return emit(TokenType.COMMA);
      }
      case '*' -> {
        return emit(TokenType.MUL);
      }
      case '/' -> {
        return emit(TokenType.DIV);
      }
      case '%' -> {
        return emit(TokenType.MOD);
      }
      case '+' -> {
        return emit(TokenType.ADD);
      }
      case '-' -> {
        return emit(TokenType.SUB);
      }
      case '^' -> {
        return emit(TokenType.POW);
      }
      case '=' -> {
        int t = peekRune();
        if (t == '=') {
          nextRune();
          return emit(TokenType.EQLC);
        }
        if (t == '~') {
          return errorf("unexpected character after '=': " + GoText.quoteRune(t));
        }
        return emit(TokenType.EQL);
      }
      case '!' -> {
        int t = nextRune();
        if (t == '=') {
          return emit(TokenType.NEQ);
        }
        return errorf("unexpected character after '!': " + GoText.quoteRune(runeOrReplacement(t)));
      }
      case '<' -> {
        if (peekRune() == '=') {
          nextRune();
          return emit(TokenType.LTE);
        }
        return emit(TokenType.LSS);
      }
      case '>' -> {
        if (peekRune() == '=') {
          nextRune();
          return emit(TokenType.GTE);
        }
        return emit(TokenType.GTR);
      }
      case '"', '\'' -> {
        return lexString(r);
      }
      case '`' -> {
        return lexRawString();
      }
      case '(' -> {
        parenDepth++;
        return emit(TokenType.LEFT_PAREN);
      }
      case ')' -> {
        parenDepth--;
        if (parenDepth < 0) {
          start = pos; // Prometheus reports it after the parenthesis
          return errorf("unexpected right parenthesis " + GoText.quoteRune(r));
        }
        return emit(TokenType.RIGHT_PAREN);
      }
      case '{' -> {
        braceOpen = true;
        return emit(TokenType.LEFT_BRACE);
      }
      case '[' -> {
        bracketOpen = true;
        gotColon = false;
        return emit(TokenType.LEFT_BRACKET);
      }
      case ']' -> {
        return errorf("unexpected right bracket " + GoText.quoteRune(r));
      }
      case '@' -> {
        return emit(TokenType.AT);
      }
      case ':' -> {
        backup(r);
        return lexKeywordOrIdentifier();
      }
      default -> {
        if (isDigit(r) || (r == '.' && isDigit(peekRune()))) {
          backup(r);
          return lexNumberOrDuration();
        }
        if (isAlpha(r)) {
          backup(r);
          return lexKeywordOrIdentifier();
        }
        return errorf("unexpected character: " + GoText.quoteRune(r));
      }
    }
  }

  private static int runeOrReplacement(int r) {
    return r == EOF_RUNE ? 0xFFFD : r;
  }

  /** An error at the end of the input: the token spans nothing past it. */
  private Token endOfInput(String detail) {
    pos = in.length();
    start = pos;
    return errorf(detail);
  }

  private Token lexInsideBraces() {
    skipSpaceAndComments();
    int r = nextRune();
    switch (r) {
      case EOF_RUNE -> {
        return endOfInput("unexpected end of input inside braces");
      }
      case ',' -> {
        return emit(TokenType.COMMA);
      }
      case '"', '\'' -> {
        return lexString(r);
      }
      case '`' -> {
        return lexRawString();
      }
      case '=' -> {
        if (peekRune() == '~') {
          nextRune();
          return emit(TokenType.EQL_REGEX);
        }
        return emit(TokenType.EQL);
      }
      case '!' -> {
        int nr = nextRune();
        if (nr == '~') {
          return emit(TokenType.NEQ_REGEX);
        }
        if (nr == '=') {
          return emit(TokenType.NEQ);
        }
        return errorf("unexpected character after '!' inside braces: "
            + GoText.quoteRune(runeOrReplacement(nr)));
      }
      case '{' -> {
        return errorf("unexpected left brace " + GoText.quoteRune(r));
      }
      case '}' -> {
        braceOpen = false;
        return emit(TokenType.RIGHT_BRACE);
      }
      default -> {
        if (isAlpha(r)) {
          while (isAlphaNumeric(peekRune())) {
            nextRune();
          }
          return emit(TokenType.IDENTIFIER);
        }
        return errorf("unexpected character inside braces: " + GoText.quoteRune(r));
      }
    }
  }

  /** Inside {@code [...]}: numbers, durations, arithmetic and step()/range()/min_of/max_of. */
  private Token lexDuration() {
    skipSpaceAndComments();
    int r = nextRune();
    switch (r) {
      case EOF_RUNE -> {
        return endOfInput("unexpected end of input in duration expression");
      }
      case ']' -> {
        bracketOpen = false;
        return emit(TokenType.RIGHT_BRACKET);
      }
      case ':' -> {
        if (gotColon) {
          return errorf("unexpected colon " + GoText.quoteRune(r));
        }
        gotColon = true;
        return emit(TokenType.COLON);
      }
      case '+' -> {
        return emit(TokenType.ADD);
      }
      case '-' -> {
        return emit(TokenType.SUB);
      }
      case '*' -> {
        return emit(TokenType.MUL);
      }
      case '/' -> {
        return emit(TokenType.DIV);
      }
      case '%' -> {
        return emit(TokenType.MOD);
      }
      case '^' -> {
        return emit(TokenType.POW);
      }
      case ',' -> {
        return emit(TokenType.COMMA);
      }
      case '(' -> {
        parenDepth++;
        return emit(TokenType.LEFT_PAREN);
      }
      case ')' -> {
        parenDepth--;
        return emit(TokenType.RIGHT_PAREN);
      }
      default -> {
        if (isDigit(r) || (r == '.' && isDigit(peekRune()))) {
          backup(r);
          return lexNumberOrDuration();
        }
        if (isAlpha(r)) {
          while (isAlphaNumeric(peekRune())) {
            nextRune();
          }
          TokenType kw = KEYWORDS.get(in.substring(start, pos).toLowerCase(Locale.ROOT));
          if (kw == TokenType.STEP || kw == TokenType.RANGE || kw == TokenType.MIN_OF
              || kw == TokenType.MAX_OF) {
            return emit(kw);
          }
          return errorf("unexpected character: " + GoText.quoteRune(r) + ", expected ':'");
        }
        return errorf("unexpected character in duration expression: " + GoText.quoteRune(r));
      }
    }
  }

  private Token lexKeywordOrIdentifier() {
    while (true) {
      int r = peekRune();
      if (isAlphaNumeric(r) || r == ':') {
        nextRune();
      } else {
        break;
      }
    }
    String word = in.substring(start, pos);
    TokenType kw = KEYWORDS.get(word.toLowerCase(Locale.ROOT));
    if (kw != null) {
      return emit(kw);
    }
    return emit(word.indexOf(':') >= 0 ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER);
  }

  private boolean accept(String valid) {
    int r = nextRune();
    if (r != EOF_RUNE && valid.indexOf(r) >= 0) {
      return true;
    }
    backup(r);
    return false;
  }

  private void acceptRun(String valid) {
    while (accept(valid)) {
      // absorb
    }
  }

  private Token lexNumberOrDuration() {
    if (scanNumber()) {
      return emit(TokenType.NUMBER);
    }
    if (acceptRemainingDuration()) {
      return emit(TokenType.DURATION);
    }
    return errorf("bad number or duration syntax: " + GoText.quote(in.substring(start, Math.min(pos, in.length()))));
  }

  /**
   * Prometheus's {@code scanNumber}: digits with at most one dot and one exponent; true when what
   * follows cannot continue the token (else the caller tries a duration).
   */
  private boolean scanNumber() {
    String digits = "0123456789";
    boolean hex = false;
    if (accept("0") && accept("xX")) {
      accept("_");
      digits = "0123456789abcdefABCDEF";
      hex = true;
    }
    boolean dot = accept(".");
    boolean exponent = false;
    while (true) {
      int r = nextRune();
      if (r != EOF_RUNE && digits.indexOf(r) >= 0) {
        continue;
      }
      if (r == '.') {
        if (dot || exponent) {
          return false;
        }
        dot = true;
        continue;
      }
      if (!hex && (r == 'e' || r == 'E')) {
        if (exponent) {
          return false;
        }
        exponent = true;
        accept("+-");
        continue;
      }
      if (r == '_' && isDigit(peekRune())) {
        continue;
      }
      backup(r);
      break;
    }
    return !isAlphaNumeric(peekRune());
  }

  private boolean acceptRemainingDuration() {
    if (!accept("smhdwy")) {
      return false;
    }
    accept("s");
    while (accept("0123456789")) {
      acceptRun("0123456789");
      if (!accept("smhdw")) {
        return false;
      }
      accept("s");
    }
    int r = nextRune();
    if (isAlphaNumeric(r)) {
      return false;
    }
    backup(r);
    return true;
  }

  private Token lexString(int quote) {
    while (true) {
      int r = nextRune();
      if (r == '\\') {
        String err = lexEscape(quote);
        if (err != null) {
          return errorf(err);
        }
      } else if (r == EOF_RUNE || r == '\n') {
        return errorf("unterminated quoted string");
      } else if (r == quote) {
        return emit(TokenType.STRING);
      }
    }
  }

  private String lexEscape(int quote) {
    int ch = nextRune();
    int n;
    int base;
    int max;
    switch (ch) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
        return null;
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        n = 3;
        base = 8;
        max = 255;
      }
      case 'x' -> {
        ch = nextRune();
        n = 2;
        base = 16;
        max = 255;
      }
      case 'u' -> {
        ch = nextRune();
        n = 4;
        base = 16;
        max = Character.MAX_CODE_POINT;
      }
      case 'U' -> {
        ch = nextRune();
        n = 8;
        base = 16;
        max = Character.MAX_CODE_POINT;
      }
      case EOF_RUNE -> {
        return "escape sequence not terminated";
      }
      default -> {
        if (ch == quote) {
          return null;
        }
        return "unknown escape sequence " + sharpU(ch);
      }
    }
    long x = 0;
    for (; n > 0; n--) {
      int d = Character.digit(ch, base);
      if (ch == EOF_RUNE || d < 0) {
        if (ch == EOF_RUNE) {
          return "escape sequence not terminated";
        }
        return "illegal character " + sharpU(ch) + " in escape sequence";
      }
      x = x * base + d;
      if (n > 1) {
        ch = nextRune();
      }
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
      return "escape sequence is an invalid Unicode code point";
    }
    return null;
  }

  /** Go's {@code %#U}: {@code U+0067 'g'}. */
  private static String sharpU(int cp) {
    String hex = String.format(Locale.ROOT, "U+%04X", cp);
    return Character.isISOControl(cp) ? hex : hex + " '" + new String(Character.toChars(cp)) + "'";
  }

  private Token lexRawString() {
    while (true) {
      int r = nextRune();
      if (r == EOF_RUNE) {
        return errorf("unterminated raw string");
      }
      if (r == '`') {
        return emit(TokenType.STRING);
      }
    }
  }
}
