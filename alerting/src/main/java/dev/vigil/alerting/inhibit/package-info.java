/** Inhibition rules: muting target alerts while matching source alerts fire. */
package dev.vigil.alerting.inhibit;
