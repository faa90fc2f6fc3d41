package dev.vigil.rules.template;

import dev.vigil.common.template.MissingKey;
import dev.vigil.common.template.TemplateException;
import dev.vigil.common.template.TemplateFunction;
import dev.vigil.common.template.TemplateSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Expands Prometheus templates in text mode (template.Expander.Expand): Go text/template with
 * Prometheus's functions and the {@code missingkey=zero} default. One expander per evaluation
 * context; thread-safe.
 */
public final class TemplateExpander {
  private final Map<String, TemplateFunction> functions;

  public TemplateExpander(ExpansionContext ctx) {
    this.functions = PrometheusFunctions.create(Objects.requireNonNull(ctx, "ctx"));
  }

  /** The function map, for callers that add functions of their own (Expander.Funcs). */
  public Map<String, TemplateFunction> functions() {
    return functions;
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
    TemplateSet.Builder b = TemplateSet.builder().functions(functions);
    for (String o : options) {
      b.option(o);
    }
    TemplateSet set;
    try {
      set = b.parse(name, text).build();
    } catch (TemplateException e) {
      throw new TemplateExpansionException("error parsing template " + name + ": " + e.getMessage(), e);
    }
    try {
      return set.execute(data);
    } catch (TemplateException e) {
      throw new TemplateExpansionException("error executing template " + name + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code options} is valid; the missing-key values Go accepts. */
  static MissingKey missingKey(String option) {
    return MissingKey.parseOption(option);
  }
}
