package dev.gradflow.model.cli;

import dev.gradflow.model.bench.TrainingBenchmark;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark training with and without per-step gradient-flow logging.",
                "Trains the fmnist-mlp-sparse90 shape (784-1000-1000-10, 90%% masked, Adam, batch 128) on generated data;",
                "logged steps go through a real run store's writer (a temporary file)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "100", description = "Steps per timed segment (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--rounds", defaultValue = "3", description = "Logged/unlogged segment pairs (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (steps < 5 || rounds < 1 || batch < 1) throw new UserException("--steps must be >= 5, --rounds >= 1, --batch >= 1");
        Path dir = Files.createTempDirectory("gradflow-bench");
        Path db = dir.resolve("bench.db");
        try (RunStore store = RunStore.open(db)) {
            long id = store.createRun(new NewRun("bench", "{}", "bench", "generated", "adam", "relu", 0.1, 1,
                    Map.of(), List.of()));
            TrainingBenchmark.Result r;
            try (MetricsWriter writer = store.writer(id)) {
                r = new TrainingBenchmark(batch, steps, rounds).run(writer::step, System.out);
            }
            System.out.println();
            System.out.printf("with per-step gradient-flow logging   %8.0f examples/s%n", r.loggedExamplesPerSecond());
            System.out.printf("without logging                       %8.0f examples/s%n", r.unloggedExamplesPerSecond());
            System.out.printf("logging overhead                      %8.1f %%  (target <= 3 %%)%n", r.loggingOverhead() * 100);
            System.out.printf("step time (unlogged)                  %8.2f ms%n", r.stepMillis());
            System.out.printf("matmul floor of the same step         %8.2f ms%n", r.matmulFloorMillis());
            System.out.printf("step / floor                          %8.2f x  (target <= 1.3 x)%n", r.floorRatio());
            String omp = System.getenv("OMP_WAIT_POLICY");
            if (!"PASSIVE".equalsIgnoreCase(omp)) {
                System.out.println("note: OMP_WAIT_POLICY is not PASSIVE; on small machines DL4J steps are 2-5x slower (./gradflow sets it)");
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
        return 0;
    }
}
