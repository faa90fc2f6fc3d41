package dev.vigil.promql.parser;

import dev.vigil.model.LabelNames;
import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.FunctionDef;
import dev.vigil.promql.ast.Functions;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.ast.VectorMatching;
import dev.vigil.promql.ast.VectorMatching.Cardinality;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive-descent / precedence-climbing parser for PromQL expressions, following the grammar of
 * Prometheus's {@code generated_parser.y}: the same operator precedences ({@code ^} right-assoc,
 * unary signs binding like {@code *}), postfix modifiers ({@code [..]}, {@code offset}, {@code @},
 * {@code anchored}/{@code smoothed}) binding tightest, and the same error texts. Type checks run
 * afterwards in {@link TypeChecker}. One instance per parse; not thread-safe.
 */
final class ExprParser {
  /** What the grammar saw of a binary operator's modifiers, before types are known. */
  record RawMatching(
      Cardinality card, List<String> labels, boolean on, List<String> include, boolean fill) {}

  private final TokenStream ts;
  private final ParserOptions options;
  private final DurationParser durations;
  private final SelectorModifiers modifiers;
  private final Map<Expr.BinaryExpr, RawMatching> rawMatching = new IdentityHashMap<>();
  /**
   * Types of the operator nodes built so far: their {@code type()} recurses into the operands, so
   * asking it at every level of a long chain would make parsing quadratic.
   */
  private final Map<Expr, ValueKind> operatorTypes = new IdentityHashMap<>();
  /** Prometheus's innermost error-recovery context: "aggregation" inside aggregation bodies. */
  private String context = "";

  ExprParser(TokenStream ts, ParserOptions options) {
    this.ts = ts;
    this.options = options;
    this.durations = new DurationParser(ts);
    this.modifiers = new SelectorModifiers(ts, options, durations);
  }

  Map<Expr.BinaryExpr, RawMatching> rawMatching() {
    return rawMatching;
  }

  Expr parseTop() {
    if (ts.at(TokenType.EOF)) {
      throw ts.fail(0, "no expression found in input");
    }
    Expr e = parseExpr(0);
    Token t = ts.peek();
    if (t.type() != TokenType.EOF) {
      throw ts.unexpected(t, "", "");
    }
    return e;
  }

  /** A vector selector and nothing else (for {@code match[]}). */
  Expr.VectorSelector parseSelectorOnly() {
    Token t = ts.next();
    Expr.VectorSelector vs;
    if (t.type() == TokenType.LEFT_BRACE) {
      vs = selectorBody(null, t);
    } else if (t.type().isMetricIdentifier()) {
      vs = ts.at(TokenType.LEFT_BRACE) ? selectorBody(t, ts.next()) : selector(t, List.of(), t.end());
    } else {
      throw ts.unexpected(t, "", "");
    }
    Token end = ts.peek();
    if (end.type() != TokenType.EOF) {
      throw ts.unexpected(end, "", "");
    }
    return vs;
  }

  /** {@code e.type()} in constant time for the nodes this parser built. */
  private ValueKind typeOf(Expr e) {
    ValueKind k = operatorTypes.get(e);
    return k != null ? k : e.type();
  }

  static BinaryOp binaryOp(TokenType t) {
    return switch (t) {
      case LOR -> BinaryOp.OR;
      case LAND -> BinaryOp.AND;
      case LUNLESS -> BinaryOp.UNLESS;
      case EQLC -> BinaryOp.EQL;
      case NEQ -> BinaryOp.NEQ;
      case LTE -> BinaryOp.LTE;
      case LSS -> BinaryOp.LSS;
      case GTE -> BinaryOp.GTE;
      case GTR -> BinaryOp.GTR;
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case ATAN2 -> BinaryOp.ATAN2;
      case POW -> BinaryOp.POW;
      default -> null;
    };
  }

  Expr parseExpr(int minPrec) {
    Expr lhs = parseUnary();
    while (true) {
      Token opTok = ts.peek();
      BinaryOp op = binaryOp(opTok.type());
      if (op == null || op.precedence() < minPrec) {
        return lhs;
      }
      ts.next();
      boolean returnBool = ts.accept(TokenType.BOOL);
      Cardinality card = Cardinality.ONE_TO_ONE;
      List<String> labels = List.of();
      List<String> include = List.of();
      boolean on = false;
      if (ts.at(TokenType.ON) || ts.at(TokenType.IGNORING)) {
        on = ts.next().type() == TokenType.ON;
        labels = groupingLabels();
        if (ts.at(TokenType.GROUP_LEFT) || ts.at(TokenType.GROUP_RIGHT)) {
          card = ts.next().type() == TokenType.GROUP_LEFT
              ? Cardinality.MANY_TO_ONE
              : Cardinality.ONE_TO_MANY;
          if (ts.at(TokenType.LEFT_PAREN)) {
            include = groupingLabels();
          }
        }
      }
      Double[] fill = fillModifiers();
      Expr rhs = parseExpr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
      PosRange pos = new PosRange(lhs.pos().start(), rhs.pos().end());
      boolean hasFill = fill[0] != null || fill[1] != null;
      if (hasFill && !options.fillModifiers()) {
        throw ts.fail(pos.start(), "binop fill modifiers are experimental and not enabled");
      }
      VectorMatching matching = null;
      ValueKind lt = typeOf(lhs);
      ValueKind rt = typeOf(rhs);
      if (lt == ValueKind.VECTOR && rt == ValueKind.VECTOR) {
        Cardinality c = op.isSetOperator() && card == Cardinality.ONE_TO_ONE
            ? Cardinality.MANY_TO_MANY
            : card;
        matching = new VectorMatching(c, labels, on, include, fill[0], fill[1]);
      }
      Expr.BinaryExpr bin = new Expr.BinaryExpr(op, lhs, rhs, matching, returnBool, pos);
      rawMatching.put(bin, new RawMatching(card, labels, on, include, hasFill));
      operatorTypes.put(bin,
          lt == ValueKind.SCALAR && rt == ValueKind.SCALAR ? ValueKind.SCALAR : ValueKind.VECTOR);
      lhs = bin;
    }
  }

  /** {@code fill(v)}, {@code fill_left(v)}, {@code fill_right(v)}: {left, right} values. */
  private Double[] fillModifiers() {
    Double[] fill = new Double[2];
    Token t = ts.peek();
    if (!isFill(t) || ts.peek(1).type() != TokenType.LEFT_PAREN) {
      return fill;
    }
    ts.next();
    double v = fillValue();
    if (t.type() == TokenType.FILL) {
      fill[0] = v;
      fill[1] = v;
      return fill;
    }
    int first = t.type() == TokenType.FILL_LEFT ? 0 : 1;
    fill[first] = v;
    TokenType other = first == 0 ? TokenType.FILL_RIGHT : TokenType.FILL_LEFT;
    if (ts.at(other) && ts.peek(1).type() == TokenType.LEFT_PAREN) {
      ts.next();
      fill[1 - first] = fillValue();
    }
    return fill;
  }

  private static boolean isFill(Token t) {
    return t.type() == TokenType.FILL || t.type() == TokenType.FILL_LEFT
        || t.type() == TokenType.FILL_RIGHT;
  }

  private double fillValue() {
    ts.next(); // "("
    Token t = ts.next();
    boolean neg = false;
    if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
      neg = t.type() == TokenType.SUB;
      t = ts.next();
    }
    if (t.type() != TokenType.NUMBER) {
      throw ts.unexpected(t, "fill modifier", "number");
    }
    double v = number(ts, t);
    Token close = ts.next();
    if (close.type() != TokenType.RIGHT_PAREN) {
      throw ts.unexpected(close, "fill modifier", "\")\"");
    }
    return neg ? -v : v;
  }

  private Expr parseUnary() {
    Token t = ts.peek();
    if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
      ts.next();
      // The sign has the precedence of "*": only "^" binds tighter, so -2^2 is -(2^2).
      Expr operand = parseExpr(BinaryOp.POW.precedence());
      boolean negate = t.type() == TokenType.SUB;
      PosRange pos = new PosRange(t.pos(), operand.pos().end());
      if (operand instanceof Expr.NumberLiteral n) {
        return new Expr.NumberLiteral(negate ? -n.value() : n.value(), pos);
      }
      Expr.UnaryExpr u = new Expr.UnaryExpr(negate, operand, pos);
      operatorTypes.put(u, typeOf(operand));
      return u;
    }
    return modifiers.apply(parsePrimary());
  }

  private Expr parsePrimary() {
    Token t = ts.peek();
    TokenType type = t.type();
    switch (type) {
      case NUMBER -> {
        ts.next();
        return new Expr.NumberLiteral(number(ts, t), new PosRange(t.pos(), t.end()));
      }
      case DURATION -> {
        ts.next();
        long ms = DurationParser.durationMillis(ts, t);
        return new Expr.NumberLiteral(ms / 1000.0, new PosRange(t.pos(), t.end()));
      }
      case STRING -> {
        ts.next();
        return new Expr.StringLiteral(unquote(t), new PosRange(t.pos(), t.end()));
      }
      case LEFT_PAREN -> {
        ts.next();
        Expr inner = parseExpr(0);
        Token close = ts.next();
        if (close.type() != TokenType.RIGHT_PAREN) {
          throw ts.unexpected(close, context, "");
        }
        Expr.ParenExpr paren = new Expr.ParenExpr(inner, new PosRange(t.pos(), close.end()));
        operatorTypes.put(paren, typeOf(inner));
        return paren;
      }
      case LEFT_BRACE -> {
        ts.next();
        return selectorBody(null, t);
      }
      default -> {}
    }
    TokenType after = ts.peek(1).type();
    if (type.isAggregator()
        && (after == TokenType.LEFT_PAREN || after == TokenType.BY || after == TokenType.WITHOUT)) {
      ts.next();
      return aggregation(t);
    }
    if (after == TokenType.LEFT_PAREN
        && (type == TokenType.IDENTIFIER || type == TokenType.START || type == TokenType.END
            || type == TokenType.STEP || type == TokenType.RANGE || type == TokenType.MIN_OF
            || type == TokenType.MAX_OF)) {
      ts.next();
      return call(t);
    }
    if (type.isMetricIdentifier()) {
      ts.next();
      if (ts.at(TokenType.LEFT_BRACE)) {
        return selectorBody(t, ts.next());
      }
      return selector(t, List.of(), t.end());
    }
    throw ts.unexpected(t, context, "");
  }

  private Expr.VectorSelector selector(Token nameTok, List<Matcher> matchers, int end) {
    List<Matcher> all = new ArrayList<>(matchers);
    String name = "";
    int start = end;
    if (nameTok != null) {
      name = nameTok.text();
      all.add(Matcher.eq("__name__", name));
      start = nameTok.pos();
    }
    return new Expr.VectorSelector(name, List.copyOf(all), 0, null, null, false, false,
        new PosRange(start, end));
  }

  /** After the {@code {}: matchers up to and including the closing brace. */
  private Expr.VectorSelector selectorBody(Token nameTok, Token open) {
    List<Matcher> matchers = new ArrayList<>();
    Token t = ts.next();
    if (t.type() != TokenType.RIGHT_BRACE) {
      while (true) {
        matchers.add(labelMatcher(t));
        Token sep = ts.next();
        if (sep.type() == TokenType.RIGHT_BRACE) {
          t = sep;
          break;
        }
        if (sep.type() != TokenType.COMMA) {
          throw ts.unexpected(sep, "label matching", "\",\" or \"}\"");
        }
        t = ts.next();
        if (t.type() == TokenType.RIGHT_BRACE) {
          break;
        }
      }
    }
    Expr.VectorSelector vs = selector(nameTok, matchers, t.end());
    if (nameTok == null) {
      return new Expr.VectorSelector(vs.name(), vs.matchers(), 0, null, null, false, false,
          new PosRange(open.pos(), t.end()));
    }
    return vs;
  }

  private Matcher labelMatcher(Token nameTok) {
    String name;
    if (nameTok.type() == TokenType.IDENTIFIER) {
      name = nameTok.text();
    } else if (nameTok.type() == TokenType.STRING) {
      name = unquote(nameTok);
      if (!isMatchOp(ts.peek().type())) {
        // A bare quoted string in braces is the metric name: {"my.metric"}.
        return Matcher.eq("__name__", name);
      }
    } else {
      throw ts.unexpected(nameTok, "label matching", "identifier or \"}\"");
    }
    Token op = ts.next();
    if (!isMatchOp(op.type())) {
      throw ts.unexpected(op, "label matching", "label matching operator");
    }
    Token value = ts.next();
    if (value.type() != TokenType.STRING) {
      throw ts.unexpected(value, "label matching", "string");
    }
    Matcher.Type mt = switch (op.type()) {
      case EQL -> Matcher.Type.EQ;
      case NEQ -> Matcher.Type.NEQ;
      case EQL_REGEX -> Matcher.Type.RE;
      default -> Matcher.Type.NRE;
    };
    try {
      return Matcher.of(mt, name, unquote(value));
    } catch (IllegalArgumentException e) {
      throw ts.fail(nameTok.pos(), e.getMessage());
    }
  }

  private static boolean isMatchOp(TokenType t) {
    return t == TokenType.EQL || t == TokenType.NEQ || t == TokenType.EQL_REGEX
        || t == TokenType.NEQ_REGEX;
  }

  /** {@code (label, ...)} of by/without/on/ignoring/group_x. */
  private List<String> groupingLabels() {
    Token open = ts.next();
    if (open.type() != TokenType.LEFT_PAREN) {
      throw ts.unexpected(open, "grouping opts", "\"(\"");
    }
    List<String> labels = new ArrayList<>();
    if (ts.accept(TokenType.RIGHT_PAREN)) {
      return List.of();
    }
    while (true) {
      Token t = ts.next();
      if (t.type() == TokenType.STRING) {
        String name = unquote(t);
        if (!LabelNames.isValidLabelName(name)) {
          throw ts.fail(t.pos(), "invalid label name for grouping: " + GoText.quote(name));
        }
        labels.add(name);
      } else if (t.type().isMaybeLabel()) {
        labels.add(t.text());
      } else {
        throw ts.unexpected(t, "grouping opts", "label");
      }
      Token sep = ts.next();
      if (sep.type() == TokenType.RIGHT_PAREN) {
        break;
      }
      if (sep.type() != TokenType.COMMA) {
        throw ts.unexpected(sep, "grouping opts", "\",\" or \")\"");
      }
      if (ts.accept(TokenType.RIGHT_PAREN)) {
        break;
      }
    }
    return List.copyOf(labels);
  }

  /** Arguments after the opening parenthesis, up to and including the closing one. */
  private List<Expr> arguments() {
    Token open = ts.next();
    if (open.type() != TokenType.LEFT_PAREN) {
      throw ts.unexpected(open, context, "");
    }
    List<Expr> args = new ArrayList<>();
    if (ts.accept(TokenType.RIGHT_PAREN)) {
      return args;
    }
    while (true) {
      args.add(parseExpr(0));
      Token sep = ts.next();
      if (sep.type() == TokenType.RIGHT_PAREN) {
        return args;
      }
      if (sep.type() != TokenType.COMMA) {
        throw ts.unexpected(sep, context, "");
      }
      if (ts.at(TokenType.RIGHT_PAREN)) {
        throw ts.fail(sep.pos(), "trailing commas not allowed in function call args");
      }
    }
  }

  private Expr call(Token nameTok) {
    List<Expr> args = arguments();
    FunctionDef fn = Functions.get(nameTok.text());
    if (fn == null) {
      throw ts.fail(nameTok.pos(), "unknown function with name " + GoText.quote(nameTok.text()));
    }
    if (fn.experimental() && !options.experimentalFunctions()) {
      throw ts.fail(nameTok.pos(), "function " + GoText.quote(nameTok.text()) + " is not enabled");
    }
    return new Expr.Call(fn, List.copyOf(args), new PosRange(nameTok.pos(), ts.lastClosing()));
  }

  private Expr aggregation(Token opTok) {
    AggregateOp op = aggregateOp(opTok.type());
    String saved = context;
    context = "aggregation";
    try {
      List<String> grouping = null;
      boolean without = false;
      if (ts.at(TokenType.BY) || ts.at(TokenType.WITHOUT)) {
        without = ts.next().type() == TokenType.WITHOUT;
        grouping = groupingLabels();
      }
      List<Expr> args = arguments();
      if (grouping == null && (ts.at(TokenType.BY) || ts.at(TokenType.WITHOUT))) {
        without = ts.next().type() == TokenType.WITHOUT;
        grouping = groupingLabels();
      }
      PosRange pos = new PosRange(opTok.pos(), ts.lastClosing());
      if (args.isEmpty()) {
        throw ts.fail(pos.start(), "no arguments for aggregate expression provided");
      }
      int desired = 1;
      Expr param = null;
      if (op.hasParam()) {
        if (op.experimental() && !options.experimentalFunctions()) {
          throw ts.fail(pos.start(), op.text() + "() is experimental and must be enabled with "
              + "--enable-feature=promql-experimental-functions");
        }
        desired = 2;
        param = args.get(0);
      }
      if (args.size() != desired) {
        throw ts.fail(pos.start(), "wrong number of arguments for aggregate expression provided, "
            + "expected " + desired + ", got " + args.size());
      }
      return new Expr.AggregateExpr(op, args.get(desired - 1), param,
          grouping == null ? List.of() : grouping, without, pos);
    } finally {
      context = saved;
    }
  }

  private static AggregateOp aggregateOp(TokenType t) {
    return switch (t) {
      case SUM -> AggregateOp.SUM;
      case AVG -> AggregateOp.AVG;
      case COUNT -> AggregateOp.COUNT;
      case MIN -> AggregateOp.MIN;
      case MAX -> AggregateOp.MAX;
      case GROUP -> AggregateOp.GROUP;
      case STDDEV -> AggregateOp.STDDEV;
      case STDVAR -> AggregateOp.STDVAR;
      case TOPK -> AggregateOp.TOPK;
      case BOTTOMK -> AggregateOp.BOTTOMK;
      case COUNT_VALUES -> AggregateOp.COUNT_VALUES;
      case QUANTILE -> AggregateOp.QUANTILE;
      case LIMITK -> AggregateOp.LIMITK;
      case LIMIT_RATIO -> AggregateOp.LIMIT_RATIO;
      default -> throw new IllegalStateException("not an aggregator: " + t);
    };
  }

  private String unquote(Token t) {
    try {
      return GoText.unquote(t.text());
    } catch (RuntimeException e) {
      throw ts.fail(t.pos(), "error unquoting string " + GoText.quote(t.text()) + ": invalid syntax");
    }
  }

  /** Prometheus's {@code number()}: Go's ParseInt with base prefix, else ParseFloat. */
  static double number(TokenStream ts, Token t) {
    String s = t.text();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    s = s.replace("_", "");
    Double asInt = parseGoInt(s);
    if (asInt != null) {
      return asInt;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw ts.fail(t.pos(), "error parsing number: strconv.ParseFloat: parsing "
          + GoText.quote(s) + ": invalid syntax");
    }
  }

  private static final BigInteger MAX_INT64 = BigInteger.valueOf(Long.MAX_VALUE);

  /** Go's {@code strconv.ParseInt(s, 0, 64)} as a double, or null where it fails. */
  private static Double parseGoInt(String s) {
    int radix = 10;
    String digits = s;
    if (s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
      radix = 16;
      digits = s.substring(2);
      if (digits.startsWith("_")) {
        digits = digits.substring(1);
      }
    } else if (s.length() > 1 && s.charAt(0) == '0') {
      radix = 8;
      digits = s.substring(1);
    }
    if (digits.isEmpty()) {
      return null;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), radix) < 0) {
        return null;
      }
    }
    BigInteger v = new BigInteger(digits, radix);
    return v.compareTo(MAX_INT64) > 0 ? null : v.doubleValue();
  }
}
