/** Alerts as Alertmanager holds them, the in-memory alert store and the notification order. */
package dev.vigil.alerting.alert;
