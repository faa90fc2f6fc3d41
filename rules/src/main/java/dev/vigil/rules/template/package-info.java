/**
 * Prometheus's template functions and alert-template expansion on top of the Go template engine
 * in {@code dev.vigil.common.template}: {@link dev.vigil.rules.template.TemplateExpander} (the
 * function map bound to a query function, evaluation time and external URL) and {@link
 * dev.vigil.rules.template.AlertTemplates} (the {@code $labels}/{@code $value} preamble and the
 * {@code <error expanding template: ...>} text alerting rules show instead of failing).
 */
package dev.vigil.rules.template;
