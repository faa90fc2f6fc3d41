package dev.vigil.common.template;

/**
 * A template failed to parse or to execute. The message is Go's text/template error text, e.g.
 * {@code template: t:1: function "foo" not defined} or {@code template: t:1:2: executing "t" at
 * <.Foo>: can't evaluate field Foo in type string}, so users see what Prometheus and Alertmanager
 * would show them.
 */
public class TemplateException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean parse;

  TemplateException(String message, boolean parse, Throwable cause) {
    super(message, cause);
    this.parse = parse;
  }

  /** True for a parse error, false for an execution error. */
  public boolean isParseError() {
    return parse;
  }
}
