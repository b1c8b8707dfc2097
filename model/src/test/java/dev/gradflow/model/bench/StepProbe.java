package dev.gradflow.model.bench;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.train.SparseNetwork;
import dev.gradflow.model.train.Trainer;
import dev.gradflow.model.train.TrainingObserver;

import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: a measuring tool (docs/performance.md, round 2). Trains a spec as {@code gradflow bench} does (bench
 * spec, generated data when the dataset is absent) and prints, per segment of {@code steps} steps (logged and
 * unlogged segments in ABBA order, {@code rounds} pairs), the wall-clock and process-CPU milliseconds per step, the
 * ND4J binary and whether the first layer has a DL4J helper (oneDNN). Arguments: spec file, steps, rounds, and
 * optionally {@code noeval} (no evaluation points in logged segments). Run one JVM per binary and alternate them.
 */
public class StepProbe {
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] a) throws Exception {
        ExperimentSpec spec = SpecBenchmark.benchSpec(SpecIO.read(Path.of(a[0])), null);
        if (a.length > 3 && a[3].equals("noeval")) {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(SpecIO.toJson(spec));
            tree.with("evaluation").put("points", 0);
            spec = SpecIO.parse(m.writeValueAsString(tree), "noeval");
            System.out.println("no evaluation points");
        }
        int steps = Integer.parseInt(a[1]), rounds = Integer.parseInt(a[2]);
        DatasetSplit data = SpecBenchmark.data(spec, List.of(Path.of("/usr/share/datasets")), spec.training().batchSize() * steps, System.err);
        Trainer trainer = new Trainer(spec, data);
        SparseNetwork net = trainer.buildNetwork();
        long[] t = new long[4];
        TrainingObserver o = new TrainingObserver() {
            @Override public void progress(long done, long total, double loss, double eps) {
                if (done == 1) { t[0] = System.nanoTime(); t[1] = cpu(); }
                t[2] = System.nanoTime(); t[3] = cpu();
            }
        };
        trainer.run(net, o, () -> false, false);
        for (int r = 0; r < rounds; r++) {
            for (boolean logged : new boolean[]{r % 2 == 0, r % 2 != 0}) {
                trainer.run(net, o, () -> false, logged);
                System.out.printf("%s %s wall %.1f cpu %.1f ms/step%n", SpecBenchmark.nd4jBinary(), logged ? "logged  " : "unlogged",
                        (t[2] - t[0]) / 1e6 / (steps - 1), (t[3] - t[1]) / 1e6 / (steps - 1));
            }
        }
        if (!net.isGraph()) System.out.println("helper of first layer: " + net.net().getLayer(0).getHelper());
    }
}
