package dev.gradflow.model.train;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.sparse.LayerMask;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.PruningSpec;
import dev.gradflow.model.spec.ScheduleSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code rewind: lottery-ticket} (Frankle &amp; Carbin): a pruning pass of afterSteps updates, magnitude pruning, every
 * parameter back to its initial value times the final mask, a fresh optimizer (state 0, step count 0, schedule from
 * its start), then the full schedule again. Checked right after the rewind, and by training the same initial network
 * with the final masks fixed from the start: the two must end with the same parameters.
 */
class LotteryTicketTest {
    // 48 examples, batch 16: 3 updates per epoch, 3 epochs = 9 updates; the pruning pass is 5 updates
    private static final DatasetSplit DATA = TinySpecs.split(48, 12, 6, 3, 1.0, 17);
    private static final double TARGET = 0.3;

    private static ExperimentSpec spec(PruningSpec pruning) {
        List<LayerSpec> layers = List.of(new LayerSpec(12, Activation.RELU, true, 0.0), new LayerSpec(8, Activation.PRELU, false, 0.0));
        // warm-up then step decay, and Adam's bias corrections: a schedule or step count that did not restart would show
        OptimizerSpec opt = OptimizerSpec.builder(OptimizerSpec.Type.ADAM).learningRate(0.02).schedule(ScheduleSpec.of(ScheduleSpec.Type.STEP).withWarmupSteps(2).withStepSize(3).withGamma(0.5)).build();
        return TinySpecs.spec(5, layers, TinySpecs.uniform(1.0).withPruning(pruning), opt, 16, 3, 2, 16);
    }

    @Test
    void rewindsEverythingAndRetrainsTheFullScheduleWithTheFinalMask() {
        ExperimentSpec ticket = spec(PruningSpec.oneShot(5, TARGET, PruningSpec.Scope.LAYER, PruningSpec.Rewind.LOTTERY_TICKET));
        Trainer trainer = new Trainer(ticket, DATA);
        assertThat(trainer.totalSteps()).isEqualTo(9);
        SparseNetwork network = trainer.buildNetwork();
        Map<String, float[]> initial = params(network);
        List<MaskEvent> events = new ArrayList<>();
        List<float[]> finalMasks = new ArrayList<>();
        TinySpecs.Recorder rec = new TinySpecs.Recorder() {
            @Override
            public void maskEvent(MaskEvent e) {
                events.add(e);
                if (events.size() > 1) return;
                // right after the rewind: nothing trained yet, as at initialization but with the final masks
                assertThat(network.updateCount()).as("update count").isZero();
                float[] state = network.updater().getStateViewArray().dup().data().asFloat();
                for (float s : state) assertThat(s).as("optimizer state").isEqualTo(0f);
                Map<String, float[]> now = params(network);
                for (WeightLayer l : network.layers()) {
                    float[] m = l.mask().values();
                    assertThat(l.mask().active()).isEqualTo(Math.max(1, Math.round(TARGET * l.mask().count())));
                    float[] w0 = initial.get(l.weightKey()), w = now.get(l.weightKey());
                    for (int i = 0; i < m.length; i++) {
                        assertThat(w[i]).as("%s[%d] = initial * mask", l.name(), i).isEqualTo(w0[i] * m[i]);
                    }
                    finalMasks.add(m.clone());
                }
                for (var p : now.entrySet()) {
                    if (network.layers().stream().anyMatch(l -> l.weightKey().equals(p.getKey()))) continue;
                    assertThat(p.getValue()).as("%s back at its initial value", p.getKey()).containsExactly(initial.get(p.getKey()));
                }
            }
        };
        var outcome = trainer.run(network, rec, () -> false, true);
        assertThat(outcome.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(outcome.steps()).as("the full schedule after the pruning pass").isEqualTo(9);
        assertThat(events).hasSize(network.layers().size()).allSatisfy(e -> {
            assertThat(e.step()).isZero();
            assertThat(e.densityBefore()).isEqualTo(1.0);
        });
        assertThat(rec.steps).hasSize(9);
        assertThat(rec.steps.get(0).step()).isZero();
        assertThat(rec.steps.get(0).lr()).as("warm-up starts again").isCloseTo(0.01, within(1e-12));
        assertThat(rec.evals).as("points: 2 = initialization and end (docs/science.md, section 2)").hasSize(2);
        assertThat(rec.epochs).hasSize(3);
        Exactness.assertMaskedWeightsAndStateZero(network, network.updater(), network::keyPrefix);

        // the same initial network, trained with the final masks fixed from the start, ends at the same parameters
        ExperimentSpec fixed = spec(null);
        Trainer plain = new Trainer(fixed, DATA);
        SparseNetwork reference = plain.buildNetwork();
        params(reference).forEach((k, v) -> assertThat(v).as("%s: same initial value", k).containsExactly(initial.get(k)));
        for (WeightLayer l : reference.layers()) {
            l.setMask(LayerMask.of(l.mask().shape(), finalMasks.get(l.index())), reference.weights(l));
        }
        reference.applyMasks();
        plain.run(reference, new TrainingObserver() { }, () -> false, true);
        Map<String, float[]> a = params(network), b = params(reference);
        assertThat(a.keySet()).isEqualTo(b.keySet());
        for (String key : a.keySet()) {
            float[] x = a.get(key), y = b.get(key);
            for (int i = 0; i < x.length; i++) {
                assertThat((double) x[i]).as("%s[%d] ticket vs fixed-mask run", key, i)
                        .isCloseTo(y[i], within(1e-6 + 1e-5 * Math.abs(y[i])));
            }
        }
    }

    @Test
    void weightsRewindKeepsItsMeaning() {
        ExperimentSpec weights = spec(PruningSpec.oneShot(5, TARGET, PruningSpec.Scope.LAYER, true));
        assertThat(weights.sparsity().pruning().rewind()).isEqualTo(PruningSpec.Rewind.WEIGHTS);
        Trainer trainer = new Trainer(weights, DATA);
        SparseNetwork network = trainer.buildNetwork();
        List<Long> updateCountAtRewind = new ArrayList<>();
        var rec = new TinySpecs.Recorder() {
            @Override public void maskEvent(MaskEvent e) { updateCountAtRewind.add(network.updateCount()); }
        };
        var outcome = trainer.run(network, rec, () -> false, true);
        assertThat(outcome.steps()).as("no extra pass: pruning inside the schedule").isEqualTo(9);
        assertThat(updateCountAtRewind).isNotEmpty().allSatisfy(c -> assertThat(c).as("step count continues").isEqualTo(5));
    }

    static Map<String, float[]> params(SparseNetwork n) {
        Map<String, float[]> out = new HashMap<>();
        for (Map.Entry<String, INDArray> e : n.net().paramTable().entrySet()) out.put(e.getKey(), e.getValue().dup('c').data().asFloat());
        return out;
    }
}
