/** Checksummed whole-file snapshots for silences and the notification log. */
package dev.vigil.alerting.snapshot;
