package dev.vigil.rules.template;

/**
 * A template failed to parse or execute. The message is Prometheus's, e.g. {@code error
 * executing template __alert_X: template: __alert_X:1:96: executing "__alert_X" at <humanize
 * "x">: error calling humanize: strconv.ParseFloat: parsing "x": invalid syntax}.
 */
public final class TemplateExpansionException extends Exception {
  private static final long serialVersionUID = 1L;

  TemplateExpansionException(String message, Throwable cause) {
    super(message, cause);
  }
}
