package dev.gradflow.model.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A study file expanded into named runs, in a deterministic order: configurations (last axis fastest), then seeds,
 * then (SC-SDC) dense widths with the sparse run before its dense partner. Names are
 * {@code <study>/<config>/s<seed>} or {@code <study>/<config>/w<width>/<sparse|dense>/s<seed>}.
 */
public record StudyPlan(StudyFile file, List<PlannedRun> runs, List<String> warnings) {

    public static StudyPlan of(StudyFile file) {
        List<PlannedRun> runs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int unit = 0;
        for (Map<String, JsonNode> config : file.configurations()) {
            String label = StudyFile.label(config);
            String configJson = StudyFile.MAPPER.valueToTree(config).toString();
            for (long seed : file.seeds()) {
                String prefix = file.name() + "/" + label;
                ExperimentSpec spec = file.specFor(config, prefix + "/s" + seed).withSeed(seed);
                if (!file.scsdc()) {
                    runs.add(new PlannedRun(unit++, spec.name(), spec, SpecIO.hash(spec), label, configJson, "run",
                            null, null, seed, -1));
                    continue;
                }
                int[] dims = ScSdc.dims(spec.dataset());
                if (dims == null) throw new StudyException("SC-SDC needs a dataset of known size (not " + spec.dataset().id().id() + ")");
                for (int w : file.denseWidths()) {
                    ScSdc.Pair pair;
                    try {
                        pair = ScSdc.derive(spec, w, dims[0], dims[1]);
                    } catch (IllegalArgumentException e) {
                        throw new StudyException(file.name() + " [" + label + "]: " + e.getMessage());
                    }
                    if (!pair.exact()) {
                        warnings.add(label + " w" + w + ": layer active-weight differences " + pair.layers().stream()
                                .map(l -> l.name() + " " + l.difference()).toList());
                    }
                    String pairKey = label + "/w" + w + "/s" + seed;
                    ExperimentSpec sparse = pair.sparse().withName(prefix + "/w" + w + "/sparse/s" + seed);
                    ExperimentSpec dense = pair.dense().withName(prefix + "/w" + w + "/dense/s" + seed);
                    long active = pair.activeWeights();
                    runs.add(new PlannedRun(unit, sparse.name(), sparse, SpecIO.hash(sparse), label, configJson,
                            "sparse", pairKey, w, seed, active));
                    runs.add(new PlannedRun(unit, dense.name(), dense, SpecIO.hash(dense), label, configJson,
                            "dense", pairKey, w, seed, active));
                    unit++;
                }
            }
        }
        return new StudyPlan(file, List.copyOf(runs), List.copyOf(warnings));
    }

    public int units() {
        return runs.isEmpty() ? 0 : runs.get(runs.size() - 1).unit() + 1;
    }

    /** Shard {@code index} of {@code count} (0-based): the units u with u % count == index, in order. */
    public StudyPlan shard(int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new StudyException("--shard " + index + "/" + count + ": expected i/N with N >= 1 and 0 <= i < N");
        }
        return new StudyPlan(file, runs.stream().filter(r -> r.unit() % count == index).toList(), warnings);
    }

    /** Parses {@code i/N}. */
    public static int[] parseShard(String text) {
        String[] p = text.split("/");
        try {
            if (p.length == 2) return new int[]{Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new StudyException("--shard " + text + ": expected i/N, e.g. 0/4 (0-based i, as SLURM_ARRAY_TASK_ID with --array=0-3)");
    }

    /**
     * Rough cost of a run in "work units": epochs x training examples x weights (masked weights included: the
     * dense kernels compute them). {@link StudyRunner} turns units into seconds with a measured rate.
     */
    public static double workUnits(ExperimentSpec spec) {
        int[] dims = ScSdc.dims(spec.dataset());
        int inputs = dims == null ? 784 : dims[0], classes = dims == null ? 10 : dims[1];
        long weights = 0;
        long in = inputs;
        for (var l : spec.architecture().layers()) {
            weights += in * l.width();
            in = l.width();
        }
        weights += in * classes;
        long examples = spec.dataset().trainExamples() != null ? spec.dataset().trainExamples() : defaultExamples(spec);
        return (double) spec.training().epochs() * examples * weights;
    }

    private static long defaultExamples(ExperimentSpec spec) {
        return switch (spec.dataset().id()) {
            case FASHION_MNIST_SAMPLE -> 6000;
            case FASHION_MNIST, CIFAR10, CIFAR100 -> spec.dataset().id().id().startsWith("cifar") ? 50000 : 60000;
            default -> Math.round(spec.dataset().examples() * (1 - spec.dataset().testFraction()));
        };
    }
}
