package dev.gradflow.model.train;

import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks, for any weight-layer layout (dense 'f' order, convolution 'c' order), that masked weights are exactly 0 and
 * that every optimizer state array is exactly 0 at masked positions (for optimizers whose zero-gradient state is 0).
 */
final class Exactness {
    private Exactness() {
    }

    /** Memory-order linear index of row-major position k in an array of the given shape and ordering. */
    static int memoryIndex(int k, long[] dims, char ordering) {
        if (ordering == 'c') return k;
        long rest = k, lin = 0, stride = 1;
        long[] idx = new long[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = rest % dims[d];
            rest /= dims[d];
        }
        for (int d = 0; d < dims.length; d++) {
            lin += idx[d] * stride;
            stride *= dims[d];
        }
        return (int) lin;
    }

    /** @return the number of (weight layer, state array) pairs checked */
    static int assertMaskedWeightsAndStateZero(SparseNetwork network, BaseMultiLayerUpdater<?> updater,
                                                Function<Trainable, String> keyPrefix) {
        return assertMaskedWeightsAndStateZero(network, updater, keyPrefix, Map.of());
    }

    /**
     * As above, with the value a state array must hold at masked positions where it is not 0 ({@code maskedValues}
     * by state key: Adamax's infinity norm "U" is eps wherever the gradient has always been 0).
     */
    static int assertMaskedWeightsAndStateZero(SparseNetwork network, BaseMultiLayerUpdater<?> updater,
                                                Function<Trainable, String> keyPrefix, Map<String, Float> maskedValues) {
        Map<String, WeightLayer> byKey = new HashMap<>();
        for (WeightLayer l : network.layers()) {
            byKey.put(l.weightKey(), l);
            float[] w = network.weights(l).dup('c').data().asFloat();
            float[] m = l.mask().values();
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0f) assertThat(w[i]).as("%s masked weight %d", l.name(), i).isEqualTo(0f);
            }
        }
        int checked = 0;
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            var params = block.getLayersAndVariablesInBlock();
            long blockStart = params.get(0).getParamOffsetStart();
            Map<String, INDArray> state = block.getGradientUpdater() == null ? null : block.getGradientUpdater().getState();
            if (state == null) continue;
            for (UpdaterBlock.ParamState ps : params) {
                WeightLayer l = byKey.get(keyPrefix.apply(ps.getLayer()) + "_" + ps.getParamName());
                if (l == null) continue;
                INDArray view = network.weights(l);
                long start = ps.getParamOffsetStart() - blockStart;
                float[] mask = l.mask().values();
                for (var e : state.entrySet()) {
                    float[] s = e.getValue().reshape(e.getValue().length()).dup().data().asFloat();
                    int nonZeroActive = 0;
                    for (int k = 0; k < mask.length; k++) {
                        float v = s[(int) (start + memoryIndex(k, l.mask().shape().dims(), view.ordering()))];
                        if (mask[k] == 0f) {
                            assertThat(v).as("%s state %s at masked %d", l.name(), e.getKey(), k)
                                    .isEqualTo(maskedValues.getOrDefault(e.getKey(), 0f));
                        } else if (v != 0f) {
                            nonZeroActive++;
                        }
                    }
                    assertThat(nonZeroActive).as("%s state %s is non-zero somewhere active", l.name(), e.getKey()).isPositive();
                    checked++;
                }
            }
        }
        return checked;
    }
}
