package dev.gradflow.model.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradflow.model.data.DataException;
import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetLoader;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.train.SparseNetwork;
import dev.gradflow.model.train.Trainer;
import dev.gradflow.model.train.TrainingObserver;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gradflow.model.spec.Messages;
import org.bytedeco.javacpp.Loader;

/**
 * {@code gradflow bench}: trains any spec for a few segments of steps and reports, from one run (definitions in
 * docs/performance.md): examples/s with per-step gradient-flow logging ({@code logEvery: 1}, records handed to a
 * consumer such as a run store's writer) and without logging (nothing measured; masking still happens), the logging
 * overhead, the step time against the step's matmul/convolution floor ({@link StepFloor}), a breakdown of the step
 * ({@link StepTimer}) and the memory used ({@link MemoryProbe}).
 * <p>
 * Logged and unlogged segments alternate in ABBA order (logged, unlogged, unlogged, logged, ...) so that linear drift
 * of a loaded machine's speed affects both alike; throughput and overhead are medians over the segment pairs.
 * Each segment is one epoch of {@code steps} batches, timed from the end of its first step to the end of its last.
 * The spec is trained as given except: one epoch, {@code logEvery} 1, 2 evaluation points (at initialization and the
 * end, outside the timed steps) on few examples, no snapshots, fixed masks (no pruning schedule).
 */
public final class SpecBenchmark {
    /**
     * Heap: sum of the heap pools' peaks (an upper bound of the true peak); off-heap: resident memory minus heap in use
     * (largest sample, an upper bound); ND4J arrays of the network and workspaces, counted; JavaCPP-tracked bytes and JavaCPP's off-heap limit; resident peak (VmHWM where available).
     */
    public record Memory(long heapPeakBytes, long heapMaxBytes, long offHeapPeakBytes, long nd4jArraysPeakBytes,
                         long javacppTrackedPeakBytes,
                         long offHeapLimitBytes, long residentPeakBytes, String residentSource) { }

    /** Milliseconds per step; the named phases and {@code other} add up to {@code step}. */
    public record Phases(double forward, double backward, double masking, double measuring, double update, double store,
                         double other, double step) {
        public double named() { return forward + backward + masking + measuring + update + store; }
    }

    public record Result(String spec, String data, boolean generatedData, int[] inputShape, int classes, int batch,
                         int stepsPerSegment, int rounds, double loggedExamplesPerSecond, double unloggedExamplesPerSecond,
                         double loggingOverhead, double loggingOverheadMin, double loggingOverheadMax,
                         double interleavedOverhead,
                         double loggedStepMillis, double unloggedStepMillis, double floorMillis, double convOpFloorMillis,
                         double loweredFloorMillis, double floorRatio,
                         List<String> floorKernels, List<String> notFloored, Phases loggedBreakdown,
                         Phases unloggedBreakdown, Memory memory, String nd4jBinary, boolean storeWriter,
                         double loggedCpuMillisPerStep, double unloggedCpuMillisPerStep, double cpuLoggingOverhead,
                         double storeWriterCpuMillisPerStep) { }

    private final int steps;
    private final int rounds;

    /** {@code steps} per segment (0: chosen so a segment lasts about 5 s, 10 to 200), {@code rounds} segment pairs. */
    public SpecBenchmark(int steps, int rounds) {
        this.steps = steps;
        this.rounds = rounds;
    }

    /** The spec as the bench trains it: one epoch, logEvery 1, 2 evaluation points on 64 examples, no snapshots or pruning. */
    public static ExperimentSpec benchSpec(ExperimentSpec spec, Integer batch) {
        return benchSpec(spec, batch, 1);
    }

    static ExperimentSpec benchSpec(ExperimentSpec spec, Integer batch, int logEvery) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            ObjectNode tree = (ObjectNode) mapper.readTree(SpecIO.toJson(spec));
            ObjectNode training = tree.with("training");
            if (batch != null) training.put("batchSize", batch);
            training.put("epochs", 1);
            training.put("logEvery", logEvery);
            ObjectNode ev = tree.with("evaluation");
            ev.put("points", 2);
            ev.put("examples", 64);
            ev.put("snapshots", false);
            if (tree.get("sparsity") instanceof ObjectNode s) s.remove("pruning");
            return SpecIO.parse(mapper.writeValueAsString(tree), spec.name() + " (as benchmarked)");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Input shape and class count of a dataset the bench generates when the spec's files are absent. */
    static int[] generatedShape(DatasetSpec d) {
        return switch (d.id()) {
            case CIFAR10 -> new int[]{3, 32, 32, 10};
            case CIFAR100 -> new int[]{3, 32, 32, d.labels() == DatasetSpec.CifarLabels.COARSE ? 20 : 100};
            default -> new int[]{1, 28, 28, 10};
        };
    }

    /** Gaussian features (as after standardization) and uniform labels, seeded. */
    static Dataset generated(int n, int[] shape, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int features = 1;
        for (int s : shape) features *= s;
        float[] x = new float[n * features];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i < classes ? i : rng.nextInt(classes);
        return new Dataset("generated", x, y, shape, classes);
    }

    /**
     * The training data: {@code n} examples of the spec's dataset (cycled if it has fewer), or generated in its shape
     * and class count when its files are absent.
     */
    static DatasetSplit data(ExperimentSpec spec, List<Path> dataDirs, int n, PrintStream log) {
        String missing = DatasetLoader.missingFiles(spec.dataset(), dataDirs);
        if (missing == null) {
            try {
                DatasetSplit d = DatasetLoader.load(spec.dataset(), spec.seed(), dataDirs);
                int[] idx = new int[n];
                for (int i = 0; i < n; i++) idx[i] = i % d.train().size();
                return new DatasetSplit(d.train().subset(d.train().name(), idx), d.test().head(64), d.checksum(), d.source());
            } catch (DataException e) {
                missing = e.getMessage();
            }
        }
        int[] sc = generatedShape(spec.dataset());
        int[] shape = Arrays.copyOf(sc, 3);
        log.printf("dataset %s is not available (%s): generated data in its shape %s, %d classes%n",
                spec.dataset().id().id(), Messages.shorten(missing, 160), Arrays.toString(shape), sc[3]);
        return new DatasetSplit(generated(n, shape, sc[3], 1), generated(64, shape, sc[3], 2), "generated", "generated");
    }

    /**
     * Benchmarks {@code original}; logged records go to {@code sink} ({@code storeWriter}: whether that is a run
     * store's writer, recorded in the result).
     */
    public Result run(ExperimentSpec original, Integer batchOverride, List<Path> dataDirs, Consumer<StepRecord> sink,
                      boolean storeWriter, PrintStream log) {
        MemoryProbe memory = new MemoryProbe();
        ExperimentSpec spec = benchSpec(original, batchOverride);
        int batch = spec.training().batchSize();
        int perSegment = steps;
        if (perSegment == 0) {
            double step = probeStepSeconds(spec, dataDirs, batch, log);
            perSegment = (int) Math.max(10, Math.min(200, Math.ceil(5.0 / step)));
        }
        DatasetSplit data = data(spec, dataDirs, batch * perSegment, log);
        boolean generated = "generated".equals(data.source());
        Trainer trainer = new Trainer(spec, data);
        SparseNetwork network = trainer.buildNetwork();
        StepTimer[] timers = {new StepTimer()};
        StepTimer timer = timers[0];
        long[] number = {0};
        long[] first = {0}, last = {0};
        long[] firstCpu = {0}, lastCpu = {0};
        TrainingObserver observer = new TrainingObserver() {
            @Override public void started(SparseNetwork n, long totalSteps) { timers[0].wrap(n); }

            // Segments restart their step count; records are numbered consecutively as one long run would be.
            @Override public void step(StepRecord r) {
                timers[0].storeStart();
                sink.accept(new StepRecord(number[0]++, r.epoch(), r.loss(), r.lr(), r.flow(), r.layers()));
                timers[0].storeEnd();
            }

            @Override public void progress(long done, long total, double loss, double eps) {
                timers[0].stepEnd();
                if (done == 1) {
                    first[0] = System.nanoTime();
                    firstCpu[0] = processCpuNanos();
                }
                last[0] = System.nanoTime();
                lastCpu[0] = processCpuNanos();
            }
        };
        log.printf("benchmarking %s: batch %d, %d steps per segment, %d logged/unlogged segment pairs%n",
                spec.name(), batch, perSegment, rounds);
        log.println("warming up ...");
        Runnable segmentLogged = () -> trainer.run(network, observer, () -> false, true);
        Runnable segmentUnlogged = () -> trainer.run(network, observer, () -> false, false);
        segmentLogged.run();
        segmentUnlogged.run();
        // sums restart after the warm-up
        resetSums(timer);
        memory.sample(network);
        double timedExamples = (double) batch * (perSegment - 1);
        double[] withLog = new double[rounds], without = new double[rounds], ratio = new double[rounds];
        double[] cpuLog = new double[rounds], cpuOff = new double[rounds], cpuRatio = new double[rounds];
        long writerCpu0 = storeWriterCpuNanos(), records0 = number[0];
        for (int r = 0; r < rounds; r++) {
            boolean loggedFirst = r % 2 == 0;
            double a = time(loggedFirst ? segmentLogged : segmentUnlogged, first, last);
            double ca = (lastCpu[0] - firstCpu[0]) / 1e9;
            double b = time(loggedFirst ? segmentUnlogged : segmentLogged, first, last);
            double cb = (lastCpu[0] - firstCpu[0]) / 1e9;
            withLog[r] = loggedFirst ? a : b;
            without[r] = loggedFirst ? b : a;
            ratio[r] = withLog[r] / without[r];
            cpuLog[r] = loggedFirst ? ca : cb;
            cpuOff[r] = loggedFirst ? cb : ca;
            cpuRatio[r] = cpuLog[r] / cpuOff[r];
            memory.sample(network);
            log.printf("round %d/%d: logged %.1f examples/s, unlogged %.1f examples/s%n", r + 1, rounds,
                    timedExamples / withLog[r], timedExamples / without[r]);
        }
        double writerCpuPerRecord = number[0] > records0
                ? (storeWriterCpuNanos() - writerCpu0) / 1e6 / (number[0] - records0) : 0;
        // Interleaved: logEvery 2 in the same segments, so logged and unlogged steps alternate step by step.
        StepTimer interleaved = new StepTimer();
        timers[0] = interleaved;
        Trainer alternating = new Trainer(benchSpec(original, batchOverride, 2), data);
        for (int r = 0; r < rounds; r++) {
            alternating.run(network, observer, () -> false, true);
            memory.sample(network);
        }
        double interleavedOverhead = interleaved.logged.ms(interleaved.logged.total)
                / interleaved.unlogged.ms(interleaved.unlogged.total) - 1;
        log.printf("interleaved (logEvery 2): logged steps %.2f ms, unlogged steps %.2f ms%n",
                interleaved.logged.ms(interleaved.logged.total), interleaved.unlogged.ms(interleaved.unlogged.total));
        // Memory of the run itself, before the floor's own arrays (the resident peak is a high-water mark).
        Memory used = memory.result();
        log.println("timing the step's matmul/convolution floor ...");
        StepFloor.Result floor = StepFloor.measure(network, timer.inputShapes, data.train().shape(), batch);
        double logged50 = median(withLog), unlogged50 = median(without);
        double stepSeconds = unlogged50 / (perSegment - 1);
        double[] sorted = ratio.clone();
        Arrays.sort(sorted);
        return new Result(original.name(), data.source(), generated, data.train().shape(), data.train().numClasses(), batch,
                perSegment, rounds, timedExamples / logged50, timedExamples / unlogged50, median(ratio) - 1,
                sorted[0] - 1, sorted[sorted.length - 1] - 1, interleavedOverhead, logged50 / (perSegment - 1) * 1e3, stepSeconds * 1e3,
                floor.seconds() * 1e3, floor.convOpSeconds() * 1e3, floor.loweredSeconds() * 1e3, stepSeconds / floor.seconds(), floor.kernels(), floor.skipped(),
                phases(timer.logged, timer.unlogged, true), phases(timer.unlogged, timer.unlogged, false),
                used, nd4jBinary(), storeWriter, median(cpuLog) / (perSegment - 1) * 1e3,
                median(cpuOff) / (perSegment - 1) * 1e3, median(cpuRatio) - 1, writerCpuPerRecord);
    }

    private static void resetSums(StepTimer t) {
        for (StepTimer.Sums s : new StepTimer.Sums[]{t.logged, t.unlogged}) {
            s.steps = s.forward = s.backward = s.gradientHook = s.update = s.weightHook = s.record = s.store = s.rest = s.total = 0;
        }
    }

    /**
     * Per-step phases: masking is the engine's hooks' time on unlogged steps (masking the gradient and the weights);
     * on logged steps, measuring is the hooks' extra time over that plus building the step record.
     */
    static Phases phases(StepTimer.Sums s, StepTimer.Sums unlogged, boolean logged) {
        double hooks = s.ms(s.gradientHook + s.weightHook + s.record);
        double masking = logged ? Math.min(unlogged.ms(unlogged.gradientHook + unlogged.weightHook), hooks) : hooks;
        return new Phases(s.ms(s.forward), s.ms(s.backward), masking, hooks - masking, s.ms(s.update), s.ms(s.store),
                s.ms(s.rest), s.ms(s.total));
    }

    /** CPU time of the whole process (all threads, native ones included), in nanoseconds; 0 when unavailable. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /** CPU time used so far by the store writer threads ({@code gradflow-store-writer-*}) alive now, in nanoseconds. */
    static long storeWriterCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("gradflow-store-writer-")) sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
        }
        return sum;
    }

    private static double time(Runnable segment, long[] first, long[] last) {
        segment.run();
        return (last[0] - first[0]) / 1e9;
    }

    /** Seconds per unlogged step of a short probe run (5 steps), to size the segments. */
    private static double probeStepSeconds(ExperimentSpec spec, List<Path> dataDirs, int batch, PrintStream log) {
        DatasetSplit data = data(spec, dataDirs, batch * 5, new PrintStream(PrintStream.nullOutputStream()));
        Trainer trainer = new Trainer(spec, data);
        SparseNetwork network = trainer.buildNetwork();
        long[] first = {0}, last = {0};
        TrainingObserver o = new TrainingObserver() {
            @Override public void progress(long done, long total, double loss, double eps) {
                if (done == 2) first[0] = System.nanoTime();
                last[0] = System.nanoTime();
            }
        };
        trainer.run(network, o, () -> false, false);
        return Math.max((last[0] - first[0]) / 1e9 / 3, 1e-4);
    }

    /**
     * The ND4J native binary this JVM loaded: the folder of {@code libnd4jcpu} as JavaCPP extracted it (for example
     * {@code linux-x86_64-avx2}); when both the portable and a CPU-specific jar are on the class path, JavaCPP loads
     * the specific one.
     */
    static String nd4jBinary() {
        String path = Loader.getLoadedLibraries().get("nd4jcpu");
        if (path == null) return "unknown";
        Path parent = Path.of(path).getParent();
        return parent == null || parent.getFileName() == null ? path : parent.getFileName().toString();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
