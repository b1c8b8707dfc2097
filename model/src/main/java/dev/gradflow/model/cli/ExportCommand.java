package dev.gradflow.model.cli;

import dev.gradflow.model.store.RunExport;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a run's data.",
                "csv: one row per logged step (network measures, then per-layer columns <layer>.l2_active etc.).",
                "npz: NumPy arrays <label>/<layer>/weight|bias|mask for labels init, eval01.., final (see docs/store.md).",
                "spec: the run's full spec as JSON (re-runnable with `gradflow train`)."})
final class ExportCommand implements Callable<Integer> {
    enum Format { csv, npz, spec }

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id or unique name")
    String run;

    @Mixin
    StoreOption store;

    @Option(names = "--format", required = true, description = "csv, npz or spec")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file (written exactly there)")
    Path out;

    @Override
    public Integer call() throws IOException {
        try (RunStore runs = store.openExisting()) {
            RunSummary r = StoreOption.find(runs, run);
            if (format == Format.npz && runs.snapshots(r.id()).isEmpty()) {
                throw new UserException("run " + r.id() + " has no stored weights (evaluation.snapshots was false)");
            }
            OutputFile.write(out, "--out", file -> {
                switch (format) {
                    case csv -> RunExport.csv(runs, r.id(), file);
                    case npz -> RunExport.npz(runs, r.id(), file);
                    case spec -> Files.writeString(file, runs.specJson(r.id()));
                }
            });
            // to a device or pipe (/dev/stdout) the confirmation goes to stderr, so the data stays clean
            var confirm = Files.isRegularFile(out) ? System.out : System.err;
            confirm.printf("wrote %s (%s, run %d, %d bytes)%n", out, format, r.id(), Files.isRegularFile(out) ? Files.size(out) : 0);
            return 0;
        }
    }
}
