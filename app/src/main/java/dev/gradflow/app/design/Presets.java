package dev.gradflow.app.design;

import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.EvaluationSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.spec.TrainingSpec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Example specs for the Presets menu: the ones built in here, then every {@code *.json} in the classpath folder
 * {@code /gradflow-sample-data/specs/} (packaged by the sample-data module).
 */
public final class Presets {
    public static final String RESOURCE_DIR = "/gradflow-sample-data/specs/";

    public record Preset(String title, ExperimentSpec spec) {
    }

    private Presets() {
    }

    /**
     * The Presets menu: the example specs, plus the built-in specs no example already covers (same name or same
     * teaching point), each once. The example {@code quick-demo} is titled "Quick demo" as in the README.
     */
    public static List<Preset> all() {
        List<Preset> examples = fromClasspath();
        Set<String> names = new HashSet<>();
        for (Preset p : examples) names.add(p.spec().name());
        List<Preset> out = new ArrayList<>();
        for (Preset b : builtIn()) {
            String covered = COVERED_BY.get(b.spec().name());
            if (!names.contains(b.spec().name()) && (covered == null || !names.contains(covered))) out.add(b);
        }
        for (Preset p : examples) {
            out.add("quick-demo".equals(p.spec().name())
                    ? new Preset("Quick demo: sparse MLP on the Fashion-MNIST sample", p.spec()) : p);
        }
        return out;
    }

    /** Built-in presets and the example spec that teaches the same thing (the example wins in the menu). */
    private static final Map<String, String> COVERED_BY = Map.of("batchnorm-sparse", "batchnorm-sparse-mlp",
            "swish-sparse", "swish-sparse-mlp");

    public static List<Preset> builtIn() {
        return List.of(
                new Preset("Quick demo: sparse MLP on the Fashion-MNIST sample", quickDemo()),
                new Preset("Tiny spirals (trains in seconds)", tinySpirals()),
                new Preset("BatchNorm and a sparse MLP", batchNorm()),
                new Preset("Swish vs ReLU when sparse (Swish arm)", swish()));
    }

    /** A small sparse MLP on the bundled Fashion-MNIST sample: two epochs, about half a minute. */
    public static ExperimentSpec quickDemo() {
        return spec("quick-demo", "Sparse (10%) 256-128 ReLU MLP on the bundled Fashion-MNIST sample",
                DatasetSpec.builder(DatasetId.FASHION_MNIST_SAMPLE).trainExamples(3000).build(),
                List.of(LayerSpec.of(256, Activation.RELU), LayerSpec.of(128, Activation.RELU)),
                0.1, OptimizerSpec.of(OptimizerSpec.Type.ADAM, 1e-3), 64, 2, 6);
    }

    /** Spirals, a few hundred points, a handful of epochs: for smoke tests and first contact. */
    public static ExperimentSpec tinySpirals() {
        return spec("tiny-spirals", "Sparse (50%) 32-32 ReLU MLP on 3-arm spirals",
                DatasetSpec.builder(DatasetId.SPIRALS).examples(600).build(),
                List.of(LayerSpec.of(32, Activation.RELU), LayerSpec.of(32, Activation.RELU)),
                0.5, OptimizerSpec.of(OptimizerSpec.Type.ADAM, 1e-2), 32, 3, 3);
    }

    public static ExperimentSpec batchNorm() {
        return spec("batchnorm-sparse", "300-100 ReLU MLP with BatchNorm at 5% density, SGD with momentum",
                DatasetSpec.of(DatasetId.FASHION_MNIST_SAMPLE),
                List.of(new LayerSpec(300, Activation.RELU, true, 0.0), new LayerSpec(100, Activation.RELU, true, 0.0)),
                0.05, OptimizerSpec.of(OptimizerSpec.Type.MOMENTUM, 0.02), 64, 3, 11);
    }

    public static ExperimentSpec swish() {
        return spec("swish-sparse", "300-100 Swish MLP at 10% density; re-run with ReLU to compare",
                DatasetSpec.of(DatasetId.FASHION_MNIST_SAMPLE),
                List.of(LayerSpec.of(300, Activation.SWISH), LayerSpec.of(100, Activation.SWISH)),
                0.1, OptimizerSpec.of(OptimizerSpec.Type.ADAM, 1e-3), 64, 3, 11);
    }

    private static ExperimentSpec spec(String name, String description, DatasetSpec data, List<LayerSpec> layers,
                                       double density, OptimizerSpec opt, int batch, int epochs, int points) {
        return ExperimentSpec.defaults().withName(name).withDescription(description).withSeed(42L).withDataset(data)
                .withArchitecture(ArchitectureSpec.mlp(layers)).withSparsity(SparsitySpec.uniform(density))
                .withOptimizer(opt).withTraining(TrainingSpec.defaults().withBatchSize(batch).withEpochs(epochs).withLogEvery(1))
                .withEvaluation(EvaluationSpec.defaults().withPoints(points).withExamples(512).withSnapshots(false));
    }

    /** Specs shipped in the sample-data module; unreadable ones are skipped. */
    public static List<Preset> fromClasspath() {
        List<Preset> out = new ArrayList<>();
        URL url = Presets.class.getResource(RESOURCE_DIR);
        if (url == null) return out;
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    collect(fs.getPath(RESOURCE_DIR), out);
                }
            } else {
                collect(Path.of(uri), out);
            }
        } catch (Exception e) {
            // presets are optional
        }
        return out;
    }

    private static void collect(Path dir, List<Preset> out) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    ExperimentSpec spec = SpecIO.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), f.getFileName().toString());
                    out.add(new Preset(f.getFileName().toString().replaceFirst("\\.json$", "") + " (example)", spec));
                } catch (RuntimeException ignored) {
                    // a broken example must not break the menu
                }
            }
        }
    }
}
