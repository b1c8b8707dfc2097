package dev.gradflow.model.bench;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.EvaluationSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.InitSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.TrainingSpec;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.train.SparseNetwork;
import dev.gradflow.model.train.Trainer;
import dev.gradflow.model.train.TrainingObserver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code gradflow bench}: trains the fmnist-mlp-sparse90 shape (784-1000-1000-10, ReLU, 90% of every layer's
 * weights masked, Adam, batch 128) on generated data and prints, from one run: examples/s with per-step gradient-flow
 * logging (every step, records handed to a consumer such as the run store's writer) and without it, their ratio, and
 * the ratio of the step time to the time of the same step's matrix multiplications done alone (the step's floor).
 * Logged and unlogged segments alternate so that drift on a noisy machine affects both alike; medians are reported.
 */
public final class TrainingBenchmark {
    public record Result(double loggedExamplesPerSecond, double unloggedExamplesPerSecond, double loggingOverhead,
                         double stepMillis, double matmulFloorMillis, double floorRatio) {
    }

    private final int batch;
    private final int stepsPerSegment;
    private final int rounds;

    public TrainingBenchmark(int batch, int stepsPerSegment, int rounds) {
        this.batch = batch;
        this.stepsPerSegment = stepsPerSegment;
        this.rounds = rounds;
    }

    public static ExperimentSpec referenceSpec(int batch) {
        List<LayerSpec> layers = List.of(LayerSpec.of(1000, Activation.RELU), LayerSpec.of(1000, Activation.RELU));
        return new ExperimentSpec(ExperimentSpec.CURRENT_VERSION, "bench-fmnist-mlp-sparse90", "benchmark", 1L,
                DatasetSpec.of(DatasetSpec.DatasetId.FASHION_MNIST), new ArchitectureSpec(ArchitectureSpec.Type.MLP, layers),
                new SparsitySpec(0.1, SparsitySpec.Distribution.UNIFORM, null, false, false),
                new InitSpec(InitSpec.Scheme.HE, InitSpec.Law.NORMAL, InitSpec.Fan.DENSE),
                OptimizerSpec.of(OptimizerSpec.Type.ADAM, 1e-3), new TrainingSpec(batch, 1, 1),
                new EvaluationSpec(0, EvaluationSpec.Split.TRAIN, 256, false));
    }

    public Result run(Consumer<StepRecord> sink, PrintStream log) {
        ExperimentSpec spec = referenceSpec(batch);
        int n = batch * stepsPerSegment;
        double timed = (double) batch * (stepsPerSegment - 1); // examples in the timed part of a segment
        DatasetSplit data = new DatasetSplit(generated(n, 1), generated(256, 2), "generated", "generated");
        Trainer trainer = new Trainer(spec, data);
        SparseNetwork network = trainer.buildNetwork();
        long[] logged0 = {0};
        TrainingObserver logged = new TrainingObserver() {
            // Segments restart their step count; number the records consecutively as one long run would.
            @Override public void step(StepRecord r) {
                sink.accept(new StepRecord(logged0[0]++, r.epoch(), r.loss(), r.lr(), r.flow(), r.layers()));
            }
        };
        log.println("warming up ...");
        segment(trainer, network, logged, true);
        double[] withLog = new double[rounds];
        double[] without = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            withLog[r] = segment(trainer, network, logged, true);
            without[r] = segment(trainer, network, logged, false);
            log.printf("round %d/%d: logged %.0f examples/s, unlogged %.0f examples/s%n", r + 1, rounds,
                    timed / withLog[r], timed / without[r]);
        }
        double logged50 = median(withLog), unlogged50 = median(without);
        double floor = matmulFloorSeconds(batch, new int[]{784, 1000, 1000, 10});
        double step = unlogged50 / (stepsPerSegment - 1);
        return new Result(timed / logged50, timed / unlogged50, logged50 / unlogged50 - 1, step * 1e3, floor * 1e3, step / floor);
    }

    /**
     * Seconds for one segment (an epoch over the generated data), timed from the end of the first step to
     * the end of the last: one-off work (the evaluation at initialization of a measured run, end-of-epoch evaluation)
     * is not part of the per-step cost this compares.
     */
    private static double segment(Trainer trainer, SparseNetwork network, TrainingObserver observer, boolean measure) {
        long[] first = {0}, last = {0};
        TrainingObserver timed = new TrainingObserver() {
            @Override public void step(StepRecord r) { observer.step(r); }
            @Override public void progress(long done, long total, double loss, double eps) {
                if (done == 1) first[0] = System.nanoTime();
                last[0] = System.nanoTime();
            }
        };
        trainer.run(network, timed, () -> false, measure);
        return (last[0] - first[0]) / 1e9;
    }

    /**
     * The step's floor: the forward and backward matrix multiplications of the same shapes, done alone with
     * preallocated outputs: forward A_l = A_{l-1} W_l, weight gradients dW_l = A_{l-1}^T dZ_l, and input gradients
     * dA_{l-1} = dZ_l W_l^T for every layer but the first.
     */
    static double matmulFloorSeconds(int batch, int[] widths) {
        int layers = widths.length - 1;
        INDArray[] a = new INDArray[layers + 1];
        INDArray[] w = new INDArray[layers];
        INDArray[] dw = new INDArray[layers];
        INDArray[] dz = new INDArray[layers];
        for (int l = 0; l <= layers; l++) a[l] = Nd4j.rand(DataType.FLOAT, batch, widths[l]);
        for (int l = 0; l < layers; l++) {
            w[l] = Nd4j.rand(DataType.FLOAT, widths[l], widths[l + 1]).castTo(DataType.FLOAT).dup('f');
            dw[l] = Nd4j.create(DataType.FLOAT, new long[]{widths[l], widths[l + 1]}, 'f');
            dz[l] = Nd4j.rand(DataType.FLOAT, batch, widths[l + 1]);
        }
        INDArray[] da = new INDArray[layers];
        for (int l = 1; l < layers; l++) da[l] = Nd4j.create(DataType.FLOAT, batch, widths[l]);
        Runnable step = () -> {
            for (int l = 0; l < layers; l++) Nd4j.gemm(a[l], w[l], a[l + 1], false, false, 1.0, 0.0);
            for (int l = layers - 1; l >= 0; l--) {
                Nd4j.gemm(a[l], dz[l], dw[l], true, false, 1.0, 0.0);
                if (l > 0) Nd4j.gemm(dz[l], w[l], da[l], false, true, 1.0, 0.0);
            }
        };
        for (int i = 0; i < 20; i++) step.run();
        int reps = 60;
        double[] t = new double[5];
        for (int r = 0; r < t.length; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < reps; i++) step.run();
            t[r] = (System.nanoTime() - s) / 1e9 / reps;
        }
        return median(t);
    }

    static Dataset generated(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(10);
        return new Dataset("generated", x, y, new int[]{1, 28, 28}, 10);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static void main(String[] args) {
        List<StepRecord> sink = new ArrayList<>();
        Result r = new TrainingBenchmark(128, 100, 3).run(sink::add, System.out);
        System.out.println(r);
    }
}
