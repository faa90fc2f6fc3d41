/** Parsing and validation of alertmanager.yml with Alertmanager 0.25's rules and error messages. */
package dev.vigil.alerting.config;
