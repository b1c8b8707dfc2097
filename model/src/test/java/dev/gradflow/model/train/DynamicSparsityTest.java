package dev.gradflow.model.train;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.DynamicSparsitySpec.Decay;
import dev.gradflow.model.spec.DynamicSparsitySpec.Type;
import dev.gradflow.model.spec.DynamicSparsitySpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Dynamic sparse training (SET, RigL): exact masks and optimizer state at every update, drop/regrow counts from the
 * schedule computed here independently, RigL's regrowth against a double-precision hand computation of the dense
 * gradient, SET deterministic under its seed.
 */
class DynamicSparsityTest {
    // 240 examples, batch 16: 15 updates per epoch, 2 epochs = 30 updates
    private static final DatasetSplit DATA = TinySpecs.split(240, 30, 20, 3, 1.0, 11);
    private static final int BATCH = 16, PER_EPOCH = 15;
    private static final long SEED = 5;

    private static ExperimentSpec spec(DynamicSparsitySpec d) {
        List<LayerSpec> layers = List.of(LayerSpec.of(16, Activation.RELU), LayerSpec.of(12, Activation.RELU));
        return TinySpecs.spec(SEED, layers, TinySpecs.uniform(0.5).withDynamic(d),
                TinySpecs.optimizer(OptimizerSpec.Type.ADAM, 0.01, 0, 0, 0), BATCH, 2, 2, 32);
    }

    /** f(t) written out here from docs/science.md, independently of DynamicSparsitySpec. */
    private static double cosineF(double alpha, long t, long end) {
        return t >= end ? 0 : alpha / 2 * (1 + Math.cos(Math.PI * t / end));
    }

    /** Records mask events and, for RigL, the hand-computed dense gradient of each mask update's minibatch. */
    static class Watcher implements TrainingObserver {
        final SparseNetwork network;
        final List<MaskEvent> events = new ArrayList<>();
        final Map<Long, List<double[][]>> handGradient = new HashMap<>(); // by mask-update step t
        DynamicSparsitySpec dyn;
        int exactnessChecks, rigLChecks;

        Watcher(SparseNetwork network, DynamicSparsitySpec dyn) {
            this.network = network;
            this.dyn = dyn;
        }

        @Override public void step(StepRecord r) {
            long s = r.step(); // update s done; the next update is index s + 1, after which t = s + 2 updates are done
            if (dyn.type() == Type.RIGL && dyn.isUpdateStep(s + 2)) {
                int next = (int) (s + 1), epoch = next / PER_EPOCH, from = (next % PER_EPOCH) * BATCH;
                int[] order = Trainer.Subsets.permutation(DATA.train().size(), NetworkFactory.stream(SEED, "shuffle", epoch));
                int[] batch = java.util.Arrays.copyOfRange(order, from, from + BATCH);
                handGradient.put(s + 2, HandGradient.of(network, DATA.train(), batch).grads);
            }
        }
    }

    private record Run(Watcher watcher, SparseNetwork network) {
    }

    private static Run train(DynamicSparsitySpec d, boolean checkEveryEvent) {
        ExperimentSpec spec = spec(d);
        Trainer trainer = new Trainer(spec, DATA);
        assertThat(trainer.totalSteps()).isEqualTo(30);
        SparseNetwork n = trainer.buildNetwork();
        List<float[]> masks = new ArrayList<>();
        for (WeightLayer l : n.layers()) masks.add(l.mask().values());
        Watcher w = new Watcher(n, d) {
            @Override public void maskEvent(MaskEvent e) {
                events.add(e);
                WeightLayer l = network.layers().get(e.layer());
                float[] before = masks.get(e.layer()), now = l.mask().values();
                float[] weights = network.weights(l).dup('c').data().asFloat();
                long dropped = 0, regrown = 0;
                List<Integer> grown = new ArrayList<>();
                for (int k = 0; k < now.length; k++) {
                    if (before[k] != 0f && now[k] == 0f) dropped++;
                    if (before[k] == 0f && now[k] != 0f) {
                        regrown++;
                        grown.add(k);
                        assertThat(weights[k]).as("regrown weight starts at exactly 0").isEqualTo(0f);
                        for (float s : stateAt(network, l, k)) assertThat(s).as("optimizer state of a regrown weight").isEqualTo(0f);
                    }
                }
                assertThat(e.dropped()).isEqualTo(dropped);
                assertThat(e.regrown()).isEqualTo(regrown);
                assertThat(e.densityAfter()).isEqualTo(e.densityBefore()).isEqualTo(l.mask().density());
                if (dyn.type() == Type.RIGL) {
                    double[][] g = handGradient.get(e.step()).get(e.layer());
                    int cols = g[0].length;
                    // expected: the `regrown` inactive-before positions with the largest |g| (double precision)
                    List<Integer> inactive = new ArrayList<>();
                    for (int k = 0; k < before.length; k++) if (before[k] == 0f) inactive.add(k);
                    inactive.sort((a, b) -> Double.compare(Math.abs(g[b / cols][b % cols]), Math.abs(g[a / cols][a % cols])));
                    assertThat(new TreeSet<>(grown)).as("RigL regrows the top-k |dense gradient| at %d, %s", e.step(), e.name())
                            .isEqualTo(new TreeSet<>(inactive.subList(0, (int) regrown)));
                    rigLChecks++;
                }
                masks.set(e.layer(), now);
                if (checkEveryEvent && e.layer() == network.layers().size() - 1) {
                    exactnessChecks += Exactness.assertMaskedWeightsAndStateZero(network, network.updater(), network::keyPrefix);
                }
            }
        };
        assertThat(trainer.run(n, w, () -> false, true).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(Exactness.assertMaskedWeightsAndStateZero(n, n.updater(), n::keyPrefix)).isGreaterThanOrEqualTo(6);
        return new Run(w, n);
    }

    /** Every optimizer state value of layer l's weight at row-major position k. */
    static List<Float> stateAt(SparseNetwork network, WeightLayer l, int k) {
        List<Float> out = new ArrayList<>();
        for (UpdaterBlock block : network.updater().getUpdaterBlocks()) {
            if (block.getGradientUpdater() == null || block.getGradientUpdater().getState() == null) continue;
            long blockStart = block.getLayersAndVariablesInBlock().get(0).getParamOffsetStart();
            for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                if (!(network.keyPrefix(ps.getLayer()) + "_" + ps.getParamName()).equals(l.weightKey())) continue;
                long start = ps.getParamOffsetStart() - blockStart;
                int mem = Exactness.memoryIndex(k, l.mask().shape().dims(), network.weights(l).ordering());
                for (Object s : block.getGradientUpdater().getState().values()) out.add(((INDArray) s).getFloat(start + mem));
            }
        }
        assertThat(out).as("optimizer state arrays of %s", l.name()).isNotEmpty();
        return out;
    }

    @Test
    void setCountsFollowTheCosineScheduleAndTrainingStaysExact() {
        DynamicSparsitySpec d = DynamicSparsitySpec.of(Type.SET, 5, 0.3, Decay.COSINE, 25L);
        Run r = train(d, true);
        // update steps 5, 10, 15, 20 (25 = endStep: f = 0, no update); three sparse layers each
        assertThat(r.watcher.events).extracting(MaskEvent::step).containsExactly(5L, 5L, 5L, 10L, 10L, 10L, 15L, 15L, 15L, 20L, 20L, 20L);
        for (MaskEvent e : r.watcher.events) {
            WeightLayer l = r.network.layers().get(e.layer());
            long expected = Math.round(cosineF(0.3, e.step(), 25) * l.mask().active());
            assertThat(e.dropped()).as("%s at %d", e.name(), e.step()).isEqualTo(expected).isPositive();
            assertThat(e.regrown()).isEqualTo(expected);
        }
        assertThat(r.watcher.exactnessChecks).isGreaterThanOrEqualTo(4 * 6);
        // ever-active fraction grows monotonically per layer and starts above the density
        Map<Integer, Double> last = new HashMap<>();
        for (MaskEvent e : r.watcher.events) {
            assertThat(e.everActive()).isGreaterThan(last.getOrDefault(e.layer(), e.densityBefore()) - 1e-12);
            last.put(e.layer(), e.everActive());
        }
        // the listener measures against the updated masks
        for (WeightLayer l : r.network.layers()) assertThat(l.mask().active()).isEqualTo(l.activeIndices.length);
    }

    @Test
    void constantDecayDropsTheSameFractionAtEveryUpdate() {
        DynamicSparsitySpec d = DynamicSparsitySpec.of(Type.SET, 7, 0.2, Decay.CONSTANT, null);
        Run r = train(d, false);
        assertThat(r.watcher.events).extracting(MaskEvent::step).containsExactly(7L, 7L, 7L, 14L, 14L, 14L, 21L, 21L, 21L, 28L, 28L, 28L);
        for (MaskEvent e : r.watcher.events) {
            long active = r.network.layers().get(e.layer()).mask().active();
            assertThat(e.dropped()).isEqualTo(Math.round(0.2 * active));
        }
    }

    @Test
    void riglRegrowsTheLargestDenseGradientPositionsOfTheMinibatch() {
        DynamicSparsitySpec d = DynamicSparsitySpec.of(Type.RIGL, 5, 0.3, Decay.COSINE, 25L);
        Run r = train(d, true);
        assertThat(r.watcher.rigLChecks).isEqualTo(12);
        assertThat(r.watcher.exactnessChecks).isGreaterThanOrEqualTo(4 * 6);
    }

    @Test
    void setIsDeterministicUnderItsSeed() {
        DynamicSparsitySpec d = DynamicSparsitySpec.of(Type.SET, 5, 0.3, Decay.COSINE, 25L);
        Run a = train(d, false), b = train(d, false);
        assertThat(a.watcher.events).isEqualTo(b.watcher.events);
        for (int i = 0; i < a.network.layers().size(); i++) {
            WeightLayer la = a.network.layers().get(i), lb = b.network.layers().get(i);
            assertThat(la.mask().values()).isEqualTo(lb.mask().values());
            assertThat(a.network.weights(la).dup('c').data().asFloat()).isEqualTo(b.network.weights(lb).dup('c').data().asFloat());
        }
    }

    @Test
    void dropsTheSmallestMagnitudesAndRegrowsOnlyAmongPreviouslyInactive() {
        float[] w = {0.5f, -0.1f, 0f, 0.3f, -0.05f, 0f, 0.2f, 0f};
        float[] m = {1, 1, 0, 1, 1, 0, 1, 0};
        assertThat(DynamicSparsity.smallestActive(w, m, 2)).containsExactly(4, 1);
        float[] g = {9, 9, 0.4f, 9, 9, -0.7f, 9, 0.4f};
        assertThat(DynamicSparsity.largestInactive(g, m, 2)).containsExactly(5, 2); // tie 0.4: lower position first
        int[] rnd = DynamicSparsity.randomInactive(m, 3, NetworkFactory.stream(1, "set-regrow", 5));
        assertThat(rnd).containsExactlyInAnyOrder(2, 5, 7);
        assertThat(cosineF(0.3, 0, 10)).isCloseTo(DynamicSparsitySpec.of(Type.RIGL, 1, 0.3, Decay.COSINE, 10L).dropFractionAt(0), within(1e-15));
    }
}
