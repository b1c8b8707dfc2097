package dev.gradflow.model.cli;

import dev.gradflow.model.study.StudyFile;
import dev.gradflow.model.study.StudyPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import dev.gradflow.model.study.StudyEstimate;
import dev.gradflow.model.study.StudyStore;
import java.nio.file.Files;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run every run of a study (grid) file into a store; resumes without redoing finished runs.",
                "See docs/studies.md for the file format."})
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "GRID", description = "Study / grid file (JSON)")
    Path grid;

    @Mixin
    StoreOption store;

    @Option(names = "--workers", defaultValue = "1", description = "Runs trained at once; > 1 starts separate JVMs (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--shard", paramLabel = "i/N", description = "Run only shard i of N (0-based; SC-SDC pairs stay together), e.g. $SLURM_ARRAY_TASK_ID/8")
    String shard;

    @Option(names = "--dry-run", description = "List the runs (and which are already done) without training")
    boolean dryRun;

    @Mixin
    DataDirsOption dataDir;

    @Option(names = "--report", paramLabel = "FORMAT", description = "Print the study report at the end: text, csv or latex")
    String report;

    @Override
    public Integer call() {
        StudyCli.checkOptions(workers, report, "--report");
        StudyPlan plan = StudyPlan.of(StudyFile.read(grid));
        if (shard != null) {
            int[] s = StudyPlan.parseShard(shard);
            plan = plan.shard(s[0], s[1]);
        }
        if (dryRun) return dryRun(plan, store.path());
        return StudyCli.run(plan, store.path(), workers, dataDir.dirs(), report);
    }

    static int dryRun(StudyPlan plan, Path storePath) {
        StudyCli.printPlan(plan, System.out);
        boolean exists = Files.exists(storePath);
        var studies = exists ? StudyStore.open(storePath) : null;
        double units = 0;
        try {
            for (var r : plan.runs()) {
                boolean done = studies != null && studies.doneRun(r.hash()).isPresent();
                units += done ? 0 : StudyPlan.workUnits(r.spec());
                System.out.printf("%s  %s  %s%n", done ? "done" : "todo", r.hash().substring(0, 12), r.name());
            }
        } finally {
            if (studies != null) studies.close();
        }
        System.out.printf("estimated training time of the remaining runs: about %s (one worker)%n",
                ProgressReporter.duration(units * StudyEstimate.SECONDS_PER_UNIT));
        return 0;
    }
}
