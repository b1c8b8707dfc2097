package dev.gradflow.model.cli;

import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.run.RunLauncher;
import dev.gradflow.model.run.RunResult;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.train.TrainingOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.gradflow.model.data.DatasetLoader;
import dev.gradflow.model.spec.Messages;
import dev.gradflow.model.spec.Problem;
import dev.gradflow.model.spec.SpecException;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the network a spec describes and store its gradient-flow metrics.",
                "Ctrl-C cancels: the run is kept as 'cancelled' with everything measured so far."})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "Experiment spec (JSON)")
    Path specFile;

    @Mixin
    StoreOption store;

    @Mixin
    DataDirsOption dataDir;

    @Option(names = "--name", description = "Run name (default: the spec's name)")
    String name;

    @Option(names = "--seed", description = "Override the spec's seed")
    Long seed;

    @Override
    public Integer call() {
        ExperimentSpec spec = SpecIO.read(specFile);
        if (name != null) spec = spec.withName(name);
        if (seed != null) spec = spec.withSeed(seed);
        List<Problem> problems = SpecIO.problems(spec);
        if (!problems.isEmpty()) throw new SpecException(specFile + " (with overrides)", problems);
        AtomicBoolean cancel = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel.set(true);
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "gradflow-cancel");
        // Load the data first: a missing or broken dataset fails before the store is even opened or created.
        var data = DatasetLoader.load(spec.dataset(), spec.seed(), dataDir.dirs());
        for (String w : data.warnings()) System.err.println("warning: " + w);
        RunLauncher.checkAgainstData(spec, data);
        try (RunStore runs = store.open()) {
            RunLauncher launcher = new RunLauncher(runs, dataDir.dirs());
            System.err.printf("training %s on %s (%d train / %d test examples)%n",
                    Messages.shorten(spec.name(), 80), data.source(),
                    data.train().size(), data.test().size());
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                RunResult result;
                try (ProgressReporter progress = new ProgressReporter(Messages.shorten(spec.name(), 40), System.err)) {
                    result = launcher.run(spec, data, progress, cancel::get);
                }
                TrainingOutcome o = result.outcome();
                String how = o.message().startsWith(o.status().dbName()) ? o.message() : o.status().dbName() + ", " + o.message();
                System.out.printf("run %d: %s in %s (%.0f examples/s)%n", result.runId(), how,
                        ProgressReporter.duration(o.seconds()), o.steps() * (double) spec.training().batchSize() / Math.max(o.seconds(), 1e-9));
                if (!Double.isNaN(o.finalTestAccuracy())) {
                    System.out.printf("test accuracy %.4f, test loss %.4f%n", o.finalTestAccuracy(), o.finalTestLoss());
                }
                System.out.printf("store: %s%n", runs.file());
                System.out.flush();
                if (!cancel.get()) Runtime.getRuntime().removeShutdownHook(hook);
                return o.status() == RunStatus.FINISHED ? 0 : o.status() == RunStatus.CANCELLED ? 130 : 1;
            } finally {
                // Released only now, so that a Ctrl-C exit waits for the run to be stored and summarized.
                done.countDown();
            }
        }
    }
}
