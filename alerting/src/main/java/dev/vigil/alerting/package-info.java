/**
 * The built-in Alertmanager: routes, grouping, inhibition, silences, notification log, receivers.
 * {@link dev.vigil.alerting.Alertmanager} is the entry point; docs/alerting.md shows the wiring.
 */
package dev.vigil.alerting;
