/** The notification log that deduplicates notifications across flushes and restarts. */
package dev.vigil.alerting.nflog;
