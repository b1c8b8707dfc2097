package dev.gradflow.model.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
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
 * both alike. A segment is timed from the end of its first step to the end of its last; the figure is the median
 * over rounds of the milliseconds per step. One warm-up segment of each kind per network is not timed.
 */
public final class DensityCurve {
    /** The densities of the curve (issue 12). */
    public static final double[] DENSITIES = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0};

    /** Median milliseconds per step of one density. */
    public record Point(double density, double denseUnloggedMillis, double sparseUnloggedMillis,
                        double denseLoggedMillis, double sparseLoggedMillis) {
        /** Sparse over dense step time, unlogged steps (below 1: sparse kernels are faster). */
        public double unloggedRatio() { return sparseUnloggedMillis / denseUnloggedMillis; }

        /** Sparse over dense step time, logged steps. */
        public double loggedRatio() { return sparseLoggedMillis / denseLoggedMillis; }
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
            Trainer[] unlogged = new Trainer[2], logged = new Trainer[2];
            SparseNetwork[] nets = new SparseNetwork[2];
            String[] kernels = {"dense", "sparse"};
            for (int k = 0; k < 2; k++) {
                unlogged[k] = new Trainer(at(spec, batchOverride, d, kernels[k], 1), data);
                logged[k] = unlogged[k];
                nets[k] = unlogged[k].buildNetwork();
                if (!nets[k].kernels().startsWith(kernels[k])) {
                    throw new IllegalStateException("asked for " + kernels[k] + " kernels, built " + nets[k].kernels());
                }
                segment(unlogged[k], nets[k], false);
                segment(logged[k], nets[k], true);
            }
            double[][] off = new double[2][rounds], on = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int o = 0; o < 2; o++) {
                    int k = r % 2 == 0 ? o : 1 - o;
                    off[k][r] = segment(unlogged[k], nets[k], false);
                    on[k][r] = segment(logged[k], nets[k], true);
                }
            }
            Point p = new Point(d, SpecBenchmark.median(off[0]), SpecBenchmark.median(off[1]),
                    SpecBenchmark.median(on[0]), SpecBenchmark.median(on[1]));
            points.add(p);
            log.printf("density %5.1f %%: unlogged dense %.2f ms, sparse %.2f ms (%.2fx); logged dense %.2f ms, sparse %.2f ms (%.2fx)%n",
                    100 * d, p.denseUnloggedMillis(), p.sparseUnloggedMillis(), p.unloggedRatio(),
                    p.denseLoggedMillis(), p.sparseLoggedMillis(), p.loggedRatio());
        }
        return new Result(spec.name(), data.source(), batch, steps, rounds, SpecBenchmark.nd4jBinary(),
                Runtime.getRuntime().availableProcessors(), List.copyOf(points));
    }

    /** Trains one segment and returns its milliseconds per step (first step excluded). */
    private double segment(Trainer trainer, SparseNetwork net, boolean measure) {
        long[] first = {0}, last = {0};
        TrainingObserver o = new TrainingObserver() {
            @Override public void progress(long done, long total, double loss, double eps) {
                if (done == 1) first[0] = System.nanoTime();
                last[0] = System.nanoTime();
            }
        };
        trainer.run(net, o, () -> false, measure);
        return (last[0] - first[0]) / 1e6 / (steps - 1);
    }

    /** The curve as a table (docs/performance.md). */
    public static void print(Result r, PrintStream out) {
        out.println();
        out.printf("density curve: %s, batch %d, data %s, %d steps per segment, %d rounds, ND4J binary %s, %d cores%n",
                r.spec(), r.batch(), r.data(), r.stepsPerSegment(), r.rounds(), r.nd4jBinary(), r.cores());
        out.println("ms per step (median over rounds); ratio = sparse / dense");
        out.println("| density | dense, unlogged | sparse, unlogged | ratio | dense, logEvery 1 | sparse, logEvery 1 | ratio |");
        out.println("|---|---|---|---|---|---|---|");
        for (Point p : r.points()) {
            out.printf("| %s %% | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f |%n", pct(p.density()), p.denseUnloggedMillis(),
                    p.sparseUnloggedMillis(), p.unloggedRatio(), p.denseLoggedMillis(), p.sparseLoggedMillis(), p.loggedRatio());
        }
    }

    private static String pct(double d) {
        double v = 100 * d;
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
