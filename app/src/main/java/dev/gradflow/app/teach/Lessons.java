package dev.gradflow.app.teach;

import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.EvaluationSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.TrainingSpec;
import dev.gradflow.model.study.ScSdc;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Teaching presets (the Teach menu): each lesson is a few runs on the bundled {@code fashion-mnist-sample} that
 * differ in one thing and together show a finding of the studies (docs/studies.md) in under a minute; the workbench
 * queues them and opens their comparison in presentation mode. Every run: 2,000 training examples, 2 epochs of
 * minibatches of 64 (64 steps), 6 evaluation points on 512 examples, no snapshots, seed 7.
 */
public final class Lessons {
    private Lessons() {
    }

    /**
     * A lesson.
     *
     * @param title   menu text
     * @param finding what the comparison shows, in one or two sentences (shown when it opens)
     * @param runs    the specs, in the order they are compared (the first is run a of a difference)
     */
    public record Lesson(String title, String finding, List<ExperimentSpec> runs) {
        /** The same lesson with {@code change} applied to every run (e.g. a tiny size for tests). */
        public Lesson map(UnaryOperator<ExperimentSpec> change) {
            return new Lesson(title, finding, runs.stream().map(change).toList());
        }
    }

    public static List<Lesson> all() {
        return List.of(batchNorm(), sparseVsDense(), reluVsSwish());
    }

    /** BatchNorm on and off in a 95 %-sparse 300-100 ReLU MLP (docs/studies.md, BatchNorm study). */
    public static Lesson batchNorm() {
        return new Lesson("BatchNorm on vs off in a sparse MLP",
                "The same 95%-sparse 300-100 ReLU MLP with and without BatchNorm: compare the loss curves and the "
                        + "gradient flow of each layer (docs/studies.md has the BatchNorm study).",
                List.of(mlp("teach-bn on", 0.05, Activation.RELU, true, momentum()),
                        mlp("teach-bn off", 0.05, Activation.RELU, false, momentum())));
    }

    /**
     * A sparse 256-256 MLP against the dense 32-32 MLP with exactly as many active weights per layer, as SC-SDC pairs
     * them ({@link ScSdc#derive}: same active weights per layer, same initial weight law).
     */
    public static Lesson sparseVsDense() {
        ExperimentSpec sparse = new ExperimentSpec(null, "teach-scsdc sparse 256", "", 7L, data(),
                ArchitectureSpec.mlp(List.of(LayerSpec.of(256, Activation.RELU), LayerSpec.of(256, Activation.RELU))),
                SparsitySpec.dense(), null, OptimizerSpec.of(OptimizerSpec.Type.ADAM, 1e-3), training(), evaluation());
        ScSdc.Pair pair = ScSdc.derive(sparse, 32, 784, 10);
        return new Lesson("Sparse vs dense at the same capacity",
                "A wide sparse MLP (256-256) and a narrow dense one (32-32) with the same number of active weights in "
                        + "every layer and the same initial weight law: does sparsity itself help?",
                List.of(pair.sparse(), pair.dense().withName("teach-scsdc dense 32")));
    }

    /** ReLU against Swish in the same 90 %-sparse 300-100 MLP, SGD with momentum (docs/studies.md, activation study). */
    public static Lesson reluVsSwish() {
        return new Lesson("ReLU vs Swish in a sparse MLP",
                "The same 90%-sparse 300-100 MLP trained with SGD + momentum, ReLU against Swish: compare how much "
                        + "gradient reaches each layer (docs/studies.md has the activation study) and how fast the loss "
                        + "falls.",
                List.of(mlp("teach-act relu", 0.1, Activation.RELU, false, momentum()),
                        mlp("teach-act swish", 0.1, Activation.SWISH, false, momentum())));
    }

    /** A lesson's runs shrunk to seconds (200 examples, 1 epoch, 2 evaluation points on 100 examples): for tests. */
    public static ExperimentSpec tiny(ExperimentSpec s) {
        return s.withDataset(DatasetSpec.builder(s.dataset().id()).trainExamples(200).testExamples(200).build())
                .withTraining(TrainingSpec.defaults().withBatchSize(50).withEpochs(1).withLogEvery(1))
                .withEvaluation(new EvaluationSpec(2, null, 100, false));
    }

    private static OptimizerSpec momentum() {
        return new OptimizerSpec(OptimizerSpec.Type.MOMENTUM, 0.01, 0.9, null, null, null, null, null, null, null,
                null, null);
    }

    private static ExperimentSpec mlp(String name, double density, Activation act, boolean batchNorm, OptimizerSpec opt) {
        return new ExperimentSpec(null, name, "", 7L, data(),
                ArchitectureSpec.mlp(List.of(new LayerSpec(300, act, batchNorm, 0.0), new LayerSpec(100, act, batchNorm, 0.0))),
                SparsitySpec.uniform(density), null, opt,
                training(), evaluation());
    }

    private static DatasetSpec data() {
        return DatasetSpec.builder(DatasetSpec.DatasetId.FASHION_MNIST_SAMPLE).trainExamples(2000).build();
    }

    private static TrainingSpec training() { return TrainingSpec.defaults().withBatchSize(64).withEpochs(2).withLogEvery(1); }

    private static EvaluationSpec evaluation() { return new EvaluationSpec(6, null, 512, false); }
}
