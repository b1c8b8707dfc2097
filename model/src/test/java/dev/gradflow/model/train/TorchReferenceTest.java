package dev.gradflow.model.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.sparse.LayerMask;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-check against torch.optim itself: the parameters after 5 full-batch masked updates of a tiny tanh MLP
 * (5-6-5-3), computed by PyTorch 1.13 in float64 with every optimizer at the spec's defaults, and Adam and RMSprop
 * with L2 on weights only, pasted into {@code torch-reference.json} by {@code torch_reference.py} (both in this
 * package's test resources). NAdam is left out: torch 1.13 has a NAdam bug fixed in torch 2.0, whose rule the engine
 * follows (see the script). Inputs, initial parameters and masks are closed formulas, repeated here. The engine must
 * match to 1e-4 of the size of the change, as in {@link OptimizerReplayTest}.
 */
class TorchReferenceTest {
    static final int N = 16, F = 5, C = 3;
    static final int[][] DIMS = {{5, 6}, {6, 5}, {5, 3}};
    private static final JsonNode FIXTURE = load();
    private static final Map<String, Double> DEVIATIONS = new TreeMap<>();

    private static JsonNode load() {
        try (InputStream in = TorchReferenceTest.class.getResourceAsStream("torch-reference.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> cases() {
        List<String> out = new ArrayList<>();
        FIXTURE.get("cases").fieldNames().forEachRemaining(out::add);
        return out;
    }

    static float f32(double v) {
        return (float) v;
    }

    static float[] inputs() {
        float[] x = new float[N * F];
        for (int e = 0; e < N; e++) {
            for (int k = 0; k < F; k++) x[e * F + k] = f32(1.5 * Math.sin(0.7 * (e * F + k) + 0.3) + (k == e % C ? 1.0 : 0.0));
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void engineMatchesTorchOptim(String name) {
        JsonNode c = FIXTURE.get("cases").get(name);
        OptimizerSpec.Type type = OptimizerSpec.Type.of(name.replace("-l2", ""));
        OptimizerSpec opt = OptimizerSpec.builder(type).learningRate(c.get("learningRate").asDouble()).l2(c.get("l2").asDouble()).build();
        int steps = FIXTURE.get("steps").asInt();
        ExperimentSpec spec = TinySpecs.spec(1, List.of(LayerSpec.of(6, Activation.TANH), LayerSpec.of(5, Activation.TANH)),
                TinySpecs.uniform(0.5), opt, N, steps, 0, N);
        int[] labels = new int[N];
        for (int e = 0; e < N; e++) labels[e] = e % C;
        Dataset train = new Dataset("train", inputs(), labels, new int[]{F}, C);
        DatasetSplit data = new DatasetSplit(train, train, "formula", "torch reference");
        Trainer trainer = new Trainer(spec, data);
        SparseNetwork network = trainer.buildNetwork();
        double[][] initial = new double[DIMS.length][];
        for (WeightLayer l : network.layers()) {
            int k = l.index(), nIn = DIMS[k][0], nOut = DIMS[k][1];
            float[] w = new float[nIn * nOut], m = new float[nIn * nOut], b = new float[nOut];
            for (int i = 0; i < nIn; i++) {
                for (int j = 0; j < nOut; j++) {
                    m[i * nOut + j] = (i + 2 * j + k) % 3 == 0 ? 0f : 1f;
                    w[i * nOut + j] = f32(0.8 * Math.sin(1.3 * (i * nOut + j) + 0.5 * (k + 1)) / Math.sqrt(nIn)) * m[i * nOut + j];
                }
            }
            for (int j = 0; j < nOut; j++) b[j] = f32(0.1 * Math.cos(j + k));
            INDArray weights = network.weights(l);
            l.setMask(LayerMask.of(l.mask().shape(), m), weights);
            weights.assign(Nd4j.create(w, new long[]{nIn, nOut}, 'c'));
            network.param(l.biasKey()).assign(Nd4j.create(b, new long[]{1, nOut}, 'c'));
            initial[k] = new double[w.length];
            for (int i = 0; i < w.length; i++) initial[k][i] = w[i];
        }
        trainer.run(network, new TrainingObserver() { }, () -> false, false);

        double diff = 0, change = 0;
        for (WeightLayer l : network.layers()) {
            int k = l.index();
            float[] w = network.weights(l).dup('c').data().asFloat();
            JsonNode rows = c.get("weights").get(k);
            for (int i = 0; i < DIMS[k][0]; i++) {
                for (int j = 0; j < DIMS[k][1]; j++) {
                    double ref = rows.get(i).get(j).asDouble();
                    int p = i * DIMS[k][1] + j;
                    diff = Math.max(diff, Math.abs(w[p] - ref));
                    change = Math.max(change, Math.abs(ref - initial[k][p]));
                    if (l.mask().values()[p] == 0f) assertThat(w[p]).isEqualTo(0f);
                }
            }
            float[] b = network.param(l.biasKey()).dup('c').data().asFloat();
            for (int j = 0; j < b.length; j++) diff = Math.max(diff, Math.abs(b[j] - c.get("biases").get(k).get(j).asDouble()));
        }
        double deviation = diff / change;
        synchronized (DEVIATIONS) {
            DEVIATIONS.put(name, deviation);
        }
        assertThat(change).isPositive();
        assertThat(deviation).as("%s: max |engine - torch| / max |change|", name).isLessThanOrEqualTo(1e-4);
    }

    @AfterAll
    static void print() {
        StringBuilder sb = new StringBuilder("\nLargest relative deviation engine vs torch.optim " + FIXTURE.get("torch").asText()
                + " (float64), " + FIXTURE.get("steps").asInt() + " updates:\n");
        DEVIATIONS.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-12s %10.2e%n", k, v)));
        System.out.println(sb);
    }
}
