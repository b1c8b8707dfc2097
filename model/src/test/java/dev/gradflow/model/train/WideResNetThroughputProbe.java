package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.spec.EvaluationSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.spec.TrainingSpec;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A benchmark entry point, not a test: measures training throughput of sample-data/specs/cifar10-wide-resnet-small.json
 * on generated 32x32x3 data, with the spec's augmentation and per-step gradient-flow logging, and prints it. Run from
 * the repository root after {@code mvn -B -q -pl model test-compile}:
 * <pre>
 * mvn -B -q -pl model dependency:build-classpath -Dmdep.outputFile=/tmp/model.cp
 * cd model &amp;&amp; java -cp target/classes:target/test-classes:$(cat /tmp/model.cp) \
 *     -Dgradflow.probe.steps=8 dev.gradflow.model.train.WideResNetThroughputProbe
 * </pre>
 */
public final class WideResNetThroughputProbe {
    private WideResNetThroughputProbe() {
    }

    public static void main(String[] args) {
        ExperimentSpec file = SpecIO.read(Path.of("..", "sample-data", "specs", "cifar10-wide-resnet-small.json"));
        int batch = file.training().batchSize(), steps = Integer.getInteger("gradflow.probe.steps", 8);
        ExperimentSpec spec = file.withDescription("")
                .withTraining(TrainingSpec.defaults().withBatchSize(batch).withEpochs(1).withLogEvery(1))
                .withEvaluation(new EvaluationSpec(0, EvaluationSpec.Split.TRAIN, 256, false));
        DatasetSplit data = new DatasetSplit(generated(batch * steps, 1), generated(256, 2), "generated", "generated");
        Trainer warm = new Trainer(spec, new DatasetSplit(generated(batch * 2, 3), generated(256, 2), "g", "g"));
        warm.run(new TrainingObserver() { }, () -> false);
        Trainer trainer = new Trainer(spec, data);
        SparseNetwork n = trainer.buildNetwork();
        System.out.printf("weight layers %d, weights %d, density %.4f%n", n.layers().size(),
                n.layers().stream().mapToLong(l -> l.mask().count()).sum(), n.density());
        for (boolean measure : new boolean[]{true, false}) {
            long t0 = System.nanoTime();
            trainer.run(n, new TrainingObserver() { }, () -> false, measure);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("THROUGHPUT logging=%s: %d steps of batch %d in %.2f s = %.1f examples/s%n",
                    measure, steps, batch, s, batch * steps / s);
        }
    }

    static Dataset generated(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(10);
        return new Dataset("generated", x, y, new int[]{3, 32, 32}, 10);
    }
}
