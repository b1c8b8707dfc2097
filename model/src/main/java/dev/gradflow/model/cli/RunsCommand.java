package dev.gradflow.model.cli;

import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import dev.gradflow.model.spec.Messages;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs in a store (safe while runs train).")
final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Mixin
    StoreOption store;

    @Option(names = "--json", description = "Print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
        try (RunStore runs = store.openExisting()) {
            List<RunSummary> list = runs.listRuns();
            if (json) {
                System.out.println(Json.write(list));
                return 0;
            }
            if (list.isEmpty()) {
                System.out.println("no runs in " + runs.file());
                return 0;
            }
            String fmt = "%4s  %-28s %-11s %-20s %7s %-9s %-10s %7s %8s %10s  %s%n";
            System.out.printf(fmt, "id", "name", "status", "dataset", "density", "optimizer", "activation", "steps",
                    "test acc", "mean EGF2", "created");
            for (RunSummary r : list) {
                System.out.printf(fmt, r.id(), cut(r.name(), 28), r.status().dbName(), cut(r.dataset(), 20),
                        String.format("%.3f", r.density()), cut(r.optimizer(), 9), cut(r.activation(), 10), r.steps(),
                        r.finalTestAccuracy() == null ? "-" : String.format("%.4f", r.finalTestAccuracy()),
                        r.meanEgf2() == null ? "-" : String.format("%.3g", r.meanEgf2()),
                        r.createdAt() == null ? "-" : TIME.format(r.createdAt()));
            }
            return 0;
        }
    }

    /**
     * At most {@code n} characters, control characters (newlines, ANSI escapes, NUL) shown escaped
     * ({@link dev.gradflow.model.spec.Messages#printable}), so a run name can never break or recolour the table.
     */
    static String cut(String s, int n) {
        if (s == null) return "-";
        s = Messages.printable(s);
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
