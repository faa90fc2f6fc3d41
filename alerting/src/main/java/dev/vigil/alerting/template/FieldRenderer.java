package dev.vigil.alerting.template;

import dev.vigil.common.template.TemplateException;

/**
 * Renders a notifier's configured fields for one notification, as Alertmanager's {@code
 * TmplText}/{@code TmplHTML} do: the first error is kept and every later field renders as "",
 * so a notifier renders all fields and then checks {@link #error()} once. Not thread-safe: one
 * per notification.
 */
public final class FieldRenderer {
  private final NotificationTemplates templates;
  private final Object data;
  private TemplateException error;

  public FieldRenderer(NotificationTemplates templates, Object data) {
    this.templates = templates;
    this.data = data;
  }

  public String text(String template) {
    if (error != null) {
      return "";
    }
    try {
      return templates.text(template, data);
    } catch (TemplateException e) {
      error = e;
      return "";
    }
  }

  public String html(String template) {
    if (error != null) {
      return "";
    }
    try {
      return templates.html(template, data);
    } catch (TemplateException e) {
      error = e;
      return "";
    }
  }

  /** The first error, or null. */
  public TemplateException error() {
    return error;
  }

  public Object data() {
    return data;
  }
}
