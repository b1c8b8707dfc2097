package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Gradient-flow evaluation points: {@code points} = P >= 2 points spread evenly through training, initialization and
 * the end included (point k after {@code round(k T / (P - 1))} of the T updates; docs/metrics.md). At each, the per-layer and network measures are computed from the gradient of the
 * loss averaged over a fixed evaluation set ({@code examples} examples of {@code split}, a seeded stratified
 * subset chosen once per run), with dropout off and BatchNorm using the evaluation set's batch statistics;
 * train and test loss/accuracy are computed in inference mode.
 *
 * @param snapshots store every layer's weights, biases and masks at each evaluation point (for npz export)
 */
public record EvaluationSpec(Integer points, Split split, Integer examples, Boolean snapshots) {
    public EvaluationSpec {
        if (points == null) points = 11;
        if (split == null) split = Split.TRAIN;
        if (examples == null) examples = 2048;
        if (snapshots == null) snapshots = true;
    }

    /** Every field at its default; set fields with the withers below. */
    public static EvaluationSpec defaults() {
        return new EvaluationSpec(null, null, null, null);
    }

    public EvaluationSpec withPoints(Integer v) { return new EvaluationSpec(v, split, examples, snapshots); }
    public EvaluationSpec withSplit(Split v) { return new EvaluationSpec(points, v, examples, snapshots); }
    public EvaluationSpec withExamples(Integer v) { return new EvaluationSpec(points, split, v, snapshots); }
    public EvaluationSpec withSnapshots(Boolean v) { return new EvaluationSpec(points, split, examples, v); }

    public enum Split implements SpecEnum {
        TRAIN("train"), TEST("test");
        private final String id;
        Split(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Split of(String id) { return SpecEnum.parse(Split.class, id); }
    }
}
