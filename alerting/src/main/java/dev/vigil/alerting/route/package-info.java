/** The routing tree: which routes take an alert, with inherited options and Alertmanager's route keys. */
package dev.vigil.alerting.route;
