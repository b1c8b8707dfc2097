package dev.gradflow.model.study;

import dev.gradflow.model.spec.ExperimentSpec;

/**
 * One run of a study plan.
 *
 * @param unit       index of the unit it belongs to (a single run, or an SC-SDC pair); shards split by unit
 * @param config     configuration label (axis values), e.g. {@code type=sgd,batchNorm=true}
 * @param configJson the axis values as a JSON object
 * @param role       {@code run} (sweep), {@code sparse} or {@code dense} (SC-SDC)
 * @param pairKey    SC-SDC: identifies the pair (config, dense width, seed); null for sweeps
 * @param denseWidth SC-SDC: the dense width of the pair; null for sweeps
 * @param hash       the spec hash: a run with this hash that finished is this run (resume, merge)
 */
public record PlannedRun(int unit, String name, ExperimentSpec spec, String hash, String config, String configJson,
                         String role, String pairKey, Integer denseWidth, long seed, long activeWeights) {
}
