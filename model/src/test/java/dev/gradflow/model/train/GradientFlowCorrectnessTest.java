package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The engine's gradient-flow numbers against an independent double-precision computation (the formulas of docs/science.md, section 2). */
class GradientFlowCorrectnessTest {
    private static final int FEATURES = 5, CLASSES = 3;
    private static final double REL = 1e-4;

    private static ExperimentSpec spec(int hidden, double l2, int batch) {
        List<LayerSpec> layers = hidden == 0 ? List.of() : List.of(LayerSpec.of(6, Activation.RELU));
        return TinySpecs.spec(3, layers, TinySpecs.uniform(0.5),
                TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.1, 0.0, l2, 0.0), batch, 1, 1, 24);
    }

    @ParameterizedTest(name = "{0} hidden layer(s)")
    @ValueSource(ints = {0, 1})
    void gradientStatsMatchAHandComputedMeanLossGradient(int hidden) {
        DatasetSplit data = TinySpecs.split(40, 12, FEATURES, CLASSES, 1.0, 5);
        SparseNetwork network = NetworkFactory.build(spec(hidden, 0, 8), FEATURES, CLASSES, 5);
        assertThat(network.layers()).hasSize(hidden + 1);
        assertThat(network.layers()).allMatch(l -> l.mask().active() < l.mask().count());
        Dataset d = data.train();
        int[] all = Batches.identity(d.size());

        Trainer.GradientResult result = Trainer.gradientStats(network, Batches.features(d, all, 0, d.size()),
                Batches.labels(d, all, 0, d.size()), d.size());
        HandGradient hand = HandGradient.of(network, d, all);

        assertThat(result.loss()).isCloseTo(hand.loss, within(REL * hand.loss));
        assertStatsMatch(result.stats(), hand.stats(network));
        assertFlowMatchesPaperFormulas(NetworkFlow.of(result.stats()), hand, network);
    }

    @Test
    void stepZeroRecordDescribesTheMeanGradientOfTheFirstMinibatch() {
        int batch = 8;
        ExperimentSpec spec = spec(1, 0.01, batch);
        DatasetSplit data = TinySpecs.split(40, 12, FEATURES, CLASSES, 1.0, 5);
        Trainer trainer = new Trainer(spec, data);
        SparseNetwork network = trainer.buildNetwork();
        int[] order = Trainer.Subsets.permutation(data.train().size(), NetworkFactory.stream(spec.seed(), "shuffle", 0));
        HandGradient hand = HandGradient.of(network, data.train(), Arrays.copyOf(order, batch));

        TinySpecs.Recorder rec = new TinySpecs.Recorder();
        trainer.run(network, rec, () -> false, true);

        StepRecord first = rec.steps.get(0);
        assertThat(first.step()).isZero();
        assertThat(first.epoch()).isZero();
        assertThat(first.lr()).isEqualTo(0.1);
        // the pure data loss: DL4J's score includes the L2 term, which the record must not
        assertThat(first.loss()).isCloseTo(hand.loss, within(REL * hand.loss));
        assertStatsMatch(first.layers(), hand.stats(network));
        assertFlowMatchesPaperFormulas(first.flow(), hand, network);
    }

    @Test
    void dl4jMeanGradientMatchesFiniteDifferencesOfItsOwnLoss() {
        DatasetSplit data = TinySpecs.split(40, 12, FEATURES, CLASSES, 1.0, 5);
        SparseNetwork network = NetworkFactory.build(spec(1, 0, 8), FEATURES, CLASSES, 5);
        MultiLayerNetwork net = network.net();
        Dataset d = data.train();
        int[] all = Batches.identity(d.size());
        INDArray x = Batches.features(d, all, 0, d.size());
        INDArray y = Batches.labels(d, all, 0, d.size());
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        WeightLayer first = network.layers().get(0);
        INDArray grad = net.gradient().getGradientFor(first.weightKey()).dup();
        INDArray w = network.weights(first);
        float[] mask = first.mask().values();
        long nOut = first.mask().shape().dims()[1];
        List<long[]> coords = new ArrayList<>();
        for (int k = 0; k < mask.length && coords.size() < 3; k++) {
            if (mask[k] != 0f) coords.add(new long[]{k / nOut, k % nOut});
        }
        double h = 1e-3;
        for (long[] c : coords) {
            float orig = w.getFloat(c[0], c[1]);
            w.putScalar(c[0], c[1], orig + h);
            double up = net.score(new DataSet(x, y), false);
            w.putScalar(c[0], c[1], orig - h);
            double down = net.score(new DataSet(x, y), false);
            w.putScalar(c[0], c[1], orig);
            double numeric = (up - down) / (2 * h);
            // DL4J's raw gradient is the minibatch sum; the mean-loss gradient is that over the batch size
            double analytic = grad.getDouble(c[0], c[1]) / d.size();
            assertThat(analytic).as("dC/dW%s", Arrays.toString(c)).isCloseTo(numeric, within(2e-3 + 0.05 * Math.abs(numeric)));
        }
    }

    private static void assertStatsMatch(List<LayerStats> actual, List<LayerStats> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            LayerStats a = actual.get(i), e = expected.get(i);
            String n = e.name();
            assertThat(a.name()).isEqualTo(n);
            assertThat(a.active()).isEqualTo(e.active());
            assertThat(a.weights()).isEqualTo(e.weights());
            assertThat(a.l1All()).as("%s l1All", n).isCloseTo(e.l1All(), within(REL * e.l1All()));
            assertThat(a.l2All()).as("%s l2All", n).isCloseTo(e.l2All(), within(REL * e.l2All()));
            assertThat(a.l1Active()).as("%s l1Active", n).isCloseTo(e.l1Active(), within(REL * e.l1Active()));
            assertThat(a.l2Active()).as("%s l2Active", n).isCloseTo(e.l2Active(), within(REL * e.l2Active()));
            assertThat(e.l1Active()).as("%s: masked gradients are not zero, so active < all", n).isLessThan(e.l1All());
        }
    }

    /** gf_p = ||concat g||_p; EGF_p = (1/L) sum ||g_l (.) M_l||_p; per-active: each layer's norm / its active count. */
    private static void assertFlowMatchesPaperFormulas(NetworkFlow f, HandGradient hand, SparseNetwork network) {
        double gf1 = 0, gf2 = 0, egf1 = 0, egf2 = 0, pa1 = 0, pa2 = 0;
        int layers = network.layers().size();
        for (WeightLayer l : network.layers()) {
            double[][] g = hand.grads.get(l.index());
            float[] mask = l.mask().values();
            double a1 = 0, a2 = 0;
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < g[0].length; j++) {
                    double v = g[i][j];
                    gf1 += Math.abs(v);
                    gf2 += v * v;
                    if (mask[i * g[0].length + j] != 0f) {
                        a1 += Math.abs(v);
                        a2 += v * v;
                    }
                }
            }
            egf1 += a1 / layers;
            egf2 += Math.sqrt(a2) / layers;
            pa1 += a1 / l.mask().active() / layers;
            pa2 += Math.sqrt(a2) / l.mask().active() / layers;
        }
        gf2 = Math.sqrt(gf2);
        assertThat(f.gf1()).as("gf1").isCloseTo(gf1, within(REL * gf1));
        assertThat(f.gf2()).as("gf2").isCloseTo(gf2, within(REL * gf2));
        assertThat(f.egf1()).as("EGF_1").isCloseTo(egf1, within(REL * egf1));
        assertThat(f.egf2()).as("EGF_2").isCloseTo(egf2, within(REL * egf2));
        assertThat(f.egf1PerActive()).as("EGF_1 per active").isCloseTo(pa1, within(REL * pa1));
        assertThat(f.egf2PerActive()).as("EGF_2 per active").isCloseTo(pa2, within(REL * pa2));
    }
}
