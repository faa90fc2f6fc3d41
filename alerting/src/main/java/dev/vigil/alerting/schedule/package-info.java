/** Injectable time: wall-clock and manual schedulers. */
package dev.vigil.alerting.schedule;
