package dev.gradflow.model.train;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.ScheduleSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The configured learning rate, through its schedule, sets the size of every optimizer's step. From a fresh optimizer
 * state, one update is linear in the step's learning rate for every rule, so (same network, same data) tripling the
 * base rate triples the weight change, and at update t the change under a schedule is {@code lr_t / lr} times the
 * change at a constant rate, lr_t computed here from the formulas in docs/spec.md.
 * <p>
 * Regression for defect 1 of issue 10: Adagrad trained at DL4J's default 0.1 whatever the spec said (and DL4J's
 * AdaDelta had no learning rate at all).
 */
class LearningRateScalingTest {
    private static final int FEATURES = 6, CLASSES = 3, EXAMPLES = 24;
    private static final long TOTAL = 10;

    /** Base rate: small enough for one update from fresh state, large enough to measure in float weights. */
    static double base(OptimizerSpec.Type type) {
        return type == OptimizerSpec.Type.ADADELTA ? 1.0 : 0.01;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OptimizerSpec.Type.class)
    void tripleTheLearningRateTripleTheStep(OptimizerSpec.Type type) {
        double small = change(type, base(type), ScheduleSpec.constant(), 0);
        double large = change(type, 3 * base(type), ScheduleSpec.constant(), 0);
        assertThat(small).as("%s changes the weights", type.id()).isPositive();
        assertThat(large / small).as("%s: step at 3x the learning rate over step at 1x", type.id())
                .isCloseTo(3.0, within(1e-4));
    }

    static Stream<Arguments> schedules() {
        List<Arguments> out = new ArrayList<>();
        for (OptimizerSpec.Type type : OptimizerSpec.Type.values()) {
            // update index t = 3 (three updates done before it), T = 10 total steps
            out.add(Arguments.of(type, ScheduleSpec.of(ScheduleSpec.Type.CONSTANT).withWarmupSteps(8), 4.0 / 8));
            out.add(Arguments.of(type, ScheduleSpec.of(ScheduleSpec.Type.STEP).withWarmupSteps(0).withStepSize(2).withGamma(0.5), 0.5));
            out.add(Arguments.of(type, ScheduleSpec.of(ScheduleSpec.Type.EXPONENTIAL).withWarmupSteps(0).withGamma(0.8), 0.8 * 0.8 * 0.8));
            out.add(Arguments.of(type, ScheduleSpec.of(ScheduleSpec.Type.COSINE).withWarmupSteps(0).withMinLearningRate(0.0),
                    (1 + Math.cos(Math.PI * 3 / 10)) / 2));
            out.add(Arguments.of(type, ScheduleSpec.of(ScheduleSpec.Type.COSINE).withWarmupSteps(2).withMinLearningRate(0.1 * base(type)),
                    0.1 + 0.9 * (1 + Math.cos(Math.PI * 1 / 8)) / 2));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("schedules")
    void theScheduledRateSetsTheStep(OptimizerSpec.Type type, ScheduleSpec schedule, double factor) {
        double constant = change(type, base(type), ScheduleSpec.constant(), 3);
        double scheduled = change(type, base(type), schedule, 3);
        assertThat(scheduled / constant).as("%s under %s at update 3", type.id(), schedule.type().id())
                .isCloseTo(factor, within(1e-4 * factor));
    }

    /**
     * The L2 norm of the change of all weights in one full-batch update with index {@code t} (t updates counted as
     * done, optimizer state fresh), masked as in training.
     */
    static double change(OptimizerSpec.Type type, double lr, ScheduleSpec schedule, int t) {
        OptimizerSpec opt = OptimizerSpec.builder(type).learningRate(lr).schedule(schedule).weightDecay(0.0).build();
        ExperimentSpec spec = TinySpecs.spec(5, List.of(LayerSpec.of(8, Activation.TANH), LayerSpec.of(7, Activation.TANH)),
                TinySpecs.uniform(0.5), opt, EXAMPLES, 1, 0, EXAMPLES);
        DatasetSplit data = TinySpecs.split(EXAMPLES, 6, FEATURES, CLASSES, 1.0, 8);
        SparseNetwork network = NetworkFactory.build(spec, FEATURES, CLASSES, TOTAL);
        network.net().getLayerWiseConfigurations().setIterationCount(t);
        List<float[]> before = new ArrayList<>();
        for (WeightLayer l : network.layers()) before.add(network.weights(l).dup('c').data().asFloat());
        GradientFlowListener listener = new GradientFlowListener(network, false);
        network.setListeners(listener);
        listener.prepare(false, EXAMPLES);
        int[] all = Batches.identity(EXAMPLES);
        network.fit(new DataSet(Batches.features(data.train(), all, 0, EXAMPLES), Batches.labels(data.train(), all, 0, EXAMPLES)));
        double sq = 0;
        for (WeightLayer l : network.layers()) {
            float[] after = network.weights(l).dup('c').data().asFloat();
            float[] b = before.get(l.index());
            for (int i = 0; i < after.length; i++) sq += Math.pow((double) after[i] - b[i], 2);
        }
        return Math.sqrt(sq);
    }
}
