package dev.vigil.rules.template;

import dev.vigil.common.template.MissingKey;
import dev.vigil.common.template.TemplateException;
import dev.vigil.common.template.TemplateFunction;
import dev.vigil.common.template.TemplateSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Expands Prometheus templates in text mode (template.Expander.Expand): Go text/template with
 * Prometheus's functions and the {@code missingkey=zero} default. One expander per evaluation
 * context (a rule evaluation): it keeps the templates it parsed, so the alerts of one rule parse
 * their annotation texts once. Thread-safe.
 */
public final class TemplateExpander {
  /** Bound on cached parses; an evaluation rarely sees more distinct texts. */
  private static final int CACHE_LIMIT = 4096;

  private final Map<String, TemplateFunction> functions;
  private final ConcurrentHashMap<String, TemplateSet> parsed = new ConcurrentHashMap<>();

  public TemplateExpander(ExpansionContext ctx) {
    this(ctx, Map.of());
  }

  /** With functions of the caller's added, replacing same-named ones (Expander.Funcs). */
  public TemplateExpander(ExpansionContext ctx, Map<String, TemplateFunction> extra) {
    Map<String, TemplateFunction> all = PrometheusFunctions.create(Objects.requireNonNull(ctx, "ctx"));
    all.putAll(extra);
    this.functions = Map.copyOf(all);
  }

  /** The function map (unmodifiable). */
  public Map<String, TemplateFunction> functions() {
    return functions;
  }

  /**
   * Parses without executing (Expander.ParseTest): null when the text parses, else the engine's
   * message without Prometheus's "error parsing template" prefix, e.g. {@code template: t:1:
   * undefined variable "$label"}.
   */
  public String parseTest(String name, String text) {
    try {
      TemplateSet.builder().functions(functions).missingKey(MissingKey.ZERO).parse(name, text);
      return null;
    } catch (TemplateException e) {
      return e.getMessage();
    }
  }

  /** Expands with Prometheus's default option {@code missingkey=zero}. */
  public String expand(String name, String text, Object data) throws TemplateExpansionException {
    return expand(name, text, data, List.of("missingkey=zero"));
  }

  /**
   * Expands {@code text} as template {@code name} with {@code data} as dot and Go template
   * options such as {@code missingkey=error}; an empty list means Go's defaults.
   */
  public String expand(String name, String text, Object data, List<String> options)
      throws TemplateExpansionException {
    String key = name + '\u0000' + String.join(",", options) + '\u0000' + text;
    TemplateSet set = parsed.get(key);
    if (set == null) {
      TemplateSet.Builder b = TemplateSet.builder().functions(functions);
      for (String o : options) {
        b.option(o);
      }
      try {
        set = b.parse(name, text).build();
      } catch (TemplateException e) {
        throw new TemplateExpansionException("error parsing template " + name + ": " + e.getMessage(), e);
      }
      if (parsed.size() >= CACHE_LIMIT) {
        parsed.clear();
      }
      parsed.put(key, set);
    }
    try {
      return set.execute(data);
    } catch (TemplateException e) {
      throw new TemplateExpansionException("error executing template " + name + ": " + e.getMessage(), e);
    }
  }
}
