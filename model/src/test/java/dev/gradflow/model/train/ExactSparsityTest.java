package dev.gradflow.model.train;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masked weights stay exactly 0 and the optimizer never accumulates state at masked positions, for every optimizer,
 * with and without L2 / weight decay / momentum.
 */
class ExactSparsityTest {
    private static final int FEATURES = 20, CLASSES = 3;

    static Stream<Arguments> optimizers() {
        List<Arguments> out = new ArrayList<>();
        for (OptimizerSpec.Type t : OptimizerSpec.Type.values()) {
            out.add(Arguments.of(t, false));
            out.add(Arguments.of(t, true));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, regularized={1}")
    @MethodSource("optimizers")
    void maskedWeightsAndOptimizerStateStayExactlyZero(OptimizerSpec.Type type, boolean regularized) {
        double lr = type == OptimizerSpec.Type.ADADELTA ? 1.0 : type == OptimizerSpec.Type.SGD
                || type == OptimizerSpec.Type.MOMENTUM || type == OptimizerSpec.Type.NESTEROV ? 0.05 : 0.01;
        OptimizerSpec opt = TinySpecs.optimizer(type, lr, regularized ? 0.9 : 0.5, regularized ? 1e-3 : 0.0,
                regularized ? 1e-3 : 0.0);
        List<LayerSpec> layers = List.of(new LayerSpec(16, Activation.RELU, true, 0.0),
                new LayerSpec(16, Activation.PRELU, false, 0.0));
        ExperimentSpec spec = TinySpecs.spec(7, layers, TinySpecs.uniform(0.3), opt, 16, 2, 1, 32);
        DatasetSplit data = TinySpecs.split(240, 30, FEATURES, CLASSES, 1.0, 11);
        Trainer trainer = new Trainer(spec, data);
        assertThat(trainer.totalSteps()).isEqualTo(30);
        SparseNetwork network = trainer.buildNetwork();
        Map<String, float[]> before = new HashMap<>();
        for (WeightLayer l : network.layers()) before.put(l.weightKey(), rowMajor(network.weights(l)));

        var outcome = trainer.run(network, new TrainingObserver() { }, () -> false, true);
        assertThat(outcome.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(outcome.steps()).isEqualTo(30);

        for (WeightLayer l : network.layers()) {
            float[] mask = l.mask().values();
            float[] w = rowMajor(network.weights(l));
            float[] w0 = before.get(l.weightKey());
            int changed = 0;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] == 0f) {
                    assertThat(w[i]).as("%s masked weight %d", l.name(), i).isEqualTo(0.0f);
                } else if (w[i] != w0[i]) {
                    changed++;
                }
            }
            assertThat(changed).as("%s: active weights changed by training", l.name())
                    .isGreaterThan((int) (0.5 * l.mask().active()));
            assertThat(l.mask().active()).isLessThan(l.mask().count());
        }
        assertOptimizerStateZeroAtMaskedPositions(network, type);
        assertUnmaskedParametersAreNonZero(network);
    }

    private static void assertOptimizerStateZeroAtMaskedPositions(SparseNetwork network, OptimizerSpec.Type type) {
        var net = network.net();
        Map<String, WeightLayer> byKey = new HashMap<>();
        for (WeightLayer l : network.layers()) byKey.put(l.weightKey(), l);
        MultiLayerUpdater updater = (MultiLayerUpdater) net.getUpdater();
        INDArray flatParams = net.params();
        int checkedWeightParams = 0;
        int stateArrays = 0;
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            var params = block.getLayersAndVariablesInBlock();
            long blockStart = params.get(0).getParamOffsetStart();
            Map<String, INDArray> state = block.getGradientUpdater() == null ? Map.of() : block.getGradientUpdater().getState();
            if (state == null) state = Map.of();
            for (UpdaterBlock.ParamState ps : params) {
                String key = layerIndex(net, ps.getLayer()) + "_" + ps.getParamName();
                WeightLayer l = byKey.get(key);
                if (l == null) continue;
                checkedWeightParams++;
                long nIn = l.mask().shape().dims()[0], nOut = l.mask().shape().dims()[1];
                long start = ps.getParamOffsetStart() - blockStart;
                // Layout check: the block's flattened params are the weight in column-major ('f') order.
                float[] flatSegment = flatParams.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(
                        ps.getParamOffsetStart(), ps.getParamOffsetEnd())).dup().data().asFloat();
                float[] w = rowMajor(network.weights(l));
                for (int i = 0; i < nIn; i++) {
                    for (int j = 0; j < nOut; j++) {
                        assertThat(flatSegment[(int) (i + j * nIn)]).isEqualTo(w[(int) (i * nOut + j)]);
                    }
                }
                Map<String, Float> zeroGradientState = zeroGradientState(block, 30);
                for (var e : state.entrySet()) {
                    float[] s = e.getValue().reshape(e.getValue().length()).dup().data().asFloat();
                    stateArrays++;
                    int nonZeroActive = 0;
                    float[] mask = l.mask().values();
                    for (int i = 0; i < nIn; i++) {
                        for (int j = 0; j < nOut; j++) {
                            float v = s[(int) (start + i + j * nIn)];
                            if (mask[(int) (i * nOut + j)] == 0f) {
                                assertThat(v).as("%s state %s at masked (%d,%d)", l.name(), e.getKey(), i, j)
                                        .isEqualTo(zeroGradientState.get(e.getKey()));
                            } else if (v != 0f) {
                                nonZeroActive++;
                            }
                        }
                    }
                    assertThat(nonZeroActive).as("%s state %s has non-zero entries at active positions", l.name(), e.getKey())
                            .isPositive();
                }
            }
        }
        assertThat(checkedWeightParams).isEqualTo(network.layers().size());
        if (type != OptimizerSpec.Type.SGD) assertThat(stateArrays).as("optimizer state arrays seen").isPositive();
    }

    /**
     * The state the block's optimizer holds for a parameter whose gradient was exactly 0 at every one of {@code steps}
     * updates: 0 for every optimizer except Adamax, whose infinity norm is eps there (torch's rule), so "nothing
     * leaked" means "equal to this trajectory", not always literally 0.
     */
    private static Map<String, Float> zeroGradientState(UpdaterBlock block, int steps) {
        var config = block.getGradientUpdater().getConfig();
        long size = config.stateSize(1);
        Map<String, Float> out = new HashMap<>();
        if (size == 0) return out;
        var view = org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, size);
        var updater = config.instantiate(view, true);
        for (int it = 0; it < steps; it++) {
            updater.applyUpdater(org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1), it, it / 15);
        }
        for (Object o : updater.getState().entrySet()) {
            var e = (Map.Entry<?, ?>) o;
            out.put((String) e.getKey(), ((INDArray) e.getValue()).getFloat(0));
        }
        return out;
    }

    private static void assertUnmaskedParametersAreNonZero(SparseNetwork network) {
        var table = network.net().paramTable();
        for (var e : table.entrySet()) {
            String key = e.getKey();
            boolean bias = key.endsWith("_b");
            boolean prelu = key.endsWith("_" + ChannelPReLULayer.KEY);
            boolean bnOrPrelu = key.endsWith("_gamma") || key.endsWith("_beta") || prelu;
            if (!bias && !bnOrPrelu) continue;
            float[] v = e.getValue().dup().data().asFloat();
            long nonZero = 0;
            for (float f : v) if (f != 0f) nonZero++;
            assertThat(nonZero).as("parameter %s is trained and not masked", key).isGreaterThan(v.length / 2);
        }
        assertThat(table.keySet()).anyMatch(k -> k.endsWith("_gamma"))
                .anyMatch(k -> k.endsWith("_" + ChannelPReLULayer.KEY));
    }

    private static int layerIndex(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net, org.deeplearning4j.nn.api.Trainable layer) {
        var layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) if (layers[i] == layer) return i;
        throw new IllegalStateException("layer not found: " + layer);
    }

    static float[] rowMajor(INDArray a) {
        return a.dup('c').data().asFloat();
    }
}
