package dev.vigil.rules.template;

/**
 * Expands an alerting rule's label and annotation templates the way Prometheus's AlertingRule
 * does: the variable preamble {@code $labels}, {@code $externalLabels}, {@code $externalURL},
 * {@code $value} is prepended to the text (so error columns match Prometheus's), the template is
 * named {@code __alert_<rule name>}, and a failure yields the text {@code <error expanding
 * template: ...>} instead of failing the rule. Thread-safe.
 */
public final class AlertTemplates {
  /** Prometheus's preamble, joined without separators. */
  public static final String PREAMBLE =
      "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}"
          + "{{$value := .Value}}";

  private AlertTemplates() {}

  /**
   * Checks that a label or annotation template of alerting rule {@code ruleName} parses, as
   * {@code promtool check rules} and rule loading do; null when it does, else the message (e.g.
   * {@code template: __alert_InstanceDown:1: undefined variable "$label"}), which callers prefix
   * with {@code annotation "summary": }.
   */
  public static String checkSyntax(String ruleName, String text) {
    ExpansionContext ctx = new ExpansionContext((q, ts) -> java.util.List.of(), 0, java.net.URI.create(""));
    return new TemplateExpander(ctx).parseTest("__alert_" + ruleName, PREAMBLE + text);
  }

  /** Expands one template; never throws for template errors. */
  public static String expand(String ruleName, String text, AlertTemplateData data, ExpansionContext ctx) {
    return expand(ruleName, text, data, new TemplateExpander(ctx));
  }

  /** Expands with an expander reused across the templates of one evaluation. */
  public static String expand(String ruleName, String text, AlertTemplateData data, TemplateExpander expander) {
    try {
      return expander.expand("__alert_" + ruleName, PREAMBLE + text, data);
    } catch (TemplateExpansionException e) {
      return "<error expanding template: " + e.getMessage() + ">";
    }
  }
}
