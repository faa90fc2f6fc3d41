package dev.vigil.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.ast.VectorMatching;
import java.io.IOException;
import java.util.List;

/**
 * The syntax tree as {@code /api/v1/parse_query} answers it, in the shape of Prometheus's
 * {@code translate_ast.go} (the tree view of its UI). Prometheus builds Go maps, which encode with
 * sorted keys, so every object here writes its fields in alphabetical order. Durations and
 * timestamps are milliseconds; {@code timestamp} is null unless {@code @} names a fixed time;
 * {@code startOrEnd} is {@code "start"}, {@code "end"} or null. Stateless.
 */
final class AstJson {
  private AstJson() {}

  static void write(JsonGenerator g, Expr e) throws IOException {
    if (e == null) {
      g.writeNull();
      return;
    }
    switch (e) {
      case Expr.AggregateExpr a -> {
        g.writeStartObject();
        g.writeFieldName("expr");
        write(g, a.expr());
        strings(g, "grouping", a.grouping());
        g.writeStringField("op", a.op().text());
        g.writeFieldName("param");
        write(g, a.param());
        g.writeStringField("type", "aggregation");
        g.writeBooleanField("without", a.without());
        g.writeEndObject();
      }
      case Expr.BinaryExpr b -> {
        g.writeStartObject();
        g.writeBooleanField("bool", b.returnBool());
        g.writeFieldName("lhs");
        write(g, b.lhs());
        g.writeFieldName("matching");
        matching(g, b.matching());
        g.writeStringField("op", b.op().text());
        g.writeFieldName("rhs");
        write(g, b.rhs());
        g.writeStringField("type", "binaryExpr");
        g.writeEndObject();
      }
      case Expr.Call c -> {
        g.writeStartObject();
        g.writeFieldName("args");
        g.writeStartArray();
        for (Expr arg : c.args()) {
          write(g, arg);
        }
        g.writeEndArray();
        g.writeFieldName("func");
        g.writeStartObject();
        g.writeFieldName("argTypes");
        g.writeStartArray();
        for (ValueKind k : c.func().argTypes()) {
          g.writeString(k.apiName());
        }
        g.writeEndArray();
        g.writeStringField("name", c.func().name());
        g.writeStringField("returnType", c.func().returnType().apiName());
        g.writeNumberField("variadic", c.func().variadic());
        g.writeEndObject();
        g.writeStringField("type", "call");
        g.writeEndObject();
      }
      case Expr.MatrixSelector m -> {
        Expr.VectorSelector vs = m.selector();
        g.writeStartObject();
        g.writeBooleanField("anchored", vs.anchored());
        matchers(g, vs.matchers());
        g.writeStringField("name", vs.name() == null ? "" : vs.name());
        g.writeNumberField("offset", vs.offset());
        g.writeNumberField("range", m.range());
        g.writeBooleanField("smoothed", vs.smoothed());
        at(g, vs.at());
        g.writeStringField("type", "matrixSelector");
        g.writeEndObject();
      }
      case Expr.SubqueryExpr s -> {
        g.writeStartObject();
        g.writeFieldName("expr");
        write(g, s.expr());
        g.writeNumberField("offset", s.offset());
        g.writeNumberField("range", s.range());
        startOrEnd(g, s.at());
        g.writeNumberField("step", s.step());
        timestamp(g, s.at());
        g.writeStringField("type", "subquery");
        g.writeEndObject();
      }
      case Expr.NumberLiteral n -> {
        g.writeStartObject();
        g.writeStringField("type", "numberLiteral");
        g.writeStringField("val", JsonNumbers.plain(n.value()));
        g.writeEndObject();
      }
      case Expr.ParenExpr p -> {
        g.writeStartObject();
        g.writeFieldName("expr");
        write(g, p.expr());
        g.writeStringField("type", "parenExpr");
        g.writeEndObject();
      }
      case Expr.StringLiteral s -> {
        g.writeStartObject();
        g.writeStringField("type", "stringLiteral");
        g.writeStringField("val", s.value());
        g.writeEndObject();
      }
      case Expr.UnaryExpr u -> {
        g.writeStartObject();
        g.writeFieldName("expr");
        write(g, u.expr());
        g.writeStringField("op", u.negate() ? "-" : "+");
        g.writeStringField("type", "unaryExpr");
        g.writeEndObject();
      }
      case Expr.VectorSelector vs -> {
        g.writeStartObject();
        g.writeBooleanField("anchored", vs.anchored());
        matchers(g, vs.matchers());
        g.writeStringField("name", vs.name() == null ? "" : vs.name());
        g.writeNumberField("offset", vs.offset());
        g.writeBooleanField("smoothed", vs.smoothed());
        at(g, vs.at());
        g.writeStringField("type", "vectorSelector");
        g.writeEndObject();
      }
    }
  }

  /** {@code startOrEnd} then {@code timestamp} (their alphabetical neighbours differ by node). */
  private static void at(JsonGenerator g, At at) throws IOException {
    startOrEnd(g, at);
    timestamp(g, at);
  }

  private static void startOrEnd(JsonGenerator g, At at) throws IOException {
    g.writeFieldName("startOrEnd");
    if (at == null || at.kind() == At.Kind.TIMESTAMP) {
      g.writeNull();
    } else {
      g.writeString(at.kind() == At.Kind.START ? "start" : "end");
    }
  }

  private static void timestamp(JsonGenerator g, At at) throws IOException {
    g.writeFieldName("timestamp");
    if (at != null && at.kind() == At.Kind.TIMESTAMP) {
      g.writeNumber(at.timestamp());
    } else {
      g.writeNull();
    }
  }

  private static void matching(JsonGenerator g, VectorMatching m) throws IOException {
    if (m == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("card", switch (m.cardinality()) {
      case ONE_TO_ONE -> "one-to-one";
      case MANY_TO_ONE -> "many-to-one";
      case ONE_TO_MANY -> "one-to-many";
      case MANY_TO_MANY -> "many-to-many";
    });
    g.writeFieldName("fillValues");
    g.writeStartObject();
    fill(g, "lhs", m.fillLeft());
    fill(g, "rhs", m.fillRight());
    g.writeEndObject();
    strings(g, "include", m.include());
    strings(g, "labels", m.labels());
    g.writeBooleanField("on", m.on());
    g.writeEndObject();
  }

  private static void fill(JsonGenerator g, String field, Double v) throws IOException {
    g.writeFieldName(field);
    if (v == null) {
      g.writeNull();
    } else {
      g.writeNumber(JsonNumbers.goJsonFloat(v));
    }
  }

  private static void matchers(JsonGenerator g, List<Matcher> ms) throws IOException {
    g.writeFieldName("matchers");
    g.writeStartArray();
    for (Matcher m : ms) {
      g.writeStartObject();
      g.writeStringField("name", m.name());
      g.writeStringField("type", m.type().op());
      g.writeStringField("value", m.value());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void strings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeFieldName(field);
    g.writeStartArray();
    if (values != null) {
      for (String s : values) {
        g.writeString(s);
      }
    }
    g.writeEndArray();
  }
}
