package dev.gradflow.model.cli;

import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.study.StudyFile;
import dev.gradflow.model.study.StudyPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import dev.gradflow.model.study.ScSdc;

@Command(name = "scsdc", mixinStandardHelpOptions = true,
        description = {"SC-SDC: train a sparse spec and, for each dense width, a dense net of the same depth with exactly",
                "as many weights per layer as the sparse net has active weights; link the pairs in the store and",
                "print p-values of H1 'sparse > dense'. The spec's hidden widths are the sparse widths."})
final class ScsdcCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPARSE_SPEC", description = "Spec of the sparse (wide) network")
    Path specFile;

    @Mixin
    StoreOption store;

    @Option(names = "--dense-widths", split = ",", required = true, paramLabel = "W,W,...", description = "Dense widths, e.g. 308,923,1538")
    List<Integer> denseWidths;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds per width: the spec's seed and the following ones (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--workers", defaultValue = "1", description = "Runs trained at once; > 1 starts separate JVMs")
    int workers;

    @Option(names = "--dry-run", description = "Print the pairs and their per-layer weight counts without training")
    boolean dryRun;

    @Mixin
    DataDirsOption dataDir;

    @Option(names = "--format", defaultValue = "text", description = "Report format: text, csv or latex")
    String format;

    @Override
    public Integer call() {
        StudyCli.checkOptions(workers, format, "--format");
        if (seeds < 1 || seeds > 1000) throw new UserException("--seeds " + seeds + " is not allowed; expected 1 to 1000");
        for (int w : denseWidths) {
            if (w < 1 || w > 1_000_000) throw new UserException("--dense-widths " + w + " is not allowed; expected widths from 1 to 1000000");
        }
        ExperimentSpec spec = SpecIO.read(specFile);
        List<Long> s = new ArrayList<>();
        for (int i = 0; i < seeds; i++) s.add(spec.seed() + i);
        StudyPlan plan = StudyPlan.of(StudyFile.scsdcOf(spec, denseWidths, s));
        int[] dims = ScSdc.dims(spec.dataset());
        for (int w : denseWidths) {
            var pair = ScSdc.derive(spec, w, dims[0], dims[1]);
            System.out.printf("dense width %d:%n", w);
            for (var l : pair.layers()) {
                System.out.printf("  %-8s sparse %d of %d weights active (density %.6f), dense %d weights, difference %d, init std %.5f%n",
                        l.name(), l.sparseActive(), l.sparseWeights(), l.density(), l.target(), l.difference(), l.std());
            }
        }
        if (dryRun) return SweepCommand.dryRun(plan, store.path());
        return StudyCli.run(plan, store.path(), workers, dataDir.dirs(), format);
    }
}
