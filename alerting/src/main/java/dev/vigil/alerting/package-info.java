/** The built-in Alertmanager: routes, grouping, inhibition, silences, notification log, receivers. */
package dev.vigil.alerting;
