/** Alertmanager's label matchers: the matcher syntax, Go-compatible regexes and quoting, label-set fingerprints. */
package dev.vigil.alerting.matcher;
