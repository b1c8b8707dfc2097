package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.EvaluationSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.InitSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.TrainingSpec;

import java.util.List;
import java.util.SplittableRandom;

/** Tiny synthetic data and specs for fast engine tests. */
public final class TinySpecs {
    private TinySpecs() {
    }

    /** Gaussian blobs: {@code n} examples of {@code features} values, class k centred at +scale on feature k. */
    public static Dataset blobs(String name, int n, int features, int classes, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int f = 0; f < features; f++) {
                double centre = f % classes == y[i] ? 1.0 : 0.0;
                x[i * features + f] = (float) (scale * (centre + 0.5 * rng.nextGaussian()));
            }
        }
        return new Dataset(name, x, y, new int[]{features}, classes);
    }

    public static DatasetSplit split(int train, int test, int features, int classes, double scale, long seed) {
        return new DatasetSplit(blobs("train", train, features, classes, scale, seed),
                blobs("test", test, features, classes, scale, seed + 1), "test-checksum", "synthetic (test)");
    }

    public static ExperimentSpec spec(long seed, List<LayerSpec> layers, SparsitySpec sparsity, OptimizerSpec opt,
                                      int batchSize, int epochs, int evalPoints, int evalExamples) {
        return ExperimentSpec.defaults().withName("tiny").withSeed(seed)
                .withDataset(DatasetSpec.of(DatasetSpec.DatasetId.BLOBS)).withArchitecture(ArchitectureSpec.mlp(layers))
                .withSparsity(sparsity).withOptimizer(opt)
                .withTraining(TrainingSpec.defaults().withBatchSize(batchSize).withEpochs(epochs).withLogEvery(1))
                .withEvaluation(EvaluationSpec.defaults().withPoints(evalPoints).withExamples(evalExamples)
                        .withSnapshots(false));
    }

    public static SparsitySpec uniform(double density) {
        return SparsitySpec.uniform(density);
    }

    public static OptimizerSpec optimizer(OptimizerSpec.Type type, double lr, double momentum, double l2, double weightDecay) {
        return OptimizerSpec.builder(type).learningRate(lr).momentum(momentum).l2(l2).weightDecay(weightDecay).build();
    }

    /** Records everything a run reports. */
    public static class Recorder implements TrainingObserver {
        public final List<dev.gradflow.model.metrics.StepRecord> steps = new java.util.ArrayList<>();
        public final List<dev.gradflow.model.metrics.EvalPoint> evals = new java.util.ArrayList<>();
        public final List<dev.gradflow.model.metrics.EpochRecord> epochs = new java.util.ArrayList<>();
        public final List<dev.gradflow.model.metrics.Snapshot> snapshots = new java.util.ArrayList<>();
        public long progressCalls;

        @Override public void step(dev.gradflow.model.metrics.StepRecord r) { steps.add(r); }
        @Override public void eval(dev.gradflow.model.metrics.EvalPoint p) { evals.add(p); }
        @Override public void epoch(dev.gradflow.model.metrics.EpochRecord e) { epochs.add(e); }
        @Override public void snapshot(dev.gradflow.model.metrics.Snapshot s) { snapshots.add(s); }
        @Override public void progress(long done, long total, double loss, double eps) { progressCalls = done; }
    }
}
