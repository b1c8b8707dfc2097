package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * @param batchSize  examples per update (>= 1); the last, smaller batch of an epoch is kept
 * @param epochs     passes over the training split (>= 1); the training split is reshuffled each epoch from the seed
 * @param logEvery   record per-step metrics every this many steps (1 = every step)
 * @param divergence when an exploding run ends as diverged; null = the documented defaults
 *                   ({@link DivergenceSpec#defaults()}). Written into the spec's JSON (and its hash) only when given,
 *                   so specs written before the rule existed keep their hash: the rule changes no update, it only ends
 *                   a run whose loss or gradient explodes.
 * @param kernels    which kernels train the hidden layers of an MLP: {@code auto} (null), {@code dense} or
 *                   {@code sparse} (docs/spec.md, docs/performance.md "Sparse kernels"). Written into the JSON (and the
 *                   hash) only when given, so specs written before the field existed keep their hash: every reported
 *                   number is the same in both modes to float precision.
 */
public record TrainingSpec(Integer batchSize, Integer epochs, Integer logEvery,
                           @JsonInclude(JsonInclude.Include.NON_NULL) DivergenceSpec divergence,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Kernels kernels) {
    public TrainingSpec {
        if (batchSize == null) batchSize = 128;
        if (epochs == null) epochs = 1;
        if (logEvery == null) logEvery = 1;
    }

    /** Every field at its default; set fields with the withers below. */
    public static TrainingSpec defaults() {
        return new TrainingSpec(null, null, null, null, null);
    }

    /** The kernel mode asked for: the spec's, or {@link Kernels#AUTO}. */
    public Kernels kernelMode() {
        return kernels != null ? kernels : Kernels.AUTO;
    }

    /**
     * Kernels for the masked hidden layers of an MLP: {@code dense} multiplies full weight matrices (masked entries
     * 0), {@code sparse} computes over active weights only, {@code auto} chooses per layer from its density.
     */
    public enum Kernels implements SpecEnum {
        AUTO("auto"), DENSE("dense"), SPARSE("sparse");
        private final String id;
        Kernels(String id) { this.id = id; }
        @Override public String id() { return id; }
        @com.fasterxml.jackson.annotation.JsonCreator public static Kernels of(String id) { return SpecEnum.parse(Kernels.class, id); }
    }

    public TrainingSpec withBatchSize(Integer v) { return new TrainingSpec(v, epochs, logEvery, divergence, kernels); }
    public TrainingSpec withEpochs(Integer v) { return new TrainingSpec(batchSize, v, logEvery, divergence, kernels); }
    public TrainingSpec withLogEvery(Integer v) { return new TrainingSpec(batchSize, epochs, v, divergence, kernels); }
    public TrainingSpec withDivergence(DivergenceSpec v) { return new TrainingSpec(batchSize, epochs, logEvery, v, kernels); }
    public TrainingSpec withKernels(Kernels v) { return new TrainingSpec(batchSize, epochs, logEvery, divergence, v); }

    /** The divergence rule in force: the spec's, or the defaults. */
    public DivergenceSpec divergenceRule() {
        return divergence != null ? divergence : DivergenceSpec.defaults();
    }
}
