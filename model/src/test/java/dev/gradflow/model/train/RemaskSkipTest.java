package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof behind skipping the weight re-mask after each update ({@link SparseNetwork#updatesKeepMaskedWeightsZero}):
 * for every optimizer, plain, with L2 and with decoupled weight decay (and momentum where the rule has one), training
 * without re-masking gives bit for bit the parameters and optimizer state of training that re-masks after every update,
 * and masked weights stay exactly 0. Also: the engine does skip the re-mask for every optimizer (so the
 * exact-sparsity and replay tests exercise the skipping path).
 */
class RemaskSkipTest {
    private static final int FEATURES = 12, CLASSES = 3, BATCH = 16, STEPS = 12;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (OptimizerSpec.Type t : OptimizerSpec.Type.values()) {
            out.add(Arguments.of(t, "plain"));
            out.add(Arguments.of(t, "l2"));
            out.add(Arguments.of(t, "weight decay"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void trainingWithoutReMaskingIsBitIdenticalToTrainingWithIt(OptimizerSpec.Type type, String variant) {
        double lr = type == OptimizerSpec.Type.ADADELTA ? 1.0 : 0.05;
        OptimizerSpec opt = TinySpecs.optimizer(type, lr, 0.9, variant.equals("l2") ? 1e-2 : 0.0,
                variant.equals("weight decay") ? 1e-2 : 0.0);
        ExperimentSpec spec = TinySpecs.spec(5, List.of(new LayerSpec(10, Activation.RELU, true, 0.0),
                new LayerSpec(8, Activation.TANH, false, 0.0)), TinySpecs.uniform(0.4), opt, BATCH, 1, 1, 16);
        DatasetSplit data = TinySpecs.split(BATCH * STEPS, 16, FEATURES, CLASSES, 1.0, 3);
        SparseNetwork remasked = NetworkFactory.build(spec, data.train().shape(), CLASSES, STEPS);
        SparseNetwork skipped = NetworkFactory.build(spec, data.train().shape(), CLASSES, STEPS);
        assertThat(skipped.updatesKeepMaskedWeightsZero()).as("the engine skips the re-mask for %s", type).isTrue();
        train(remasked, new GradientFlowListener(remasked, false, true), data.train());
        train(skipped, new GradientFlowListener(skipped, false, false), data.train());

        assertThat(skipped.model().params().data().asFloat()).as("parameters")
                .isEqualTo(remasked.model().params().data().asFloat());
        INDArray state = skipped.updater().getStateViewArray(); // null for plain SGD (no state)
        if (state != null) {
            assertThat(state.data().asFloat()).as("optimizer state")
                    .isEqualTo(remasked.updater().getStateViewArray().data().asFloat());
        }
        boolean movedSomething = false;
        for (WeightLayer l : skipped.layers()) {
            float[] w = skipped.weights(l).dup('c').data().asFloat();
            float[] mask = l.mask().values();
            for (int i = 0; i < w.length; i++) {
                if (mask[i] == 0f) assertThat(w[i]).as("%s masked weight %d", l.name(), i).isEqualTo(0f);
                else movedSomething |= w[i] != 0f;
            }
        }
        assertThat(movedSomething).isTrue();
    }

    private static void train(SparseNetwork network, GradientFlowListener listener, Dataset train) {
        network.setListeners(listener);
        int[] order = Batches.identity(train.size());
        for (int s = 0; s < STEPS; s++) {
            listener.prepare(s % 2 == 0, BATCH);
            network.fit(new DataSet(Batches.features(train, order, s * BATCH, BATCH),
                    Batches.labels(train, order, s * BATCH, BATCH)));
        }
    }
}
