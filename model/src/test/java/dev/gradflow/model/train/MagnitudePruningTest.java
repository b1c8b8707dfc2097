package dev.gradflow.model.train;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.PruningSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Magnitude pruning during training: the scheduled densities are reached, the smallest-magnitude weights go, events
 * are reported, and training stays exactly sparse through every pruning event (masked weights and optimizer state 0).
 */
class MagnitudePruningTest {
    private static final DatasetSplit DATA = TinySpecs.split(240, 30, 20, 3, 1.0, 11);

    private static ExperimentSpec spec(double density, PruningSpec pruning) {
        List<LayerSpec> layers = List.of(LayerSpec.of(16, Activation.RELU), LayerSpec.of(12, Activation.RELU));
        // 240 examples, batch 16: 15 steps per epoch, 2 epochs = 30 steps
        return TinySpecs.spec(5, layers, TinySpecs.uniform(density).withPruning(pruning),
                TinySpecs.optimizer(OptimizerSpec.Type.ADAM, 0.01, 0, 0, 0), 16, 2, 1, 32);
    }

    /** Records pre-pruning weights at every step and checks exactness right at every mask event. */
    static class Watcher implements TrainingObserver {
        final List<StepRecord> steps = new ArrayList<>();
        final SparseNetwork network;
        final List<MaskEvent> events = new ArrayList<>();
        final List<float[]> lastWeights = new ArrayList<>();
        final List<float[]> masksBefore = new ArrayList<>();
        final List<float[]> prunedMagnitudes = new ArrayList<>(); // per event: max |w| pruned, min |w| kept (layer)
        int exactnessChecks;

        Watcher(SparseNetwork network) { this.network = network; }

        @Override public void step(StepRecord r) {
            steps.add(r);
            lastWeights.clear();
            masksBefore.clear();
            for (WeightLayer l : network.layers()) {
                lastWeights.add(network.weights(l).dup('c').data().asFloat());
                masksBefore.add(l.mask().values());
            }
        }

        @Override public void maskEvent(MaskEvent e) {
            events.add(e);
            WeightLayer l = network.layers().get(e.layer());
            assertThat(e.name()).isEqualTo(l.name());
            assertThat(e.densityAfter()).isEqualTo(l.mask().density()).isLessThan(e.densityBefore());
            float[] before = masksBefore.get(e.layer()), now = l.mask().values(), w = lastWeights.get(e.layer());
            float maxPruned = 0, minKept = Float.MAX_VALUE;
            for (int k = 0; k < now.length; k++) {
                if (before[k] != 0f && now[k] == 0f) maxPruned = Math.max(maxPruned, Math.abs(w[k]));
                if (now[k] != 0f) {
                    minKept = Math.min(minKept, Math.abs(w[k]));
                    assertThat(before[k]).as("pruning never revives a weight").isEqualTo(1f);
                }
            }
            prunedMagnitudes.add(new float[]{maxPruned, minKept});
            exactnessChecks += Exactness.assertMaskedWeightsAndStateZero(network, network.updater(), network::keyPrefix);
        }
    }

    private static Watcher train(ExperimentSpec spec) {
        Trainer trainer = new Trainer(spec, DATA);
        assertThat(trainer.totalSteps()).isEqualTo(30);
        SparseNetwork n = trainer.buildNetwork();
        Watcher w = new Watcher(n);
        assertThat(trainer.run(n, w, () -> false, true).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(Exactness.assertMaskedWeightsAndStateZero(n, n.updater(), n::keyPrefix)).isGreaterThanOrEqualTo(6);
        return w;
    }

    @Test
    void gradualPruningFollowsTheCubicScheduleAndStaysExact() {
        PruningSpec p = PruningSpec.gradual(4, 20, 4, 0.2);
        Watcher w = train(spec(0.8, p));
        // pruning steps 4 (= start: nothing to do), 8, 12, 16, 20; three weight layers each
        assertThat(w.events).extracting(MaskEvent::step).containsExactly(8L, 8L, 8L, 12L, 12L, 12L, 16L, 16L, 16L, 20L, 20L, 20L);
        for (MaskEvent e : w.events) {
            long count = w.network.layers().get(e.layer()).mask().count();
            double scheduled = PruningSpec.scheduledDensity(0.8, 0.2, 4, 20, e.step());
            assertThat(e.densityAfter()).as("%s at %d", e.name(), e.step())
                    .isCloseTo((double) Math.round(scheduled * count) / count, within(1e-12));
        }
        for (WeightLayer l : w.network.layers()) {
            assertThat(l.mask().density()).isCloseTo((double) Math.round(0.2 * l.mask().count()) / l.mask().count(), within(1e-12));
            assertThat(l.mask().active()).isEqualTo(l.activeIndices.length);
        }
        for (float[] m : w.prunedMagnitudes) assertThat(m[0]).as("pruned by magnitude").isLessThanOrEqualTo(m[1]);
        assertThat(w.exactnessChecks).isGreaterThan(0);
        // the listener measures against the new masks: active counts in the step records follow the pruning
        var last = w.steps.get(w.steps.size() - 1).layers();
        for (int i = 0; i < last.size(); i++) assertThat(last.get(i).active()).isEqualTo(w.network.layers().get(i).mask().active());
    }

    @Test
    void oneShotPerLayerWithRewindRestoresInitialWeights() {
        ExperimentSpec spec = spec(1.0, PruningSpec.oneShot(10, 0.3, PruningSpec.Scope.LAYER, true));
        Trainer trainer = new Trainer(spec, DATA);
        SparseNetwork n = trainer.buildNetwork();
        List<float[]> init = new ArrayList<>();
        for (WeightLayer l : n.layers()) init.add(n.weights(l).dup('c').data().asFloat());
        List<Boolean> rewound = new ArrayList<>();
        Watcher w = new Watcher(n) {
            @Override public void maskEvent(MaskEvent e) {
                WeightLayer l = network.layers().get(e.layer());
                float[] now = network.weights(l).dup('c').data().asFloat(), m = l.mask().values(), w0 = init.get(e.layer());
                boolean same = true;
                for (int k = 0; k < m.length; k++) same &= m[k] == 0f ? now[k] == 0f : now[k] == w0[k];
                rewound.add(same);
                events.add(e);
                // every optimizer state of the rewound weights starts over at 0
                for (var block : network.updater().getUpdaterBlocks()) {
                    if (block.getGradientUpdater().getState() == null) continue;
                    for (var ps : block.getLayersAndVariablesInBlock()) {
                        if (!(network.keyPrefix(ps.getLayer()) + "_" + ps.getParamName()).equals(l.weightKey())) continue;
                        long start = ps.getParamOffsetStart() - block.getLayersAndVariablesInBlock().get(0).getParamOffsetStart();
                        for (org.nd4j.linalg.api.ndarray.INDArray s : ((java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray>) block.getGradientUpdater().getState()).values()) {
                            for (long k = 0; k < m.length; k++) assertThat(s.getDouble(start + k)).isEqualTo(0.0);
                        }
                    }
                }
            }
        };
        assertThat(trainer.run(n, w, () -> false, true).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(w.events).extracting(MaskEvent::step).containsExactly(10L, 10L, 10L);
        assertThat(rewound).containsOnly(true).hasSize(3);
        for (WeightLayer l : n.layers()) {
            assertThat(l.mask().density()).isCloseTo((double) Math.round(0.3 * l.mask().count()) / l.mask().count(), within(1e-12));
        }
        assertThat(Exactness.assertMaskedWeightsAndStateZero(n, n.updater(), n::keyPrefix)).isGreaterThanOrEqualTo(6);
    }

    @Test
    void oneShotGlobalUsesOneThresholdAndKeepsTrainedWeights() {
        Watcher w = train(spec(0.9, PruningSpec.oneShot(10, 0.25, PruningSpec.Scope.GLOBAL, false)));
        assertThat(w.events).isNotEmpty().extracting(MaskEvent::step).containsOnly(10L);
        long all = 0, active = 0;
        for (WeightLayer l : w.network.layers()) {
            all += l.mask().count();
            active += l.mask().active();
        }
        assertThat(active).isEqualTo(Math.round(0.25 * all));
        // one global threshold: every weight pruned anywhere is no larger than every weight kept anywhere
        float maxPruned = 0, minKept = Float.MAX_VALUE;
        for (float[] m : w.prunedMagnitudes) {
            maxPruned = Math.max(maxPruned, m[0]);
            minKept = Math.min(minKept, m[1]);
        }
        assertThat(maxPruned).isLessThanOrEqualTo(minKept);
        assertThat(w.exactnessChecks).isGreaterThan(0);
    }
}
