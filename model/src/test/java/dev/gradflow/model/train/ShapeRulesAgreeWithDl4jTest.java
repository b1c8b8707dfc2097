package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.ConvBlockSpec;
import dev.gradflow.model.spec.ConvBlockSpec.Pooling;
import dev.gradflow.model.spec.EvaluationSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.Problem;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator's CNN shape rules against DL4J itself: for a grid of image sizes, kernels, strides, padding modes and
 * pooling windows, a spec is accepted by {@link SpecIO#problems(ExperimentSpec, int[], int, String)} exactly when
 * DL4J can build and train it (one real training run per case). Before the rules existed, every rejected case here
 * passed validation and then threw from NetworkFactory.build or from the first fit.
 */
class ShapeRulesAgreeWithDl4jTest {
    private static final int CLASSES = 2;

    private static DatasetSplit images(int side) {
        Dataset train = AugmentationTest.images("train", 6, side, CLASSES, 1);
        Dataset test = AugmentationTest.images("test", 4, side, CLASSES, 2);
        return new DatasetSplit(train, test, "x", "synthetic");
    }

    private static ExperimentSpec spec(List<ConvBlockSpec> blocks) {
        ExperimentSpec base = ConvNetTest.spec(blocks, List.of(), TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.01, 0, 0, 0), 1.0);
        return base.withName("shape").withSeed(1L).withArchitecture(ArchitectureSpec.cnn(blocks, null, List.of()))
                .withTraining(TrainingSpec.defaults().withBatchSize(6).withEpochs(1).withLogEvery(1))
                .withEvaluation(EvaluationSpec.defaults().withPoints(2).withExamples(4).withSnapshots(false));
    }

    /** Whether DL4J builds and trains it (one epoch of one step, evaluation included). */
    private static String dl4j(ExperimentSpec s, DatasetSplit data) {
        try {
            TrainingOutcome o = new Trainer(s, data).run(new TinySpecs.Recorder(), () -> false);
            return o.status() == RunStatus.FINISHED ? null : o.status() + " " + o.message();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static List<Problem> validator(ExperimentSpec s, int side) {
        return SpecIO.problems(s, new int[]{1, side, side}, CLASSES, "test images");
    }

    @Test
    void convolutionKernelStrideAndPaddingRulesMatchDl4j() {
        List<String> disagreements = new ArrayList<>();
        int accepted = 0, rejected = 0;
        for (int side : new int[]{5, 8}) {
            DatasetSplit data = images(side);
            for (int k : new int[]{1, 3, 6}) {
                for (int stride : new int[]{1, 2, 5, 7}) {
                    for (boolean same : new boolean[]{true, false}) {
                        int pad = same ? 0 : Math.min(1, k - 1);
                        ExperimentSpec s = spec(List.of(new ConvBlockSpec(2, k, stride, same, pad, Activation.RELU, false,
                                Pooling.NONE, null)));
                        List<Problem> problems = validator(s, side);
                        String failure = dl4j(s, data);
                        if (problems.isEmpty()) accepted++; else rejected++;
                        if (problems.isEmpty() != (failure == null)) {
                            disagreements.add("side " + side + " k " + k + " stride " + stride + " same " + same
                                    + ": validator " + problems + ", DL4J " + failure);
                        }
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(accepted).isGreaterThan(20);
        assertThat(rejected).isGreaterThanOrEqualTo(4);
    }

    @Test
    void poolingWindowAndPoolingDepthRulesMatchDl4j() {
        List<String> disagreements = new ArrayList<>();
        int rejected = 0;
        for (int side : new int[]{5, 8}) {
            DatasetSplit data = images(side);
            for (int pool = 1; pool <= 9; pool += 2) {
                for (int blocks = 1; blocks <= 3; blocks++) {
                    List<ConvBlockSpec> bs = new ArrayList<>();
                    for (int b = 0; b < blocks; b++) bs.add(new ConvBlockSpec(2, 3, 1, true, 0, Activation.RELU, false, Pooling.MAX, pool));
                    ExperimentSpec s = spec(bs);
                    List<Problem> problems = validator(s, side);
                    if (!problems.isEmpty()) rejected++;
                    String failure = dl4j(s, data);
                    if (problems.isEmpty() != (failure == null)) {
                        disagreements.add("side " + side + " pool " + pool + " blocks " + blocks + ": validator "
                                + problems + ", DL4J " + failure);
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(rejected).isGreaterThan(5);
    }

    @Test
    void messagesNameThePathAndTheShapeChecked() {
        ExperimentSpec s = spec(List.of(new ConvBlockSpec(2, 3, 1, true, 0, Activation.RELU, false, Pooling.MAX, 2),
                new ConvBlockSpec(2, 3, 1, true, 0, Activation.RELU, false, Pooling.MAX, 2),
                new ConvBlockSpec(2, 3, 1, true, 0, Activation.RELU, false, Pooling.MAX, 2)));
        List<Problem> problems = validator(s, 5);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).path()).isEqualTo("architecture.blocks[2].poolSize");
        assertThat(problems.get(0).message()).contains("1x1 feature map", "too many pooling blocks", "[1, 5, 5]");
    }
}
