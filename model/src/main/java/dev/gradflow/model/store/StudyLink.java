package dev.gradflow.model.store;

/**
 * One row of the {@code study_runs} table: a run's place in a study (docs/studies.md).
 *
 * @param role          {@code run}, or for SC-SDC {@code sparse} / {@code dense}
 * @param pairKey       SC-SDC: the same for the sparse and the dense run of a pair; else null
 * @param config        the configuration's label, e.g. {@code type=sgd,batchNorm=true}
 * @param configJson    the configuration's axis values, JSON
 * @param denseWidth    SC-SDC: the dense width; else null
 * @param activeWeights SC-SDC: active weights of the run's net; else null
 */
public record StudyLink(long studyId, long runId, String role, String pairKey, String config, String configJson,
                        Integer denseWidth, long seed, Long activeWeights) {
}
