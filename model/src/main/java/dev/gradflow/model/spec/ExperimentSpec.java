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
        if (architecture == null) architecture = ArchitectureSpec.mlp(null);
        if (sparsity == null) sparsity = SparsitySpec.dense();
        if (init == null) init = InitSpec.defaults();
        if (optimizer == null) optimizer = OptimizerSpec.of(OptimizerSpec.Type.ADAM, 1e-3);
        if (training == null) training = TrainingSpec.defaults();
        if (evaluation == null) evaluation = EvaluationSpec.defaults();
    }

    /** Every field at its documented default; build other specs from it with the withers below. */
    public static ExperimentSpec defaults() {
        return new ExperimentSpec(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same spec with another version (null = the default). */
    public ExperimentSpec withVersion(Integer newVersion) {
        return new ExperimentSpec(newVersion, name, description, seed, dataset, architecture, sparsity, init, optimizer, training, evaluation);
    }

    /** The same spec with another name (null = the default). */
    public ExperimentSpec withName(String newName) {
        return new ExperimentSpec(version, newName, description, seed, dataset, architecture, sparsity, init, optimizer, training, evaluation);
    }

    /** The same spec with another description (null = the default). */
    public ExperimentSpec withDescription(String newDescription) {
        return new ExperimentSpec(version, name, newDescription, seed, dataset, architecture, sparsity, init, optimizer, training, evaluation);
    }

    public ExperimentSpec withSeed(long newSeed) {
        return new ExperimentSpec(version, name, description, newSeed, dataset, architecture, sparsity, init, optimizer, training, evaluation);
    }

    /** The same spec with another dataset (null = the default). */
    public ExperimentSpec withDataset(DatasetSpec newDataset) {
        return new ExperimentSpec(version, name, description, seed, newDataset, architecture, sparsity, init, optimizer, training, evaluation);
    }

    /** The same spec with another architecture (null = the default). */
    public ExperimentSpec withArchitecture(ArchitectureSpec newArchitecture) {
        return new ExperimentSpec(version, name, description, seed, dataset, newArchitecture, sparsity, init, optimizer, training, evaluation);
    }

    /** The same spec with another sparsity (null = the default). */
    public ExperimentSpec withSparsity(SparsitySpec newSparsity) {
        return new ExperimentSpec(version, name, description, seed, dataset, architecture, newSparsity, init, optimizer, training, evaluation);
    }

    /** The same spec with another init (null = the default). */
    public ExperimentSpec withInit(InitSpec newInit) {
        return new ExperimentSpec(version, name, description, seed, dataset, architecture, sparsity, newInit, optimizer, training, evaluation);
    }

    /** The same spec with another optimizer (null = the default). */
    public ExperimentSpec withOptimizer(OptimizerSpec newOptimizer) {
        return new ExperimentSpec(version, name, description, seed, dataset, architecture, sparsity, init, newOptimizer, training, evaluation);
    }

    /** The same spec with another training (null = the default). */
    public ExperimentSpec withTraining(TrainingSpec newTraining) {
        return new ExperimentSpec(version, name, description, seed, dataset, architecture, sparsity, init, optimizer, newTraining, evaluation);
    }

    /** The same spec with another evaluation (null = the default). */
    public ExperimentSpec withEvaluation(EvaluationSpec newEvaluation) {
        return new ExperimentSpec(version, name, description, seed, dataset, architecture, sparsity, init, optimizer, training, newEvaluation);
    }
}
