package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Everything that defines a run: one immutable, versioned document. Missing fields take the documented
 * defaults (docs/spec.md); unknown fields are errors. Read, validate and write with {@link SpecIO}.
 *
 * @param version     spec version, currently 2 (absent = current; part of the canonical JSON and so of the spec hash).
 *                    Version 2: optimizers follow torch.optim's update rules and defaults, and
 *                    {@code evaluation.points} counts the measurements spread through training (docs/spec.md).
 *                    Version 1 (DL4J's updater rules and defaults) is retired and rejected by the validator.
 * @param name        run name shown in listings
 * @param description free text
 * @param seed        seeds masks, initialization, shuffling, evaluation subsets and synthetic data
 */
@JsonPropertyOrder({"version", "name", "description", "seed", "dataset", "architecture", "sparsity", "init",
        "optimizer", "training", "evaluation"})
public record ExperimentSpec(Integer version, String name, String description, Long seed, DatasetSpec dataset,
                             ArchitectureSpec architecture, SparsitySpec sparsity, InitSpec init,
                             OptimizerSpec optimizer, TrainingSpec training, EvaluationSpec evaluation) {
    public static final int CURRENT_VERSION = 2;
    /** The last version whose optimizers followed DL4J's own updater rules and defaults (no longer trainable). */
    public static final int DL4J_RULES_VERSION = 1;

    public ExperimentSpec {
        if (version == null) version = CURRENT_VERSION;
        if (name == null) name = "run";
        if (description == null) description = "";
        if (seed == null) seed = 1L;
        if (dataset == null) dataset = DatasetSpec.of(DatasetSpec.DatasetId.FASHION_MNIST_SAMPLE);
        if (architecture == null) architecture = new ArchitectureSpec(null, null);
        if (sparsity == null) sparsity = SparsitySpec.dense();
        if (init == null) init = new InitSpec(null, null, null);
        if (optimizer == null) optimizer = OptimizerSpec.of(OptimizerSpec.Type.ADAM, 1e-3);
        if (training == null) training = new TrainingSpec(null, null, null);
        if (evaluation == null) evaluation = new EvaluationSpec(null, null, null, null);
    }

    public ExperimentSpec withName(String newName) {
        return new ExperimentSpec(version, newName, description, seed, dataset, architecture, sparsity, init, optimizer,
                training, evaluation);
    }

    public ExperimentSpec withSeed(long newSeed) {
        return new ExperimentSpec(version, name, description, newSeed, dataset, architecture, sparsity, init, optimizer,
                training, evaluation);
    }
}
