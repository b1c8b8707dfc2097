package dev.gradflow.model.train;

import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NetworkSummary} against the network {@link NetworkFactory} really builds for the sample specs: every
 * layer's parameter count summed from the built network's parameter table, every weight layer's weight tensor size
 * and mask's active count, and every layer's output shape from a real forward pass of one example.
 */
class NetworkSummaryTest {

    private static ExperimentSpec sample(String file) {
        return SpecIO.read(Path.of("..", "sample-data", "specs", file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fmnist-mlp-sparse90.json", "cifar10-paper-cnn.json", "cifar10-wide-resnet-small.json",
            "residual-mlp-batchnorm.json", "batchnorm-sparse-mlp.json"})
    void countsAndShapesMatchTheBuiltNetwork(String file) {
        ExperimentSpec spec = sample(file);
        NetworkSummary s = NetworkSummary.of(spec);
        SparseNetwork net = NetworkFactory.build(spec, s.inputShape(), s.classes(), 10);

        // totals: from the network's parameter table, independently of the summary's per-layer numbers
        long tableTotal = 0;
        for (INDArray a : net.model().paramTable().values()) tableTotal += a.length();
        assertEquals(tableTotal, s.params(), "total parameters");
        long weights = 0, active = 0;
        for (WeightLayer w : net.layers()) {
            weights += net.weights(w).length();
            active += w.mask().active();
        }
        assertEquals(weights, s.weights(), "masked weights");
        assertEquals(active, s.active(), "active weights");

        // per layer: parameter counts grouped by the table's key prefix, weight layers by name and order
        List<NetworkSummary.Layer> wl = s.weightLayers();
        assertEquals(net.layers().size(), wl.size(), "weight layers");
        for (int i = 0; i < wl.size(); i++) {
            WeightLayer w = net.layers().get(i);
            assertEquals(w.name(), wl.get(i).name());
            assertEquals(net.weights(w).length(), wl.get(i).weights(), w.name() + " weights");
            assertEquals(w.mask().active(), wl.get(i).active(), w.name() + " active");
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, Arrays.stream(s.inputShape()).reduce(1, (a, b) -> a * b));
        if (net.isGraph()) {
            ComputationGraph g = net.graph();
            Map<String, INDArray> acts = g.feedForward(x, false);
            for (NetworkSummary.Layer l : s.layers()) {
                long p = g.getVertex(l.name()).numParams();
                long fromTable = g.paramTable().entrySet().stream().filter(e -> e.getKey().startsWith(l.name() + "_"))
                        .mapToLong(e -> e.getValue().length()).sum();
                assertEquals(fromTable, l.params(), l.name() + " parameters");
                assertEquals(p, l.params(), l.name() + " parameters (vertex)");
                assertArrayEquals(withoutBatch(acts.get(l.name()).shape()), l.outputShape(), l.name() + " output shape");
            }
        } else {
            MultiLayerNetwork m = net.net();
            List<INDArray> acts = m.feedForward(x, false); // [input, layer 0, layer 1, ...]
            assertEquals(m.getLayers().length, s.layers().size(), "layers");
            for (int i = 0; i < s.layers().size(); i++) {
                NetworkSummary.Layer l = s.layers().get(i);
                String prefix = i + "_";
                long fromTable = m.paramTable().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                        .mapToLong(e -> e.getValue().length()).sum();
                assertEquals(fromTable, l.params(), l.name() + " parameters");
                assertArrayEquals(withoutBatch(acts.get(i + 1).shape()), l.outputShape(), l.name() + " output shape");
            }
        }
    }

    @Test
    void paperCnnHasItsFiveConvolutionsAndShrinkingMaps() {
        NetworkSummary s = NetworkSummary.of(sample("cifar10-paper-cnn.json"));
        List<NetworkSummary.Layer> conv = s.layers().stream().filter(l -> l.kind().equals("conv")).toList();
        assertEquals(List.of("conv1", "conv2", "conv3", "conv4", "conv5"), conv.stream().map(NetworkSummary.Layer::name).toList());
        // hand count: 3x3 kernels, in -> out channels 3-32-64-64-128-128, then 128 -> 10 output
        long[][] io = {{3, 32}, {32, 64}, {64, 64}, {64, 128}, {128, 128}};
        long weights = 128 * 10;
        for (int i = 0; i < io.length; i++) {
            assertEquals(io[i][0] * io[i][1] * 9, conv.get(i).weights());
            assertEquals(io[i][0] * io[i][1] * 9 + io[i][1], conv.get(i).params(), "kernel + bias");
            weights += io[i][0] * io[i][1] * 9;
        }
        assertEquals(weights, s.weights());
        assertArrayEquals(new long[]{32, 16, 16}, s.layers().stream().filter(l -> l.name().equals("pool1")).findFirst()
                .orElseThrow().outputShape());
        assertArrayEquals(new long[]{10}, s.layers().get(s.layers().size() - 1).outputShape());
        assertTrue(s.density() < 0.11 && s.density() > 0.09, "ERK at 10 %: " + s.density());
    }

    private static long[] withoutBatch(long[] shape) {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }
}
