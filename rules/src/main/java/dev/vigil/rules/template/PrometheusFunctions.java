package dev.vigil.rules.template;

import dev.vigil.common.template.GoDuration;
import dev.vigil.common.template.SafeHtml;
import dev.vigil.common.template.Signature;
import dev.vigil.common.template.Signature.Type;
import dev.vigil.common.template.TemplateFunction;
import dev.vigil.model.time.Durations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's template function map (template.NewTemplateExpander): query helpers, number and
 * time formatting, string and regexp helpers, links and URL functions, bound to one {@link
 * ExpansionContext}. Stateless apart from the context; safe to share between threads.
 */
public final class PrometheusFunctions {
  private PrometheusFunctions() {}

  private static TemplateFunction fn(Signature sig, TemplateFunction body) {
    return TemplateFunction.of(sig, body);
  }

  /** The functions, keyed by their template names. */
  public static Map<String, TemplateFunction> create(ExpansionContext ctx) {
    Map<String, TemplateFunction> m = new LinkedHashMap<>();
    m.put("query", fn(Signature.of(Type.STRING), a -> query(ctx, (String) a.getFirst())));
    m.put("first", fn(Signature.of(Type.ANY), a -> {
      List<TemplateSample> v = result(a.getFirst(), "first");
      if (v.isEmpty()) {
        throw new IllegalArgumentException("first() called on vector with no elements");
      }
      return v.getFirst();
    }));
    m.put("label", fn(Signature.of(Type.STRING, Type.ANY),
        a -> sample(a.get(1), "label").label((String) a.getFirst())));
    m.put("value", fn(Signature.of(Type.ANY), a -> sample(a.getFirst(), "value").value()));
    m.put("strvalue", fn(Signature.of(Type.ANY), a -> sample(a.getFirst(), "strvalue").label("__value__")));
    m.put("args", a -> {
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < a.size(); i++) {
        out.put("arg" + i, a.get(i));
      }
      return out;
    });
    m.put("reReplaceAll", fn(Signature.of(Type.STRING, Type.STRING, Type.STRING),
        a -> TextFunctions.reReplaceAll((String) a.get(0), (String) a.get(1), (String) a.get(2))));
    m.put("safeHtml", fn(Signature.of(Type.STRING), a -> new SafeHtml((String) a.getFirst())));
    m.put("match", fn(Signature.of(Type.STRING, Type.STRING),
        a -> TextFunctions.match((String) a.get(0), (String) a.get(1))));
    m.put("title", fn(Signature.of(Type.STRING), a -> TextFunctions.title((String) a.getFirst())));
    m.put("toUpper", fn(Signature.of(Type.STRING), a -> TextFunctions.toUpper((String) a.getFirst())));
    m.put("toLower", fn(Signature.of(Type.STRING), a -> TextFunctions.toLower((String) a.getFirst())));
    m.put("graphLink", fn(Signature.of(Type.STRING), a -> TextFunctions.graphLink((String) a.getFirst())));
    m.put("tableLink", fn(Signature.of(Type.STRING), a -> TextFunctions.tableLink((String) a.getFirst())));
    m.put("sortByLabel", fn(Signature.of(Type.STRING, Type.ANY), a -> {
      List<TemplateSample> v = result(a.get(1), "sortByLabel");
      String label = (String) a.getFirst();
      List<TemplateSample> sorted = new ArrayList<>(v);
      sorted.sort(Comparator.comparing(s -> s.label(label), PrometheusFunctions::compareBytes));
      for (int i = 0; i < sorted.size(); i++) {
        v.set(i, sorted.get(i));
      }
      return v;
    }));
    m.put("stripPort", fn(Signature.of(Type.STRING), a -> TextFunctions.stripPort((String) a.getFirst())));
    m.put("stripDomain", fn(Signature.of(Type.STRING), a -> TextFunctions.stripDomain((String) a.getFirst())));
    m.put("humanize", fn(Signature.of(Type.ANY), a -> Humanize.humanize(a.getFirst())));
    m.put("humanize1024", fn(Signature.of(Type.ANY), a -> Humanize.humanize1024(a.getFirst())));
    m.put("humanizeDuration", fn(Signature.of(Type.ANY), a -> Humanize.humanizeDuration(a.getFirst())));
    m.put("humanizePercentage", fn(Signature.of(Type.ANY), a -> Humanize.humanizePercentage(a.getFirst())));
    m.put("humanizeTimestamp", fn(Signature.of(Type.ANY), a -> Humanize.humanizeTimestamp(a.getFirst())));
    m.put("pathPrefix", fn(Signature.of(), a -> {
      String p = externalUrl(ctx).getPath();
      return p == null ? "" : p;
    }));
    m.put("externalURL", fn(Signature.of(), a -> externalUrl(ctx).toString()));
    m.put("parseDuration", fn(Signature.of(Type.STRING),
        a -> Durations.parse((String) a.getFirst()) / 1000.0));
    m.put("toTime", fn(Signature.of(Type.ANY), a -> Humanize.toTime(Humanize.toFloat(a.getFirst()))));
    m.put("toDuration", fn(Signature.of(Type.ANY), a -> GoDuration.ofSeconds(Humanize.toFloat(a.getFirst()))));
    m.put("now", fn(Signature.of(), a -> ctx.timestampMillis() / 1000.0));
    m.put("urlQueryEscape", fn(Signature.of(Type.STRING), a -> TextFunctions.queryEscape((String) a.getFirst())));
    return m;
  }

  private static java.net.URI externalUrl(ExpansionContext ctx) {
    if (ctx.externalUrl() == null) {
      throw new IllegalStateException("runtime error: invalid memory address or nil pointer dereference");
    }
    return ctx.externalUrl();
  }

  private static QueryResult query(ExpansionContext ctx, String expr) throws Exception {
    List<QuerySample> vector = ctx.query().query(expr, ctx.timestampMillis());
    List<TemplateSample> out = new ArrayList<>(vector.size());
    for (QuerySample s : vector) {
      out.add(TemplateSample.of(s));
    }
    return new QueryResult(out);
  }

  @SuppressWarnings("unchecked")
  private static List<TemplateSample> result(Object v, String fn) {
    if (v instanceof QueryResult r) {
      return r;
    }
    if (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof TemplateSample)) {
      return (List<TemplateSample>) l;
    }
    throw new IllegalArgumentException("wrong type for value; expected template.queryResult; got "
        + dev.vigil.common.template.GoFormat.typeName(v));
  }

  private static TemplateSample sample(Object v, String fn) {
    if (v instanceof TemplateSample s) {
      return s;
    }
    if (v == null) {
      throw new IllegalArgumentException("runtime error: invalid memory address or nil pointer dereference");
    }
    throw new IllegalArgumentException("wrong type for value; expected *template.sample; got "
        + dev.vigil.common.template.GoFormat.typeName(v));
  }

  private static int compareBytes(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
