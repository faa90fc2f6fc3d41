/** The notification pipeline (inhibit, time intervals, silences, dedup, retry) and the integration contract. */
package dev.vigil.alerting.notify;
