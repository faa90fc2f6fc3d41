/** Named time intervals for muting and activating routes. */
package dev.vigil.alerting.timeinterval;
