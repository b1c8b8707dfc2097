package dev.gradflow.model.cli;

import dev.gradflow.model.bench.SpecBenchmark;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark training a spec with and without per-step gradient-flow logging (docs/performance.md).",
                "Prints examples/s with logging at every step and without, the logging overhead, the step time against",
                "the step's matmul/convolution floor, a breakdown of the step and the memory used. Data are generated in",
                "the spec's shape when its dataset is absent; logged steps go through a real run store's writer (a",
                "temporary file)."})
final class BenchCommand implements Callable<Integer> {
    /** Presets: the reference MLP, the paper CNN and the small Wide-ResNet (bundled example specs). */
    static final Map<String, String> PRESETS = Map.of(
            "mlp", "fmnist-mlp-sparse90.json",
            "cnn", "cifar10-paper-cnn.json",
            "wrn", "cifar10-wide-resnet-small.json");

    static final class Source {
        @Option(names = "--spec", paramLabel = "FILE", description = "Experiment spec (JSON) to benchmark")
        Path spec;

        @Option(names = "--preset", paramLabel = "NAME", description = "mlp (fmnist-mlp-sparse90), cnn (cifar10-paper-cnn) or wrn (cifar10-wide-resnet-small)")
        String preset;
    }

    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--steps", defaultValue = "0", description = "Steps per timed segment; 0 = about 5 s per segment, 10 to 200 (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--rounds", defaultValue = "2", description = "Logged/unlogged segment pairs (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--batch", description = "Batch size (default: the spec's)")
    Integer batch;

    @Mixin
    DataDirsOption dataDir;

    @Option(names = "--no-store", description = "Discard the logged records instead of writing them to a run store (shows what the store writer costs)")
    boolean noStore;

    @Option(names = "--json", description = "Print the figures as JSON on standard output (progress goes to standard error)")
    boolean json;

    @Option(names = "--density-curve", description = {"Instead: step time against density (1, 2, 5, 10, 20, 50, 100 %%) with dense and sparse",
            "kernels (training.kernels), unlogged and logged at every step; --steps per segment (0: 6), --rounds (use 8 or more)"})
    boolean densityCurve;

    @Option(names = "--densities", split = ",", paramLabel = "D", description = "Densities of --density-curve, in (0, 1] (default: 0.01,0.02,0.05,0.1,0.2,0.5,1)")
    double[] densities;

    @Override
    public Integer call() throws Exception {
        if ((steps != 0 && steps < 3) || rounds < 1 || (batch != null && batch < 1)) {
            throw new UserException("--steps must be 0 (automatic) or >= 3, --rounds >= 1, --batch >= 1");
        }
        ExperimentSpec spec = spec();
        PrintStream log = json ? System.err : System.out;
        if (densityCurve) return densityCurve(spec, log);
        if (densities != null) throw new UserException("--densities goes with --density-curve");
        Path dir = Files.createTempDirectory("gradflow-bench");
        Path db = dir.resolve("bench.db");
        SpecBenchmark.Result r;
        try (RunStore store = RunStore.open(db)) {
            long id = store.createRun(new NewRun("bench", "{}", "bench", "generated", "adam", "relu", 0.1, 1,
                    Map.of(), List.of()));
            if (noStore) {
                r = new SpecBenchmark(steps, rounds).run(spec, batch, dataDir.dirs(), record -> { }, false, log);
            } else {
                try (MetricsWriter writer = store.writer(id)) {
                    r = new SpecBenchmark(steps, rounds).run(spec, batch, dataDir.dirs(), writer::step, true, log);
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
        if (json) {
            System.out.println(Json.MAPPER.writeValueAsString(r));
        } else {
            print(r, System.out);
        }
        String omp = System.getenv("OMP_WAIT_POLICY");
        if (!"PASSIVE".equalsIgnoreCase(omp)) {
            log.println("note: OMP_WAIT_POLICY is not PASSIVE; on small machines DL4J steps are 2-5x slower (./gradflow sets it)");
        }
        return 0;
    }

    private int densityCurve(ExperimentSpec spec, PrintStream log) throws IOException {
        double[] ds = densities != null ? densities : dev.gradflow.model.bench.DensityCurve.DENSITIES;
        for (double d : ds) {
            if (!(d > 0 && d <= 1)) throw new UserException("--densities: expected densities in (0, 1], got " + d);
        }
        if (spec.architecture().type() != dev.gradflow.model.spec.ArchitectureSpec.Type.MLP) {
            throw new UserException("--density-curve: sparse kernels run MLPs only; this spec's architecture.type is "
                    + spec.architecture().type().id());
        }
        var r = new dev.gradflow.model.bench.DensityCurve(steps == 0 ? 6 : steps, rounds)
                .run(spec, batch, dataDir.dirs(), ds, log);
        if (json) System.out.println(Json.MAPPER.writeValueAsString(r));
        else dev.gradflow.model.bench.DensityCurve.print(r, System.out);
        return 0;
    }

    private ExperimentSpec spec() throws IOException {
        if (source == null || (source.spec == null && source.preset == null)) {
            throw new UserException("bench: give --spec FILE or --preset mlp|cnn|wrn");
        }
        if (source.spec != null) return SpecIO.read(source.spec);
        String file = PRESETS.get(source.preset);
        if (file == null) throw new UserException("--preset: expected mlp, cnn or wrn, got '" + source.preset + "'");
        try (InputStream in = BenchCommand.class.getResourceAsStream("/gradflow-sample-data/specs/" + file)) {
            if (in == null) throw new EnvironmentException("bundled spec " + file + " is missing from the class path");
            return SpecIO.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "preset " + source.preset + " (" + file + ")");
        }
    }

    static void print(SpecBenchmark.Result r, PrintStream out) {
        out.println();
        out.printf("spec %s, batch %d, data %s%s, ND4J binary %s%s%n", r.spec(), r.batch(), r.data(),
                r.generatedData() ? " (generated in the spec's shape)" : "", r.nd4jBinary(),
                r.storeWriter() ? "" : ", logged records discarded (--no-store)");
        out.printf("with per-step gradient-flow logging   %9.1f examples/s%n", r.loggedExamplesPerSecond());
        out.printf("without logging                       %9.1f examples/s%n", r.unloggedExamplesPerSecond());
        out.printf("logging overhead                      %9.1f %%  (segment pairs: %.1f to %.1f %%)%n",
                r.loggingOverhead() * 100, r.loggingOverheadMin() * 100, r.loggingOverheadMax() * 100);
        out.printf("logging overhead, interleaved steps   %9.1f %%  (logEvery 2: logged vs unlogged steps of the same segments)%n",
                r.interleavedOverhead() * 100);
        out.printf("logging overhead in CPU time          %9.1f %%  (process CPU per step: logged %.2f ms, unlogged %.2f ms;"
                + " robust to a loaded machine)%n", r.cpuLoggingOverhead() * 100, r.loggedCpuMillisPerStep(),
                r.unloggedCpuMillisPerStep());
        out.printf("store writer thread CPU per record    %9.3f ms%n", r.storeWriterCpuMillisPerStep());
        out.printf("step time (unlogged)                  %9.2f ms%n", r.unloggedStepMillis());
        out.printf("matmul/conv floor of the same step    %9.2f ms  (%d kernels%s)%n", r.floorMillis(), r.floorKernels().size(),
                r.notFloored().isEmpty() ? "" : "; not floored: " + String.join(", ", r.notFloored()));
        if (r.convOpFloorMillis() != r.loweredFloorMillis()) {
            out.printf("  (conv2d ops %.2f ms, convolutions as GEMM without im2col %.2f ms; the floor is the smaller)%n",
                    r.convOpFloorMillis(), r.loweredFloorMillis());
        }
        out.printf("step / floor                          %9.2f x%n", r.floorRatio());
        out.println("step breakdown, ms per step           logged   unlogged");
        SpecBenchmark.Phases l = r.loggedBreakdown(), u = r.unloggedBreakdown();
        row(out, "forward (incl. batch assembly)", l.forward(), u.forward());
        row(out, "backward (incl. output layer, loss)", l.backward(), u.backward());
        row(out, "masking", l.masking(), u.masking());
        row(out, "measuring", l.measuring(), u.measuring());
        row(out, "update (optimizer)", l.update(), u.update());
        row(out, "store (hand-off to the writer)", l.store(), u.store());
        row(out, "other", l.other(), u.other());
        row(out, "step", l.step(), u.step());
        SpecBenchmark.Memory m = r.memory();
        out.printf("memory: heap peak %s (max %s), off-heap at most %s (resident - heap in use), of which ND4J arrays"
                        + " and workspaces %s; resident peak %s%n",
                mib(m.heapPeakBytes()), mib(m.heapMaxBytes()), mib(m.offHeapPeakBytes()), mib(m.nd4jArraysPeakBytes()),
                mib(m.residentPeakBytes()));
    }

    private static void row(PrintStream out, String name, double logged, double unlogged) {
        out.printf("  %-36s %8.2f %8.2f%n", name, logged, unlogged);
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1048576.0);
    }
}
