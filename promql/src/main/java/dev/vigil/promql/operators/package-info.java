/** Binary operators with vector matching, and aggregations, over {@code StepSeries}. */
package dev.vigil.promql.operators;
