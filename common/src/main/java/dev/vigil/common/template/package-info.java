/**
 * Go's text/template for Java: the template language Prometheus uses for alerting-rule labels and
 * annotations and Alertmanager uses for notifications, with Go's output, value printing ({@code
 * fmt}) and error messages.
 *
 * <p>Entry point: {@link dev.vigil.common.template.TemplateSet} (parse with a function map, then
 * execute by name with any Java value as data). Java values stand in for Go values: {@link
 * java.lang.Long}/{@link java.lang.Integer} are int, {@link java.lang.Double} float64, {@link
 * java.lang.String} string, {@link java.util.List} and arrays slices, {@link java.util.Map} maps
 * (keys iterated and printed sorted), records and beans structs whose components, getters and
 * public methods are reached as {@code .Field} or {@code .Method args}, null nil. {@link
 * dev.vigil.common.template.TypedMap} gives a map a Go element type (map[string]string reads a
 * missing key as ""), {@link dev.vigil.common.template.GoFormat} is Go's Sprintf.
 *
 * <p>Not supported: complex numbers, html/template's contextual escaping (only plain HTML
 * escaping of output, {@link dev.vigil.common.template.TemplateSet.Builder#escapeHtml}), range
 * over channels, functions and strings, %p.
 */
package dev.vigil.common.template;
