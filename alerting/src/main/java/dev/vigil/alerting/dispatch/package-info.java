/** Aggregation groups and their group_wait / group_interval timers. */
package dev.vigil.alerting.dispatch;
