package dev.gradflow.model.cli;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.store.FlowMeans;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.gradflow.model.spec.Messages;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one run: summary, layers, evaluation points (gradient flow), epochs, provenance.")
final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "Run id or unique name")
    String run;

    @Mixin
    StoreOption store;

    @Option(names = "--json", description = "Print everything as one JSON document")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (RunStore runs = store.openExisting()) {
            RunSummary r = StoreOption.find(runs, run);
            List<LayerInfo> layers = runs.layers(r.id());
            List<EvalPoint> evals = runs.evalPoints(r.id());
            List<EpochRecord> epochs = runs.epochs(r.id());
            Map<String, String> provenance = runs.provenance(r.id());
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("run", r);
                doc.put("spec", Json.MAPPER.readTree(runs.specJson(r.id())));
                doc.put("provenance", provenance);
                doc.put("layers", layers);
                doc.put("evalPoints", evals.stream().map(ShowCommand::evalJson).toList());
                doc.put("runMeans", meansJson(runs.flowMeans(r.id())));
                doc.put("epochs", epochs.stream().map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("epoch", e.epoch());
                    m.put("step", e.step());
                    m.put("trainLoss", Json.num(e.trainLoss()));
                    m.put("trainAccuracy", Json.num(e.trainAccuracy()));
                    m.put("testLoss", Json.num(e.testLoss()));
                    m.put("testAccuracy", Json.num(e.testAccuracy()));
                    m.put("seconds", e.seconds());
                    return m;
                }).toList());
                System.out.println(Json.write(doc));
                return 0;
            }
            System.out.printf("run %d  %s%n", r.id(), p(r.name()));
            System.out.printf("status    %s%s%n", r.status().dbName(), r.message() == null ? "" : " (" + p(r.message()) + ")");
            System.out.printf("dataset   %s, optimizer %s, activation %s, seed %d, density %.4f%n", p(r.dataset()),
                    p(r.optimizer()), p(r.activation()), r.seed(), r.density());
            System.out.printf("steps     %d%n", r.steps());
            if (r.finalTestAccuracy() != null) {
                System.out.printf("test      accuracy %.4f, loss %.4f%n", r.finalTestAccuracy(), r.finalTestLoss());
            }
            System.out.println();
            System.out.printf("%-10s %14s %12s %12s %8s%n", "layer", "shape", "weights", "active", "density");
            for (LayerInfo l : layers) {
                System.out.printf("%-10s %14s %12d %12d %8.4f%n", p(l.name()), shape(l.shape()), l.weights(), l.active(),
                        (double) l.active() / l.weights());
            }
            if (!evals.isEmpty()) {
                System.out.println();
                System.out.println("evaluation points (gradient of the mean loss on the evaluation set)");
                System.out.printf("%3s %8s %9s %9s %9s %10s %10s %10s %10s%n", "#", "step", "eval loss", "train acc",
                        "test acc", "gf2", "EGF1", "EGF2", "EGF2/act");
                for (EvalPoint p : evals) {
                    System.out.printf("%3d %8d %9.4f %9.4f %9.4f %10.4g %10.4g %10.4g %10.4g%n", p.index(), p.step(),
                            p.evalLoss(), p.trainAccuracy(), p.testAccuracy(), p.flow().gf2(), p.flow().egf1(),
                            p.flow().egf2(), p.flow().egf2PerActive());
                }
                FlowMeans m = runs.flowMeans(r.id());
                System.out.printf("%-42s %10s %10s %10s %10s%n", "run mean (over the " + m.points() + " points)",
                        g(m.gf2()), g(m.egf1()), g(m.egf2()), g(m.egf2PerActive()));
            }
            if (!epochs.isEmpty()) {
                System.out.println();
                System.out.printf("%5s %8s %10s %9s %9s %9s %8s%n", "epoch", "step", "train loss", "train acc",
                        "test loss", "test acc", "seconds");
                for (EpochRecord e : epochs) {
                    System.out.printf("%5d %8d %10.4f %9.4f %9.4f %9.4f %8.1f%n", e.epoch(), e.step(), e.trainLoss(),
                            e.trainAccuracy(), e.testLoss(), e.testAccuracy(), e.seconds());
                }
            }
            System.out.println();
            provenance.forEach((k, v) -> System.out.printf("%-20s %s%n", p(k), p(v)));
            return 0;
        }
    }

    private static Map<String, Object> evalJson(EvalPoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", p.index());
        m.put("step", p.step());
        m.put("evalLoss", Json.num(p.evalLoss()));
        m.put("trainLoss", Json.num(p.trainLoss()));
        m.put("trainAccuracy", Json.num(p.trainAccuracy()));
        m.put("testLoss", Json.num(p.testLoss()));
        m.put("testAccuracy", Json.num(p.testAccuracy()));
        var f = p.flow();
        m.put("gf1", Json.num(f.gf1()));
        m.put("gf2", Json.num(f.gf2()));
        m.put("egf1", Json.num(f.egf1()));
        m.put("egf2", Json.num(f.egf2()));
        m.put("egf1PerActive", Json.num(f.egf1PerActive()));
        m.put("egf2PerActive", Json.num(f.egf2PerActive()));
        List<Map<String, Object>> layers = new ArrayList<>();
        for (var s : p.layers()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", s.name());
            l.put("l1All", Json.num(s.l1All()));
            l.put("l2All", Json.num(s.l2All()));
            l.put("l1Active", Json.num(s.l1Active()));
            l.put("l2Active", Json.num(s.l2Active()));
            l.put("weights", s.weights());
            l.put("active", s.active());
            l.put("weightL2", Json.num(s.weightL2()));
            layers.add(l);
        }
        m.put("layers", layers);
        return m;
    }

    private static String g(Double v) {
        return v == null ? "-" : String.format("%.4g", v);
    }

    /** A run's mean of each measure over its evaluation points (FlowMeans). */
    private static Map<String, Object> meansJson(FlowMeans m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("points", m.points());
        out.put("gf1", m.gf1());
        out.put("gf2", m.gf2());
        out.put("egf1", m.egf1());
        out.put("egf2", m.egf2());
        out.put("egf1PerActive", m.egf1PerActive());
        out.put("egf2PerActive", m.egf2PerActive());
        return out;
    }

    /** Text from the store shown with control characters escaped (names, messages, provenance). */
    private static String p(String s) {
        return s == null ? "-" : Messages.printable(s);
    }

    static String shape(long[] s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length; i++) b.append(i == 0 ? "" : "x").append(s[i]);
        return b.toString();
    }

}
