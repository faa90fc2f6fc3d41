/**
 * Alert history, which Alertmanager does not keep: every state change of every alert and every
 * notification attempt, in an append-only checksummed log ({@link HistoryLog},
 * docs/format/alert-history.md) fed by a {@link HistoryRecorder}.
 */
package dev.vigil.alerting.history;
