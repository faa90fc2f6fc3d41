package dev.vigil.promql.parser;

import dev.vigil.model.LabelNames;
import dev.vigil.model.Matcher;
import dev.vigil.model.time.Durations;
import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.DurationExpr;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.VectorMatching;
import dev.vigil.promql.ast.VectorMatching.Cardinality;
import dev.vigil.promql.value.GoFloats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Formats an expression canonically, as Prometheus's {@code Expr.String()} does ({@link #print})
 * and as {@code /api/v1/format_query} does ({@link #pretty}). {@code Parser.parse(print(e))} equals
 * {@code e} except for positions. Thread-safe (stateless).
 *
 * <p>One deliberate difference: {@code min_of}/{@code max_of} in duration expressions print under
 * those names (Prometheus 3.14 prints {@code min}/{@code max}, which it cannot parse back).
 */
public final class Printer {
  private Printer() {}

  /** The canonical one-line form. */
  public static String print(Expr expr) {
    try {
      return printHere(expr);
    } catch (StackOverflowError e) {
      return DeepStack.call(() -> printHere(expr)); // a very deep tree: retry with a large stack
    }
  }

  /**
   * The indented multi-line form of Prometheus's {@code parser.Prettify}.
   *
   * @throws IllegalArgumentException when the expression is so deeply nested that its indented
   *     form would exceed 4 Mi characters (indentation grows with depth)
   */
  public static String pretty(Expr expr) {
    try {
      return Prettifier.pretty(expr);
    } catch (StackOverflowError e) {
      return DeepStack.call(() -> Prettifier.pretty(expr));
    }
  }

  private static String printHere(Expr expr) {
    StringBuilder sb = new StringBuilder();
    write(sb, expr);
    return sb.toString();
  }

  /** Stops printing as soon as the text is longer than the limit (see {@link #fitsIn}). */
  private static final class TooLong extends RuntimeException {
    TooLong() {
      super(null, null, false, false);
    }
  }

  private static final TooLong TOO_LONG = new TooLong();

  static void write(StringBuilder sb, Expr expr) {
    write(sb, expr, Integer.MAX_VALUE);
  }

  private static void write(StringBuilder sb, Expr expr, int limit) {
    if (sb.length() > limit) {
      throw TOO_LONG;
    }
    switch (expr) {
      case Expr.NumberLiteral n -> sb.append(GoFloats.formatPlain(n.value()));
      case Expr.StringLiteral s -> sb.append(GoText.quote(s.value()));
      case Expr.ParenExpr p -> {
        sb.append('(');
        write(sb, p.expr(), limit);
        sb.append(')');
      }
      case Expr.UnaryExpr u -> {
        sb.append(u.negate() ? '-' : '+');
        write(sb, u.expr(), limit);
      }
      case Expr.Call c -> {
        sb.append(c.func().name()).append('(');
        for (int i = 0; i < c.args().size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          write(sb, c.args().get(i), limit);
        }
        sb.append(')');
      }
      case Expr.AggregateExpr a -> {
        sb.append(aggregateHead(a)).append('(');
        if (a.param() != null) {
          write(sb, a.param(), limit);
          sb.append(", ");
        }
        write(sb, a.expr(), limit);
        sb.append(')');
      }
      case Expr.BinaryExpr b -> {
        write(sb, b.lhs(), limit);
        sb.append(' ').append(binaryOperator(b)).append(' ');
        write(sb, b.rhs(), limit);
      }
      case Expr.VectorSelector vs -> writeSelector(sb, vs, true);
      case Expr.MatrixSelector m -> {
        Expr.VectorSelector vs = m.selector();
        writeSelector(sb, vs, false);
        sb.append('[').append(duration(m.range(), m.rangeExpr())).append(']');
        if (vs.anchored()) {
          sb.append(" anchored");
        } else if (vs.smoothed()) {
          sb.append(" smoothed");
        }
        writeAt(sb, vs.at());
        writeOffset(sb, vs.offset(), vs.offsetExpr());
      }
      case Expr.SubqueryExpr s -> {
        write(sb, s.expr(), limit);
        sb.append(subquerySuffix(s));
      }
    }
  }

  /**
   * The one-line form if it has at most {@code maxChars} characters, else null; stops early, so
   * that asking at every level of a deep tree stays cheap. Runs on the caller's stack.
   */
  static String fitsIn(Expr expr, int maxChars) {
    StringBuilder sb = new StringBuilder();
    try {
      write(sb, expr, maxChars);
    } catch (TooLong e) {
      return null;
    }
    return sb.length() > maxChars ? null : sb.toString();
  }

  /** {@code [range:step] @ t offset d} of a subquery. */
  static String subquerySuffix(Expr.SubqueryExpr s) {
    StringBuilder sb = new StringBuilder();
    sb.append('[').append(duration(s.range(), s.rangeExpr())).append(':');
    if (s.stepExpr() != null) {
      writeDuration(sb, s.stepExpr());
    } else if (s.step() != 0) {
      sb.append(Durations.format(s.step()));
    }
    sb.append(']');
    writeAt(sb, s.at());
    writeOffset(sb, s.offset(), s.offsetExpr());
    return sb.toString();
  }

  /** {@code sum by (a) } / {@code sum without (a) } / {@code sum}: everything before "(". */
  static String aggregateHead(Expr.AggregateExpr a) {
    StringBuilder sb = new StringBuilder(a.op().text());
    if (a.without()) {
      sb.append(" without (");
      writeLabels(sb, a.grouping());
      sb.append(") ");
    } else if (!a.grouping().isEmpty()) {
      sb.append(" by (");
      writeLabels(sb, a.grouping());
      sb.append(") ");
    }
    return sb.toString();
  }

  /** The operator with its modifiers: {@code + on (a) group_left (b) fill (0)}. */
  static String binaryOperator(Expr.BinaryExpr b) {
    StringBuilder sb = new StringBuilder(b.op().text());
    if (b.returnBool()) {
      sb.append(" bool");
    }
    VectorMatching vm = b.matching();
    if (vm == null) {
      return sb.toString();
    }
    boolean grouped = vm.cardinality() == Cardinality.MANY_TO_ONE
        || vm.cardinality() == Cardinality.ONE_TO_MANY;
    if (!vm.labels().isEmpty() || vm.on() || grouped) {
      sb.append(vm.on() ? " on (" : " ignoring (");
      writeLabels(sb, vm.labels());
      sb.append(')');
    }
    if (grouped) {
      sb.append(vm.cardinality() == Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
      writeLabels(sb, vm.include());
      sb.append(')');
    }
    Double l = vm.fillLeft();
    Double r = vm.fillRight();
    if (l != null && r != null && l.equals(r)) {
      sb.append(" fill (").append(GoFloats.formatG(l)).append(')');
    } else {
      if (l != null) {
        sb.append(" fill_left (").append(GoFloats.formatG(l)).append(')');
      }
      if (r != null) {
        sb.append(" fill_right (").append(GoFloats.formatG(r)).append(')');
      }
    }
    return sb.toString();
  }

  private static void writeLabels(StringBuilder sb, List<String> labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      String l = labels.get(i);
      sb.append(LabelNames.isLegacyLabelName(l) ? l : GoText.quote(l));
    }
  }

  private static void writeSelector(StringBuilder sb, Expr.VectorSelector vs, boolean modifiers) {
    List<String> parts = new ArrayList<>(vs.matchers().size());
    for (Matcher m : vs.matchers()) {
      if (m.name().equals("__name__") && m.type() == Matcher.Type.EQ
          && m.value().equals(vs.name()) && !m.value().isEmpty()) {
        continue;
      }
      parts.add(matcher(m));
    }
    sb.append(vs.name());
    if (!parts.isEmpty()) {
      parts.sort(null);
      sb.append('{').append(String.join(",", parts)).append('}');
    }
    if (!modifiers) {
      return;
    }
    writeAt(sb, vs.at());
    if (vs.anchored()) {
      sb.append(" anchored");
    } else if (vs.smoothed()) {
      sb.append(" smoothed");
    }
    writeOffset(sb, vs.offset(), vs.offsetExpr());
  }

  static String matcher(Matcher m) {
    String name = m.name();
    String n = LabelNames.isLegacyLabelName(name) ? name : GoText.quote(name);
    return n + m.type().op() + GoText.quote(m.value());
  }

  private static void writeAt(StringBuilder sb, At at) {
    if (at == null) {
      return;
    }
    switch (at.kind()) {
      case START -> sb.append(" @ start()");
      case END -> sb.append(" @ end()");
      case TIMESTAMP -> sb.append(" @ ")
          .append(String.format(Locale.ROOT, "%.3f", at.timestamp() / 1000.0));
    }
  }

  private static void writeOffset(StringBuilder sb, long offset, DurationExpr expr) {
    if (expr != null) {
      sb.append(" offset ");
      writeDuration(sb, expr);
    } else if (offset > 0) {
      sb.append(" offset ").append(Durations.format(offset));
    } else if (offset < 0) {
      sb.append(" offset -").append(Durations.format(-offset));
    }
  }

  private static String duration(long ms, DurationExpr expr) {
    if (expr == null) {
      return Durations.format(ms);
    }
    StringBuilder sb = new StringBuilder();
    writeDuration(sb, expr);
    return sb.toString();
  }

  static void writeDuration(StringBuilder sb, DurationExpr d) {
    if (d.paren()) {
      sb.append('(');
    }
    switch (d.kind()) {
      case LITERAL -> sb.append(literal(d));
      case STEP -> sb.append("step()");
      case RANGE -> sb.append("range()");
      case MIN_OF, MAX_OF -> {
        sb.append(d.kind() == DurationExpr.Kind.MIN_OF ? "min_of(" : "max_of(");
        writeDuration(sb, d.lhs());
        sb.append(", ");
        writeDuration(sb, d.rhs());
        sb.append(')');
      }
      case NEGATE -> {
        sb.append('-');
        writeDuration(sb, d.lhs());
      }
      case PLUS -> writeDuration(sb, d.lhs());
      default -> {
        writeDuration(sb, d.lhs());
        sb.append(' ').append(durationOperator(d.kind())).append(' ');
        writeDuration(sb, d.rhs());
      }
    }
    if (d.paren()) {
      sb.append(')');
    }
  }

  private static String durationOperator(DurationExpr.Kind k) {
    return switch (k) {
      case ADD -> "+";
      case SUB -> "-";
      case MUL -> "*";
      case DIV -> "/";
      case MOD -> "%";
      default -> "^";
    };
  }

  /** A literal as Prometheus prints it: durations normalised ({@code 90s} -> {@code 1m30s}). */
  private static String literal(DurationExpr d) {
    String text = d.text();
    boolean signed = text.startsWith("-") || text.startsWith("+");
    String unsigned = signed ? text.substring(1) : text;
    if (DurationParser.isDurationText(unsigned)) {
      long ms = DurationParser.literalMillis(d);
      return ms < 0 ? "-" + Durations.format(-ms) : Durations.format(ms);
    }
    return GoFloats.formatPlain(d.seconds());
  }
}
