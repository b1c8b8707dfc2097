package dev.gradflow.model.cli;

import dev.gradflow.model.study.StudyFile;
import dev.gradflow.model.study.StudyReport;
import dev.gradflow.model.study.StudyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import dev.gradflow.model.spec.Messages;

@Command(name = "study", mixinStandardHelpOptions = true, description = "List studies in a store and report on them.",
        subcommands = {StudyCommand.List.class, StudyCommand.Report.class})
final class StudyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the studies of a store")
    static final class List implements Callable<Integer> {
        @Mixin
        StoreOption store;

        @Override
        public Integer call() {
            store.openExisting().close();
            try (StudyStore s = StudyStore.openReadOnly(store.path())) {
                for (var st : s.studies()) System.out.printf("%4d  %-6s  %4d runs  %s%n", st.id(), st.kind(), st.runs(), Messages.printable(st.name()));
            }
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Tables of a study: per-configuration means and CIs, SC-SDC p-values, correlations")
    static final class Report implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "STUDY", description = "Study id or name (see study list), or its study/grid file")
        String study;

        @Mixin
        StoreOption store;

        @Option(names = "--format", defaultValue = "text", description = "text, csv or latex (default: ${DEFAULT-VALUE})")
        String format;

        @Override
        public Integer call() {
            if (!java.util.List.of("text", "csv", "latex").contains(format)) throw new UserException("--format must be text, csv or latex");
            store.openExisting().close();
            try (StudyStore s = StudyStore.openReadOnly(store.path())) {
                long id;
                if (study.matches("\\d+") && !Files.exists(Path.of(study))) {
                    id = Long.parseLong(study);
                    if (s.study(id).isEmpty()) throw new UserException("no study " + id + " in " + store.path() + " (see `gradflow study list`)");
                } else if (!Files.exists(Path.of(study))) {
                    // a study name, as `gradflow study list` shows it: the newest study of that name
                    id = s.studies().stream().filter(i -> i.name().equals(study)).mapToLong(StudyStore.StudyInfo::id).max()
                            .orElseThrow(() -> new UserException("no study or study file '" + study + "' (in " + store.path()
                                    + ": see `gradflow study list`)"));
                } else {
                    StudyFile f = StudyFile.read(Path.of(study));
                    id = s.study(f.name(), f.json()).orElseThrow(() -> new UserException("study file " + study
                            + " has not been run into " + store.path() + " (gradflow sweep " + study + " --store ...)")).id();
                }
                System.out.print(StudyReport.render(StudyReport.tables(s.runs(id)), format));
            }
            return 0;
        }
    }
}
