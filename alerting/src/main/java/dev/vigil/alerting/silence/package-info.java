/** Silences: creation, update and expiry with Alertmanager's rules, retention and persistence. */
package dev.vigil.alerting.silence;
