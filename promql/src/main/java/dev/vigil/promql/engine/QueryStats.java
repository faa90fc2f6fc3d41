package dev.vigil.promql.engine;

/**
 * Sample statistics and timings, as {@code stats=all} reports them.
 *
 * @param totalQueryableSamples samples read from storage over the whole query
 * @param peakSamples most samples held in memory at once
 * @param perStepSamples samples read per step of a range query (index = step), or null
 * @param stepStartMs first step's time (for perStepSamples)
 * @param stepMs step interval (for perStepSamples)
 */
public record QueryStats(
    long totalQueryableSamples,
    long peakSamples,
    long[] perStepSamples,
    long stepStartMs,
    long stepMs,
    double evalTotalSeconds,
    double queryPreparationSeconds,
    double innerEvalSeconds,
    double execQueueSeconds,
    double resultSortSeconds) {}
