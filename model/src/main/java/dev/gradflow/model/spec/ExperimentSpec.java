package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Everything that defines a run: one immutable, versioned document. Missing fields take the documented
 * defaults (docs/spec.md); unknown fields are errors. Read, validate and write with {@link SpecIO}.
 *
 * @param version     spec format version, currently 1
 * @param name        run name shown in listings
 * @param description free text
 * @param seed        seeds masks, initialization, shuffling, evaluation subsets and synthetic data
 */
@JsonPropertyOrder({"version", "name", "description", "seed", "dataset", "architecture", "sparsity", "init",
        "optimizer", "training", "evaluation"})
public record ExperimentSpec(Integer version, String name, String description, Long seed, DatasetSpec dataset,
                             ArchitectureSpec architecture, SparsitySpec sparsity, InitSpec init,
                             OptimizerSpec optimizer, TrainingSpec training, EvaluationSpec evaluation) {
    public static final int CURRENT_VERSION = 1;

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
