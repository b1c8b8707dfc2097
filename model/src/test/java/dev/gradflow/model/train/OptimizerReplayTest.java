package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.ScheduleSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every optimizer, replayed: a tiny masked tanh MLP (5-6-5-3, density 0.5, softmax cross-entropy) is trained by the
 * engine for {@value #STEPS} full-batch updates, and the same updates are computed here in double precision from the
 * engine's initial parameters, with this file's own forward and backward pass and {@link OptimizerReplay}'s
 * torch.optim rules: plain, with a large epsilon, with L2, with decoupled weight decay, and under a warm-up + cosine
 * schedule. After every
 * update, the engine's weights and biases must match the replay to {@value #TOLERANCE} of the size of the change so
 * far ({@code max |engine - replay| / max |replay - initial|}), and masked weights and every optimizer state at masked
 * positions must be exactly 0 (Adamax: exactly eps, torch's value there). The largest deviation per optimizer is
 * printed at the end (issue 10 asks for it in the closing note).
 */
class OptimizerReplayTest {
    static final int STEPS = 6, N = 16, FEATURES = 5, CLASSES = 3;
    static final double TOLERANCE = 1e-4;
    static final double L2 = 0.01, WD = 0.1;
    /** type -> variant -> largest deviation over all updates and parameter groups. */
    private static final Map<String, Map<String, Double>> DEVIATIONS = new TreeMap<>();

    /**
     * PLAIN: torch's default epsilon; EPSILON: a large epsilon (0.01, Adadelta 0.1), comparable to sqrt of the second
     * moments, so that where epsilon enters the rule (outside the root, after the bias correction, added to |g|) shows.
     */
    enum Variant { PLAIN, EPSILON, L2, WEIGHT_DECAY, SCHEDULE }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (OptimizerSpec.Type type : OptimizerSpec.Type.values()) {
            for (Variant v : Variant.values()) out.add(Arguments.of(type, v));
        }
        return out.stream();
    }

    static double learningRate(OptimizerSpec.Type type) {
        return switch (type) {
            case SGD -> 0.2;
            case MOMENTUM, NESTEROV, ADAGRAD -> 0.05;
            case AMSGRAD -> 0.05; // larger steps move the gradients enough for the running maximum to matter
            case ADADELTA -> 1.0;
            default -> 0.01;
        };
    }

    static OptimizerSpec optimizer(OptimizerSpec.Type type, Variant v) {
        ScheduleSpec schedule = v == Variant.SCHEDULE
                ? ScheduleSpec.of(ScheduleSpec.Type.COSINE).withWarmupSteps(2).withMinLearningRate(0.1 * learningRate(type)) : ScheduleSpec.constant();
        // beta2 0.9 and rmsDecay 0.9 make the second moments move within six steps (AMSGrad's maximum then matters);
        // weight decay left out takes the type's default (adamw: 0.01)
        Double eps = v == Variant.EPSILON ? (type == OptimizerSpec.Type.ADADELTA ? 0.1 : 0.01) : null;
        return OptimizerSpec.builder(type).learningRate(learningRate(type)).momentum(0.9).beta1(0.8).beta2(0.9).epsilon(eps).rmsDecay(0.9).schedule(schedule).l2(v == Variant.L2 ? L2 : 0.0).weightDecay(v == Variant.WEIGHT_DECAY ? WD : null).build();
    }

    /** The documented schedule (docs/spec.md), written out here: lr at update index t = 0, 1, ... */
    static double scheduledRate(OptimizerSpec o, long t, long total) {
        ScheduleSpec s = o.schedule();
        double lr = o.learningRate();
        if (t < s.warmupSteps()) return lr * (t + 1) / s.warmupSteps();
        if (s.type() == ScheduleSpec.Type.CONSTANT) return lr;
        assertThat(s.type()).isEqualTo(ScheduleSpec.Type.COSINE);
        double span = total - s.warmupSteps();
        double frac = Math.min(t - s.warmupSteps(), span) / span;
        return s.minLearningRate() + (lr - s.minLearningRate()) * (1 + Math.cos(Math.PI * frac)) / 2;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void engineMatchesTheDoublePrecisionReplay(OptimizerSpec.Type type, Variant variant) {
        OptimizerSpec opt = optimizer(type, variant);
        ExperimentSpec spec = TinySpecs.spec(13, List.of(LayerSpec.of(6, Activation.TANH), LayerSpec.of(5, Activation.TANH)),
                TinySpecs.uniform(0.5), opt, N, STEPS, 0, N);
        DatasetSplit data = TinySpecs.split(N, 6, FEATURES, CLASSES, 1.0, 21);
        Trainer trainer = new Trainer(spec, data);
        assertThat(trainer.totalSteps()).isEqualTo(STEPS);
        SparseNetwork network = trainer.buildNetwork();
        Mlp replay = Mlp.of(network);
        Mlp initial = Mlp.of(network);
        List<Mlp> engine = new ArrayList<>();
        java.util.Map<String, Float> masked = type == OptimizerSpec.Type.ADAMAX
                ? java.util.Map.of("U", (float) (double) opt.epsilon()) : java.util.Map.of();
        trainer.run(network, new TrainingObserver() {
            @Override
            public void progress(long done, long total, double loss, double eps) {
                engine.add(Mlp.of(network));
                Exactness.assertMaskedWeightsAndStateZero(network, network.updater(), network::keyPrefix, masked);
            }
        }, () -> false, false);
        assertThat(engine).hasSize(STEPS);

        int layers = replay.w.length;
        OptimizerReplay[] wOpt = new OptimizerReplay[layers], bOpt = new OptimizerReplay[layers];
        for (int l = 0; l < layers; l++) {
            wOpt[l] = new OptimizerReplay(opt, replay.w[l].length);
            bOpt[l] = new OptimizerReplay(opt, replay.b[l].length);
        }
        Dataset train = data.train();
        double worst = 0;
        for (int t = 0; t < STEPS; t++) {
            double lr = scheduledRate(opt, t, STEPS);
            Mlp.Grad g = replay.gradient(train);
            for (int l = 0; l < layers; l++) {
                double[] gw = g.w()[l];
                for (int i = 0; i < gw.length; i++) gw[i] = gw[i] * replay.mask[l][i] + opt.l2() * replay.w[l][i];
                replay.w[l] = wOpt[l].step(replay.w[l], gw, lr, opt.weightDecay());
                replay.b[l] = bOpt[l].step(replay.b[l], g.b()[l], lr, 0.0);
            }
            double dw = deviation(engine.get(t).w, replay.w, initial.w);
            double db = deviation(engine.get(t).b, replay.b, initial.b);
            assertThat(dw).as("%s %s: weights after update %d, max |engine - replay| / max |change|", type.id(), variant, t + 1)
                    .isLessThanOrEqualTo(TOLERANCE);
            assertThat(db).as("%s %s: biases after update %d", type.id(), variant, t + 1).isLessThanOrEqualTo(TOLERANCE);
            worst = Math.max(worst, Math.max(dw, db));
        }
        if (type == OptimizerSpec.Type.AMSGRAD) {
            int above = 0;
            for (OptimizerReplay r : wOpt) above += r.amsgradMaxAbove();
            assertThat(above).as("AMSGrad's running maximum exceeds the second moment somewhere (the max is exercised)").isPositive();
        }
        synchronized (DEVIATIONS) {
            DEVIATIONS.computeIfAbsent(type.id(), k -> new TreeMap<>()).put(variant.name().toLowerCase(Locale.ROOT), worst);
        }
    }

    /** max |engine - replay| over a parameter group, over max |replay - initial| (the size of the change so far). */
    static double deviation(double[][] engine, double[][] replay, double[][] initial) {
        double diff = 0, change = 0;
        for (int l = 0; l < replay.length; l++) {
            for (int i = 0; i < replay[l].length; i++) {
                diff = Math.max(diff, Math.abs(engine[l][i] - replay[l][i]));
                change = Math.max(change, Math.abs(replay[l][i] - initial[l][i]));
            }
        }
        assertThat(change).as("parameters changed").isPositive();
        return diff / change;
    }

    @AfterAll
    static void printDeviations() {
        StringBuilder sb = new StringBuilder("\nLargest relative deviation engine vs double-precision replay (max |engine - replay|"
                + " / max |change|, over " + STEPS + " updates, weights and biases):\n");
        sb.append(String.format(Locale.ROOT, "%-10s %10s %10s %10s %10s %10s %10s%n", "optimizer", "plain", "epsilon", "l2",
                "decay", "schedule", "max"));
        DEVIATIONS.forEach((type, byVariant) -> {
            double max = byVariant.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            sb.append(String.format(Locale.ROOT, "%-10s %10.2e %10.2e %10.2e %10.2e %10.2e %10.2e%n", type,
                    byVariant.getOrDefault("plain", Double.NaN), byVariant.getOrDefault("epsilon", Double.NaN),
                    byVariant.getOrDefault("l2", Double.NaN),
                    byVariant.getOrDefault("weight_decay", Double.NaN), byVariant.getOrDefault("schedule", Double.NaN), max));
        });
        System.out.println(sb);
    }

    /** The replay's network: per weight layer, row-major weights [nIn * nOut], biases and the mask (0/1). */
    static final class Mlp {
        double[][] w, b, mask;
        int[][] dims;

        static Mlp of(SparseNetwork network) {
            List<WeightLayer> ls = network.layers();
            Mlp m = new Mlp();
            m.w = new double[ls.size()][];
            m.b = new double[ls.size()][];
            m.mask = new double[ls.size()][];
            m.dims = new int[ls.size()][];
            for (WeightLayer l : ls) {
                int k = l.index();
                m.w[k] = toDouble(network.weights(l).dup('c').data().asFloat());
                m.b[k] = toDouble(network.param(l.biasKey()).dup('c').data().asFloat());
                m.mask[k] = toDouble(l.mask().values());
                long[] d = l.mask().shape().dims();
                m.dims[k] = new int[]{(int) d[0], (int) d[1]};
            }
            return m;
        }

        record Grad(double[][] w, double[][] b) { }

        /** Gradient of the mean cross-entropy over all of {@code d}: tanh hidden layers, softmax output. */
        Grad gradient(Dataset d) {
            int layers = w.length;
            double[][] gw = new double[layers][], gb = new double[layers][];
            for (int l = 0; l < layers; l++) {
                gw[l] = new double[w[l].length];
                gb[l] = new double[b[l].length];
            }
            int f = d.featureCount();
            int n = d.size();
            for (int e = 0; e < n; e++) {
                double[][] a = new double[layers + 1][];
                a[0] = new double[f];
                for (int k = 0; k < f; k++) a[0][k] = d.features()[e * f + k];
                for (int l = 0; l < layers; l++) {
                    int nIn = dims[l][0], nOut = dims[l][1];
                    double[] z = new double[nOut];
                    for (int j = 0; j < nOut; j++) {
                        double s = b[l][j];
                        for (int i = 0; i < nIn; i++) s += a[l][i] * w[l][i * nOut + j];
                        z[j] = l < layers - 1 ? Math.tanh(s) : s;
                    }
                    a[l + 1] = z;
                }
                double[] out = a[layers];
                double max = Double.NEGATIVE_INFINITY;
                for (double v : out) max = Math.max(max, v);
                double sum = 0;
                for (double v : out) sum += Math.exp(v - max);
                double[] delta = new double[out.length];
                for (int j = 0; j < out.length; j++) delta[j] = (Math.exp(out[j] - max) / sum - (j == d.labels()[e] ? 1 : 0)) / n;
                for (int l = layers - 1; l >= 0; l--) {
                    int nIn = dims[l][0], nOut = dims[l][1];
                    for (int j = 0; j < nOut; j++) gb[l][j] += delta[j];
                    for (int i = 0; i < nIn; i++) for (int j = 0; j < nOut; j++) gw[l][i * nOut + j] += a[l][i] * delta[j];
                    if (l > 0) {
                        double[] prev = new double[nIn];
                        for (int i = 0; i < nIn; i++) {
                            double s = 0;
                            for (int j = 0; j < nOut; j++) s += w[l][i * nOut + j] * delta[j];
                            prev[i] = s * (1 - a[l][i] * a[l][i]);
                        }
                        delta = prev;
                    }
                }
            }
            return new Grad(gw, gb);
        }

        private static double[] toDouble(float[] v) {
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) out[i] = v[i];
            return out;
        }
    }
}
