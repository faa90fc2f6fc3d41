package dev.vigil.common.template;

import java.util.Objects;

/**
 * Text known to be safe HTML (Go's {@code template.HTML}): printed as is, also when the template
 * set escapes output for HTML ({@link TemplateSet.Builder#escapeHtml}).
 *
 * @param html the markup
 */
public record SafeHtml(String html) implements GoTyped {
  public SafeHtml {
    Objects.requireNonNull(html, "html");
  }

  @Override
  public String goTypeName() {
    return "template.HTML";
  }

  @Override
  public String toString() {
    return html;
  }
}
