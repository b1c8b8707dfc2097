package dev.gradflow.model.cli;

import dev.gradflow.model.study.StoreMerger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge run stores (e.g. sweep shards) into one: runs with all their rows, and studies.",
                "Runs are identified by spec hash (which includes the seed); duplicates are skipped, conflicts reported."})
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "STORE", description = "Stores to merge")
    List<Path> sources;

    @Option(names = "--into", required = true, paramLabel = "FILE", description = "Target store (created if missing)")
    Path into;

    @Override
    public Integer call() {
        StoreMerger.Report r = StoreMerger.merge(sources, into);
        for (String m : r.messages()) System.out.println(m);
        System.out.printf("merged %d stores into %s: %d runs copied, %d duplicates skipped, %d conflicts, %d still running (skipped), %d study links%n",
                sources.size(), into, r.copied(), r.duplicates(), r.conflicts(), r.skippedRunning(), r.studyLinks());
        return r.conflicts() == 0 ? 0 : 3;
    }
}
