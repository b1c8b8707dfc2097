package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.EvaluationSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import dev.gradflow.model.metrics.MaskEvent;

/**
 * Trains one spec on one dataset with DL4J, exactly sparse, reporting per-step metrics, evaluation points,
 * epochs and snapshots to a {@link TrainingObserver}.
 * <p>
 * Evaluation points ({@link #evaluationSteps}): {@code P = evaluation.points} points spread evenly through training,
 * initialization and the end included: point k (k = 0..P-1) after {@code round(k * totalSteps / (P - 1))} updates.
 * At each, the gradient of the loss averaged over the fixed evaluation
 * set (a seeded stratified subset of {@code evaluation.split}) is computed with dropout off; train and test loss and
 * accuracy are computed in inference mode on fixed subsets of {@code evaluation.examples} examples of each split.
 * After every epoch, test loss and accuracy are computed on the full test split and train loss and accuracy on the
 * train subset.
 * <p>
 * With {@code sparsity.pruning}, masks change by magnitude pruning right after the update that completes a pruning
 * step (before that step's evaluation point and snapshot); each change is reported as a mask event. With one-shot
 * {@code rewind: lottery-ticket}, a pruning pass of {@code afterSteps} updates runs first ({@link #pruningPass}); the
 * run's steps, evaluation points and epochs are then those of the rewound ticket trained for the full schedule.
 */
public final class Trainer {
    private final ExperimentSpec spec;
    private final DatasetSplit data;
    private final int batchSize;
    private final long stepsPerEpoch;
    private final long totalSteps;
    private final LearningRateSchedule schedule; // the rate each step is logged with (the network holds its own copy)

    public Trainer(ExperimentSpec spec, DatasetSplit data) {
        this.spec = spec;
        this.data = data;
        this.batchSize = Math.min(spec.training().batchSize(), data.train().size());
        this.stepsPerEpoch = (data.train().size() + batchSize - 1) / batchSize;
        this.totalSteps = stepsPerEpoch * spec.training().epochs();
        this.schedule = new LearningRateSchedule(spec.optimizer().schedule(), spec.optimizer().learningRate(), totalSteps);
    }

    public long totalSteps() { return totalSteps; }

    /** Builds the network this trainer would train (masks and initial weights drawn from the seed). */
    public SparseNetwork buildNetwork() {
        return NetworkFactory.build(spec, data.train().shape(), data.train().numClasses(), totalSteps);
    }

    public TrainingOutcome run(TrainingObserver observer, BooleanSupplier cancelled) {
        return run(buildNetwork(), observer, cancelled, true);
    }

    /**
     * Trains {@code network}. With {@code measure} false, nothing is measured or reported except progress (used by the
     * benchmark to time training without gradient-flow logging; masking still happens).
     */
    public TrainingOutcome run(SparseNetwork network, TrainingObserver observer, BooleanSupplier cancelled, boolean measure) {
        long t0 = System.nanoTime();
        boolean regularized = spec.optimizer().l2() > 0 || spec.optimizer().weightDecay() > 0;
        GradientFlowListener listener = new GradientFlowListener(network, regularized);
        network.setListeners(listener);
        MagnitudePruner pruner = MagnitudePruner.of(spec.sparsity(), network);
        DynamicSparsity dynamic = DynamicSparsity.of(spec.sparsity(), spec.seed(), network);
        observer.started(network, totalSteps);
        if (pruner != null && pruner.lotteryTicket()) {
            TrainingOutcome stopped = pruningPass(network, listener, pruner, observer, cancelled, t0);
            if (stopped != null) return stopped;
        }

        EvaluationSpec ev = spec.evaluation();
        Dataset evalSource = ev.split() == EvaluationSpec.Split.TRAIN ? data.train() : data.test();
        Evaluator evaluator = new Evaluator(network,
                Subsets.stratified(evalSource, ev.examples(), NetworkFactory.stream(spec.seed(), "eval-set", 0)),
                Subsets.stratified(data.train(), ev.examples(), NetworkFactory.stream(spec.seed(), "train-monitor", 0)),
                Subsets.stratified(data.test(), ev.examples(), NetworkFactory.stream(spec.seed(), "test-monitor", 0)),
                data.test());
        long[] evalSteps = evaluationSteps(ev.points(), totalSteps);
        int evalIndex = 0;
        if (measure) {
            evalIndex = evaluate(evaluator, evalSteps, evalIndex, 0, observer);
            if (evalIndex > 0 && ev.snapshots()) observer.snapshot(new Snapshot("init", 0, network.snapshot()));
        }

        Dataset train = data.train();
        int logEvery = spec.training().logEvery();
        DivergenceRule divergence = new DivergenceRule(spec.training().divergenceRule());
        long step = 0;
        double testAcc = Double.NaN, testLoss = Double.NaN;
        long examplesSeen = 0;
        long loopStart = System.nanoTime();
        Augmenter augmenter = new Augmenter(spec.dataset().augmentation(), spec.dataset().augmentPixels(), train.shape());
        for (int epoch = 0; epoch < spec.training().epochs(); epoch++) {
            long epochStart = System.nanoTime();
            int[] order = Subsets.permutation(train.size(), NetworkFactory.stream(spec.seed(), "shuffle", epoch));
            SplittableRandom augmentRng = NetworkFactory.stream(spec.seed(), "augment", epoch);
            for (int from = 0; from < train.size(); from += batchSize) {
                if (cancelled.getAsBoolean()) {
                    return end(RunStatus.CANCELLED, "cancelled after " + step + " of " + totalSteps + " steps",
                            step, testAcc, testLoss, t0, network, observer, measure);
                }
                int count = Math.min(batchSize, train.size() - from);
                INDArray x = Batches.features(train, order, from, count, augmenter, augmentRng);
                INDArray y = Batches.labels(train, order, from, count);
                boolean logStep = measure && step % logEvery == 0;
                listener.prepare(logStep, count);
                if (dynamic != null) listener.captureDenseGradients(dynamic.needsDenseGradient(step + 1));
                network.fit(new DataSet(x, y));
                double loss = network.score() - (logStep ? listener.regularizationScore() : 0);
                List<LayerStats> stats = logStep ? listener.stats() : null;
                NetworkFlow flow = logStep ? NetworkFlow.of(stats) : null;
                // A diverged step is still recorded (non-finite values are stored as NULL), then the run ends.
                if (logStep) observer.step(new StepRecord(step, epoch, loss, schedule.valueAt(step), flow, stats));
                String diverged = divergence.check(step, loss, stats, logStep ? flow.gf2() : Double.NaN);
                if (diverged != null) {
                    boolean finite = Double.isFinite(loss) && (flow == null || Double.isFinite(flow.gf1() + flow.gf2()));
                    return end(RunStatus.DIVERGED, diverged, step + 1, testAcc, testLoss, t0, network, observer, measure && finite);
                }
                step++;
                if (pruner != null) {
                    for (MaskEvent e : pruner.afterStep(step)) observer.maskEvent(e);
                }
                if (dynamic != null) {
                    for (MaskEvent e : dynamic.afterStep(step, listener.denseGradients())) observer.maskEvent(e);
                }
                examplesSeen += count;
                double seconds = (System.nanoTime() - loopStart) / 1e9;
                observer.progress(step, totalSteps, loss, seconds > 0 ? examplesSeen / seconds : 0);
                if (measure && evalIndex < evalSteps.length && evalSteps[evalIndex] == step) {
                    int first = evalIndex;
                    evalIndex = evaluate(evaluator, evalSteps, evalIndex, step, observer);
                    if (ev.snapshots() && step != totalSteps) {
                        observer.snapshot(new Snapshot(String.format("eval%02d", first), step, network.snapshot()));
                    }
                }
            }
            if (measure) {
                double[] test = evaluator.lossAndAccuracy(data.test());
                double[] trainM = evaluator.lossAndAccuracy(evaluator.trainMonitor);
                testLoss = test[0];
                testAcc = test[1];
                observer.epoch(new EpochRecord(epoch, step, trainM[0], trainM[1], test[0], test[1],
                        (System.nanoTime() - epochStart) / 1e9));
            }
        }
        return end(RunStatus.FINISHED, "trained " + step + " steps", step, testAcc, testLoss, t0, network, observer, measure);
    }

    /**
     * The pruning pass of a lottery-ticket run: {@code afterSteps} updates, the batches in the order a plain run would
     * see them, then {@link MagnitudePruner#pruneAndRewind}: pruning by magnitude, every parameter back to its initial
     * value (times the final mask), optimizer state 0, step count 0 (so the learning-rate schedule starts again). The
     * pass is not measured or recorded step by step (progress reports 0 steps done); its mask changes are reported as
     * mask events at step 0. Returns an outcome only if the pass ends the run (cancelled, diverged).
     */
    private TrainingOutcome pruningPass(SparseNetwork network, GradientFlowListener listener, MagnitudePruner pruner,
                                        TrainingObserver observer, BooleanSupplier cancelled, long t0) {
        Dataset train = data.train();
        Augmenter augmenter = new Augmenter(spec.dataset().augmentation(), spec.dataset().augmentPixels(), train.shape());
        long steps = pruner.passSteps();
        long step = 0;
        for (int epoch = 0; step < steps; epoch++) {
            int[] order = Subsets.permutation(train.size(), NetworkFactory.stream(spec.seed(), "shuffle", epoch));
            SplittableRandom augmentRng = NetworkFactory.stream(spec.seed(), "augment", epoch);
            for (int from = 0; from < train.size() && step < steps; from += batchSize) {
                if (cancelled.getAsBoolean()) {
                    return end(RunStatus.CANCELLED, "cancelled in the lottery-ticket pruning pass after " + step + " of "
                            + steps + " steps", 0, Double.NaN, Double.NaN, t0, network, observer, false);
                }
                int count = Math.min(batchSize, train.size() - from);
                listener.prepare(false, count);
                network.fit(new DataSet(Batches.features(train, order, from, count, augmenter, augmentRng),
                        Batches.labels(train, order, from, count)));
                double loss = network.score();
                if (!Double.isFinite(loss)) {
                    return end(RunStatus.DIVERGED, "loss became " + loss + " at step " + step
                            + " of the lottery-ticket pruning pass", 0, Double.NaN, Double.NaN, t0, network, observer, false);
                }
                step++;
                observer.progress(0, totalSteps, loss, 0);
            }
        }
        for (MaskEvent e : pruner.pruneAndRewind()) observer.maskEvent(e);
        return null;
    }

    /**
     * The steps (updates done) of the {@code points} evaluation points: point k at {@code round(k * totalSteps /
     * (points - 1))}, k = 0..points-1, so the first is at initialization and the last at the end of training (docs/metrics.md).
     * One point is at initialization only; zero points measure nothing. When training has fewer than
     * {@code points - 1} steps, several points fall on the same step (they are then one measurement, recorded under
     * each of their indices, so a run always has {@code points} evaluation points and the mean over them keeps its
     * weights).
     */
    public static long[] evaluationSteps(int points, long totalSteps) {
        if (points <= 0) return new long[0];
        if (points == 1) return new long[]{0};
        long[] s = new long[points];
        for (int k = 0; k < points; k++) s[k] = Math.round((double) k * totalSteps / (points - 1));
        return s;
    }

    /** Measures once at {@code step} and reports it as every evaluation point that falls on it; returns the next index. */
    private static int evaluate(Evaluator evaluator, long[] evalSteps, int index, long step, TrainingObserver observer) {
        if (index >= evalSteps.length || evalSteps[index] != step) return index;
        EvalPoint p = evaluator.point(index, step);
        observer.eval(p);
        index++;
        while (index < evalSteps.length && evalSteps[index] == step) {
            observer.eval(p.withIndex(index));
            index++;
        }
        return index;
    }

    private TrainingOutcome end(RunStatus status, String message, long steps, double testAcc, double testLoss, long t0,
                                SparseNetwork network, TrainingObserver observer, boolean snapshot) {
        if (snapshot && spec.evaluation().snapshots()) observer.snapshot(new Snapshot("final", steps, network.snapshot()));
        return new TrainingOutcome(status, message, steps, testAcc, testLoss, (System.nanoTime() - t0) / 1e9);
    }

    /** Measurements on fixed data without changing the network's parameters or optimizer state. */
    static final class Evaluator {
        private static final int CHUNK = 1024;
        private final SparseNetwork network;
        private final Dataset evalSet;
        final Dataset trainMonitor;
        private final Dataset testMonitor;
        private final INDArray evalX, evalY;

        Evaluator(SparseNetwork network, Dataset evalSet, Dataset trainMonitor, Dataset testMonitor, Dataset fullTest) {
            this.network = network;
            this.evalSet = evalSet;
            this.trainMonitor = trainMonitor;
            this.testMonitor = testMonitor;
            int[] all = Batches.identity(evalSet.size());
            this.evalX = Batches.features(evalSet, all, 0, evalSet.size());
            this.evalY = Batches.labels(evalSet, all, 0, evalSet.size());
        }

        EvalPoint point(int index, long step) {
            GradientResult g = gradientStats(network, evalX, evalY, evalSet.size());
            double[] tr = lossAndAccuracy(trainMonitor);
            double[] te = lossAndAccuracy(testMonitor);
            return new EvalPoint(index, step, g.loss, tr[0], tr[1], te[0], te[1], NetworkFlow.of(g.stats), g.stats);
        }

        /** Mean cross-entropy loss and accuracy in inference mode (no dropout, BatchNorm running statistics). */
        double[] lossAndAccuracy(Dataset d) {
            int c = d.numClasses();
            int[] labels = d.labels();
            int[] all = Batches.identity(d.size());
            double lossSum = 0;
            long correct = 0;
            for (int from = 0; from < d.size(); from += CHUNK) {
                int count = Math.min(CHUNK, d.size() - from);
                INDArray out = network.output(Batches.features(d, all, from, count));
                float[] p = out.dup('c').data().asFloat();
                for (int i = 0; i < count; i++) {
                    int y = labels[from + i];
                    int best = 0;
                    for (int k = 1; k < c; k++) if (p[i * c + k] > p[i * c + best]) best = k;
                    if (best == y) correct++;
                    lossSum -= Math.log(Math.max(p[i * c + y], 1e-30));
                }
            }
            return new double[]{lossSum / d.size(), (double) correct / d.size()};
        }
    }

    record GradientResult(double loss, List<LayerStats> stats) { }

    /**
     * Per-layer gradient statistics of the mean loss over (x, y), with dropout disabled, leaving parameters and
     * optimizer state untouched. Used at evaluation points and by tests against finite differences.
     */
    static GradientResult gradientStats(SparseNetwork network, INDArray x, INDArray y, int examples) {
        List<Layer> dl4jLayers = network.dl4jLayers();
        List<IDropout> saved = new ArrayList<>();
        for (Layer layer : dl4jLayers) {
            saved.add(layer.conf().getLayer().getIDropout());
            layer.conf().getLayer().setIDropout(null);
        }
        try {
            network.denseWeightGradients(true); // raw all-weights norms need the full gradient
            network.computeGradientAndScore(x, y);
            double loss = network.score() - network.regularizationScore();
            Gradient gradient = network.model().gradient();
            List<LayerStats> stats = new ArrayList<>();
            for (WeightLayer l : network.layers()) {
                INDArray g = gradient.getGradientFor(l.weightKey);
                double l1 = g.norm1Number().doubleValue() / examples;
                double l2 = g.norm2Number().doubleValue() / examples;
                double l1a = l1, l2a = l2;
                if (l.maskArray != null) {
                    INDArray masked = g.mul(l.maskArray);
                    l1a = masked.norm1Number().doubleValue() / examples;
                    l2a = masked.norm2Number().doubleValue() / examples;
                }
                double wl2 = network.weights(l).norm2Number().doubleValue();
                stats.add(new LayerStats(l.index, l.name, l1, l2, l1a, l2a, l.mask.count(), l.mask.active(), wl2, Double.NaN));
            }
            return new GradientResult(loss, stats);
        } finally {
            network.denseWeightGradients(false);
            for (int i = 0; i < dl4jLayers.size(); i++) dl4jLayers.get(i).conf().getLayer().setIDropout(saved.get(i));
            // Not net.clear(): in DL4J that also drops the solver, and with it the updater and all optimizer state
            // (Adam moments, momentum velocity), which training would then silently restart from zero.
            network.clearInputs();
        }
    }

    /** Seeded subsets and permutations. */
    static final class Subsets {
        private Subsets() {
        }

        static int[] permutation(int n, SplittableRandom rng) {
            int[] p = Batches.identity(n);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        }

        /** At most {@code n} examples, class-stratified ({@link Dataset#stratifiedSubset}), seeded from {@code rng}. */
        static Dataset stratified(Dataset d, int n, SplittableRandom rng) {
            return d.stratifiedSubset(n, rng.nextLong());
        }
    }
}
