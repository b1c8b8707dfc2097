package dev.gradflow.model.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.train.SparseKernels;
import dev.gradflow.model.train.SparseNetwork;
import dev.gradflow.model.train.Trainer;
import dev.gradflow.model.train.TrainingObserver;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gradflow bench --density-curve}: step time against density for dense and sparse kernels
 * (docs/performance.md, "Sparse kernels"). For each density d, the spec is trained with a uniform density d in every
 * weight layer ({@code sparsity: {density: d, distribution: uniform}}) once with {@code training.kernels: dense} and
 * once with {@code sparse}, as {@link SpecBenchmark} trains it (one epoch of {@code steps} batches per segment, fixed
 * masks). Per round, each kernel trains one unlogged segment (nothing measured) and one logged segment
 * ({@code logEvery: 1}: every step measured, so sparse layers compute the full weight gradient there, records
 * discarded), the kernel order alternating between rounds (ABBA) so that drift of a loaded machine's speed hits
 * both alike. Each step but a segment's first is timed (end of the previous step to the end of this one); the
 * figure is the median over all timed steps of the rounds, robust to a loaded machine's bursts. One warm-up segment
 * of each kind per network is not timed. The hidden layers' products alone are timed as well
 * ({@link #kernelMillis}).
 */
public final class DensityCurve {
    /** The densities of the curve (issue 12). */
    public static final double[] DENSITIES = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0};

    /**
     * Median milliseconds of one density: whole steps (unlogged and logged, each kernel) and the hidden layers'
     * matrix products alone ({@code *KernelMillis}: forward, weight gradient and input gradient of every hidden
     * layer, as DL4J's gemm calls or as {@link SparseKernels} over the active weights).
     */
    public record Point(double density, double denseUnloggedMillis, double sparseUnloggedMillis,
                        double denseLoggedMillis, double sparseLoggedMillis, double denseKernelMillis,
                        double sparseKernelMillis) {
        /** Sparse over dense step time, unlogged steps (below 1: sparse kernels are faster). */
        public double unloggedRatio() { return sparseUnloggedMillis / denseUnloggedMillis; }

        /** Sparse over dense step time, logged steps. */
        public double loggedRatio() { return sparseLoggedMillis / denseLoggedMillis; }

        /** Sparse over dense time of the hidden layers' products alone. */
        public double kernelRatio() { return sparseKernelMillis / denseKernelMillis; }
    }

    public record Result(String spec, String data, int batch, int stepsPerSegment, int rounds, String nd4jBinary,
                         int cores, List<Point> points) { }

    private final int steps;
    private final int rounds;

    public DensityCurve(int steps, int rounds) {
        if (steps < 3 || rounds < 1) throw new IllegalArgumentException("steps >= 3 and rounds >= 1");
        this.steps = steps;
        this.rounds = rounds;
    }

    /** The spec at a uniform density with the given kernels, as the bench trains it. */
    static ExperimentSpec at(ExperimentSpec spec, Integer batch, double density, String kernels, int logEvery) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            ObjectNode tree = (ObjectNode) mapper.readTree(SpecIO.toJson(SpecBenchmark.benchSpec(spec, batch, logEvery)));
            ObjectNode sparsity = mapper.createObjectNode();
            sparsity.put("density", density);
            sparsity.put("distribution", "uniform");
            tree.set("sparsity", sparsity);
            tree.with("training").put("kernels", kernels);
            tree.put("name", spec.name() + " density " + density + " " + kernels);
            return SpecIO.parse(mapper.writeValueAsString(tree), spec.name() + " (density curve)");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Result run(ExperimentSpec spec, Integer batchOverride, List<Path> dataDirs, double[] densities, PrintStream log) {
        ExperimentSpec probe = SpecBenchmark.benchSpec(spec, batchOverride);
        int batch = probe.training().batchSize();
        DatasetSplit data = SpecBenchmark.data(probe, dataDirs, batch * steps, log);
        List<Point> points = new ArrayList<>();
        log.printf("density curve of %s: batch %d, %d steps per segment, %d rounds%n", spec.name(), batch, steps, rounds);
        for (double d : densities) {
            Trainer[] trainers = new Trainer[2];
            SparseNetwork[] nets = new SparseNetwork[2];
            String[] kernels = {"dense", "sparse"};
            for (int k = 0; k < 2; k++) {
                trainers[k] = new Trainer(at(spec, batchOverride, d, kernels[k], 1), data);
                nets[k] = trainers[k].buildNetwork();
                if (!nets[k].kernels().startsWith(kernels[k])) {
                    throw new IllegalStateException("asked for " + kernels[k] + " kernels, built " + nets[k].kernels());
                }
                segment(trainers[k], nets[k], false, new ArrayList<>());
                segment(trainers[k], nets[k], true, new ArrayList<>());
            }
            List<List<Double>> off = List.of(new ArrayList<>(), new ArrayList<>());
            List<List<Double>> on = List.of(new ArrayList<>(), new ArrayList<>());
            for (int r = 0; r < rounds; r++) {
                for (int o = 0; o < 2; o++) {
                    int k = r % 2 == 0 ? o : 1 - o;
                    segment(trainers[k], nets[k], false, off.get(k));
                }
                for (int o = 0; o < 2; o++) {
                    int k = r % 2 == 0 ? 1 - o : o;
                    segment(trainers[k], nets[k], true, on.get(k));
                }
            }
            double[] kernelMs = kernelMillis(nets[0], d, batch);
            Point p = new Point(d, median(off.get(0)), median(off.get(1)), median(on.get(0)), median(on.get(1)),
                    kernelMs[0], kernelMs[1]);
            points.add(p);
            log.printf("density %5.1f %%: unlogged dense %.2f ms, sparse %.2f ms (%.2fx); logged dense %.2f ms, sparse %.2f ms"
                            + " (%.2fx); hidden-layer products dense %.2f ms, sparse %.2f ms (%.2fx)%n",
                    100 * d, p.denseUnloggedMillis(), p.sparseUnloggedMillis(), p.unloggedRatio(),
                    p.denseLoggedMillis(), p.sparseLoggedMillis(), p.loggedRatio(),
                    p.denseKernelMillis(), p.sparseKernelMillis(), p.kernelRatio());
        }
        return new Result(spec.name(), data.source(), batch, steps, rounds, SpecBenchmark.nd4jBinary(),
                Runtime.getRuntime().availableProcessors(), List.copyOf(points));
    }

    private static double median(List<Double> v) {
        return SpecBenchmark.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Trains one segment and adds the milliseconds of each of its steps but the first (from the end of the previous
     * step to the end of this one) to {@code out}.
     */
    private void segment(Trainer trainer, SparseNetwork net, boolean measure, List<Double> out) {
        long[] prev = {0};
        TrainingObserver o = new TrainingObserver() {
            @Override public void progress(long done, long total, double loss, double eps) {
                long now = System.nanoTime();
                if (done >= 2) out.add((now - prev[0]) / 1e6);
                prev[0] = now;
            }
        };
        trainer.run(net, o, () -> false, measure);
    }

    /**
     * Milliseconds of the hidden layers' matrix products at density {@code d}, {dense, sparse}: per hidden layer of
     * {@code net} (shape [nIn, nOut], a uniform random mask of density d), DL4J's three gemm calls (forward
     * {@code X W}, weight gradient {@code X^T dZ}, input gradient {@code dZ W^T}, preallocated outputs) against
     * {@link SparseKernels}' gather, forward, weight gradient and input gradient on feature-major arrays; the two
     * alternate repetition by repetition (so a loaded machine's drift hits both alike), median of 15 after 3 warm-ups.
     */
    static double[] kernelMillis(SparseNetwork net, double d, int batch) {
        List<long[]> shapes = new ArrayList<>();
        List<dev.gradflow.model.train.WeightLayer> layers = net.layers();
        for (int i = 0; i < layers.size() - 1; i++) shapes.add(layers.get(i).mask().shape().dims());
        java.util.SplittableRandom rng = new java.util.SplittableRandom(17);
        int reps = 18, warm = 3;
        double[][] t = new double[2][reps - warm];
        List<Runnable> dense = new ArrayList<>(), sparse = new ArrayList<>();
        for (long[] s : shapes) {
            int nIn = (int) s[0], nOut = (int) s[1];
            float[] mask = new float[nIn * nOut];
            for (int k = 0; k < mask.length; k++) mask[k] = rng.nextDouble() < d ? 1f : 0f;
            org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, nIn);
            org.nd4j.linalg.api.ndarray.INDArray w = org.nd4j.linalg.factory.Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, nIn, nOut).dup('f');
            org.nd4j.linalg.api.ndarray.INDArray dz = org.nd4j.linalg.factory.Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, nOut);
            org.nd4j.linalg.api.ndarray.INDArray z = org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, nOut);
            org.nd4j.linalg.api.ndarray.INDArray g = org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, new long[]{nIn, nOut}, 'f');
            org.nd4j.linalg.api.ndarray.INDArray dx = org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, nIn);
            dense.add(() -> {
                org.nd4j.linalg.factory.Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
                org.nd4j.linalg.factory.Nd4j.gemm(x, dz, g, true, false, 1.0, 0.0);
                org.nd4j.linalg.factory.Nd4j.gemm(dz, w, dx, false, true, 1.0, 0.0);
            });
            SparseKernels k = new SparseKernels(mask, nIn, nOut);
            float[] wf = w.data().asFloat();
            java.nio.FloatBuffer wb = java.nio.FloatBuffer.wrap(wf);
            float[] xt = new float[batch * nIn], dt = new float[batch * nOut], zt = new float[batch * nOut],
                    dxt = new float[batch * nIn], gv = new float[k.nnz];
            for (int i = 0; i < xt.length; i++) xt[i] = (float) rng.nextGaussian();
            for (int i = 0; i < dt.length; i++) dt[i] = (float) rng.nextGaussian();
            sparse.add(() -> {
                k.gather(wb, 0);
                k.forward(xt, zt, batch);
                k.weightGradient(xt, dt, gv, batch);
                k.inputGradient(dt, dxt, batch);
            });
        }
        for (int r = 0; r < reps; r++) {
            for (int o = 0; o < 2; o++) {
                int which = r % 2 == 0 ? o : 1 - o;
                long t0 = System.nanoTime();
                for (Runnable run : which == 0 ? dense : sparse) run.run();
                double ms = (System.nanoTime() - t0) / 1e6;
                if (r >= warm) t[which][r - warm] = ms;
            }
        }
        return new double[]{SpecBenchmark.median(t[0]), SpecBenchmark.median(t[1])};
    }

    /** The curve as a table (docs/performance.md). */
    public static void print(Result r, PrintStream out) {
        out.println();
        out.printf("density curve: %s, batch %d, data %s, %d steps per segment, %d rounds, ND4J binary %s, %d cores%n",
                r.spec(), r.batch(), r.data(), r.stepsPerSegment(), r.rounds(), r.nd4jBinary(), r.cores());
        out.println("ms per step (median over the steps of all rounds), and ms of the hidden layers' products alone; ratio = sparse / dense");
        out.println("| density | step, dense | step, sparse | ratio | logged step (logEvery 1), dense | logged, sparse | ratio | products, dense | products, sparse | ratio |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Point p : r.points()) {
            out.printf("| %s %% | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f |%n", pct(p.density()),
                    p.denseUnloggedMillis(), p.sparseUnloggedMillis(), p.unloggedRatio(), p.denseLoggedMillis(),
                    p.sparseLoggedMillis(), p.loggedRatio(), p.denseKernelMillis(), p.sparseKernelMillis(), p.kernelRatio());
        }
    }

    private static String pct(double d) {
        double v = 100 * d;
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
