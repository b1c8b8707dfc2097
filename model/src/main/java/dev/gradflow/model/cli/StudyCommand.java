package dev.gradflow.model.cli;

import dev.gradflow.model.study.CrossStudyCorrelations;
import dev.gradflow.model.study.StudyBaseline;
import dev.gradflow.model.study.StudyReport;
import dev.gradflow.model.study.StudyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import dev.gradflow.model.spec.Messages;

@Command(name = "study", mixinStandardHelpOptions = true, description = "List studies in a store and report on them.",
        subcommands = {StudyCommand.List.class, StudyCommand.Report.class, StudyCommand.Correlations.class})
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

        @Option(names = "--baseline", paramLabel = "AXIS=VALUE[,AXIS=VALUE...]",
                description = "Also compare each configuration with its baseline: the configuration with the same other "
                        + "axes and these values (e.g. l2=0,weightDecay=0), paired by seed, with Holm-adjusted p")
        String baseline;

        @Override
        public Integer call() {
            if (!java.util.List.of("text", "csv", "latex").contains(format)) throw new UserException("--format must be text, csv or latex");
            java.util.Map<String, String> base = baseline == null ? java.util.Map.of() : StudyBaseline.parse(baseline);
            store.openExisting().close();
            try (StudyStore s = StudyStore.openReadOnly(store.path())) {
                long id = s.resolve(study);
                System.out.print(StudyReport.render(StudyReport.tables(s, id, base), format));
            }
            return 0;
        }
    }
    @Command(name = "correlations", mixinStandardHelpOptions = true,
            description = "Correlation of each gradient-flow measure with test loss and accuracy over the runs of "
                    + "several studies of one store (merge stores first with `gradflow merge`), sparse and dense apart")
    static final class Correlations implements Callable<Integer> {
        @Parameters(paramLabel = "STUDY", arity = "1..*", description = "Study ids, names or study files")
        java.util.List<String> studies;

        @Mixin
        StoreOption store;

        @Option(names = "--format", defaultValue = "text", description = "text, csv or latex (default: ${DEFAULT-VALUE})")
        String format;

        @Override
        public Integer call() {
            if (!java.util.List.of("text", "csv", "latex").contains(format)) throw new UserException("--format must be text, csv or latex");
            store.openExisting().close();
            java.util.List<CrossStudyCorrelations.StudyRuns> pooled = new java.util.ArrayList<>();
            try (StudyStore s = StudyStore.openReadOnly(store.path())) {
                for (String study : studies) pooled.add(CrossStudyCorrelations.load(s, s.resolve(study)));
            }
            System.out.print(StudyReport.render(CrossStudyCorrelations.tables(pooled), format));
            return 0;
        }
    }
}
