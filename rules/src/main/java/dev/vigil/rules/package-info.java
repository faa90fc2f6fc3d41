/** Rule files, recording and alerting rule evaluation, and the Go text/template engine binding. */
package dev.vigil.rules;
