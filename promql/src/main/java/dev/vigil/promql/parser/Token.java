package dev.vigil.promql.parser;

/**
 * A lexed token: its kind, its text exactly as written (quotes included for strings; the message
 * for {@link TokenType#ERROR}) and its start offset in the query.
 */
record Token(TokenType type, String text, int pos) {
  int end() {
    return type == TokenType.ERROR || type == TokenType.EOF ? pos : pos + text.length();
  }

  /** How Prometheus names the token in "unexpected ..." messages ({@code Item.desc()}). */
  String describe() {
    return switch (type.group) {
      case KEYWORD -> "<" + text + ">";
      case OPERATOR -> "<op:" + text + ">";
      case AGGREGATOR -> "<aggr:" + text + ">";
      case PUNCT, PREPROCESSOR -> GoText.quote(text);
      case OTHER -> switch (type) {
        case EOF -> "end of input";
        case ERROR -> text;
        case IDENTIFIER -> "identifier " + GoText.quote(text);
        case METRIC_IDENTIFIER -> "metric identifier " + GoText.quote(text);
        case STRING -> "string " + shortQuote(text);
        case NUMBER -> "number " + shortQuote(text);
        case DURATION -> "duration " + shortQuote(text);
        default -> GoText.quote(text);
      };
    };
  }

  private static String shortQuote(String s) {
    return s.codePointCount(0, s.length()) > 10 ? GoText.quotePrefix(s, 10) + "..." : GoText.quote(s);
  }
}
