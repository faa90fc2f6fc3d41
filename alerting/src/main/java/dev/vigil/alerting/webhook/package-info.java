/** The webhook receiver: Alertmanager's version 4 JSON payload over HTTP POST. */
package dev.vigil.alerting.webhook;
