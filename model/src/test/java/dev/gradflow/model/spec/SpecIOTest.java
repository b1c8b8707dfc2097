package dev.gradflow.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SpecIOTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExperimentSpec full() {
        return ExperimentSpec.defaults().withVersion(ExperimentSpec.CURRENT_VERSION).withName("full")
                .withDescription("every field set").withSeed(42L)
                .withDataset(DatasetSpec.builder(DatasetSpec.DatasetId.SPIRALS).normalization(DatasetSpec.Normalization.UNIT)
                        .trainExamples(500).testExamples(100).examples(800).noise(0.2).classes(4).testFraction(0.25)
                        .labels(DatasetSpec.CifarLabels.FINE).build())
                .withArchitecture(ArchitectureSpec.mlp(List.of(
                        LayerSpec.of(32, Activation.PRELU).withBatchNorm(true).withDropout(0.1),
                        LayerSpec.of(16, Activation.SWISH))))
                .withSparsity(SparsitySpec.of(0.3, SparsitySpec.Distribution.EXPLICIT)
                        .withLayerDensities(List.of(0.2, 0.4, 0.9)).withDenseLastLayer(true))
                .withInit(InitSpec.of(InitSpec.Scheme.GLOROT, InitSpec.Law.UNIFORM, InitSpec.Fan.SPARSE))
                .withOptimizer(OptimizerSpec.builder(OptimizerSpec.Type.ADAMW).learningRate(0.003).momentum(0.8)
                        .beta1(0.85).beta2(0.99).epsilon(1e-7).rmsDecay(0.9)
                        .schedule(ScheduleSpec.of(ScheduleSpec.Type.COSINE).withWarmupSteps(10).withStepSize(100)
                                .withGamma(0.5).withMinLearningRate(1e-5))
                        .l2(1e-4).weightDecay(0.02).clipping(OptimizerSpec.Clipping.NORM).clipThreshold(5.0).build())
                .withTraining(TrainingSpec.defaults().withBatchSize(64).withEpochs(3).withLogEvery(2))
                .withEvaluation(new EvaluationSpec(5, EvaluationSpec.Split.TEST, 256, false));
    }

    @Test
    void everySampleSpecParses() throws IOException {
        Path dir = Path.of("..", "sample-data", "specs");
        assertThat(Files.isDirectory(dir)).as("sample spec folder " + dir.toAbsolutePath().normalize() + " exists").isTrue();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("sample specs in " + dir).isNotEmpty();
        for (Path f : files) assertThat(SpecIO.read(f)).as(f.toString()).isNotNull();
    }

    @Test
    void specWithSeveralMistakesReportsAllOfThemWithJsonPaths() {
        String json = """
                {
                  "version": 2,
                  "nmae": "typo",
                  "seed": "seven",
                  "dataset": {"id": "mnist"},
                  "architecture": {"layers": [{"width": 10}, {"width": 8}, {"width": -5}]},
                  "sparsity": {"density": 0.5, "distribution": "explicit", "layerDensities": [0.5, 0.5]},
                  "training": {"batchSize": 0}
                }
                """;
        SpecException e = catchThrowableOfType(() -> SpecIO.parse(json, "bad.json"), SpecException.class);
        List<String> messages = e.problems().stream().map(Problem::message).toList();
        assertThat(messages).contains(
                "nmae: unknown field; expected one of version, name, description, seed, dataset, architecture, "
                        + "sparsity, init, optimizer, training, evaluation",
                "seed: \"seven\" is not allowed; expected a whole number",
                "architecture.layers[2].width: -5 is not allowed; expected an integer >= 1",
                "sparsity.layerDensities: 2 values is not allowed; expected 4 values, one per weight layer "
                        + "(hidden layers, then the output layer)",
                "training.batchSize: 0 is not allowed; expected an integer >= 1");
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("dataset.id: \"mnist\" is not allowed; expected one of ")
                .contains("fashion-mnist", "spirals", "cifar100"));
        assertThat(messages).hasSize(6);
        assertThat(e.getMessage()).startsWith("6 problems in bad.json:");
    }

    @Test
    void wrongTypeInsideAListIsReportedWithoutRepeatingItAsARangeProblem() {
        String json = """
                {"architecture": {"layers": [{"width": "wide"}]}, "training": {"epochs": 0}}
                """;
        SpecException e = catchThrowableOfType(() -> SpecIO.parse(json, "x"), SpecException.class);
        assertThat(e.problems()).extracting(Problem::message).containsExactly(
                "architecture.layers[0].width: \"wide\" is not allowed; expected an integer",
                "training.epochs: 0 is not allowed; expected an integer >= 1");
    }

    @Test
    void invalidJsonReportsLineAndColumn() {
        SpecException e = catchThrowableOfType(() -> SpecIO.parse("{\n  \"name\": \"x\",\n  \"seed\": }\n", "broken.json"),
                SpecException.class);
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).message()).contains("valid JSON at line 3, column");
    }

    @Test
    void missingFieldsTakeTheirDefaults() {
        ExperimentSpec s = SpecIO.parse("{}", "empty");
        assertThat(s).isEqualTo(ExperimentSpec.defaults());
        assertThat(s.seed()).isEqualTo(1L);
        assertThat(s.training().batchSize()).isEqualTo(128);
        assertThat(s.evaluation().points()).isEqualTo(11);
        assertThat(s.optimizer().type()).isEqualTo(OptimizerSpec.Type.ADAM);
        assertThat(s.sparsity().density()).isEqualTo(1.0);
        assertThat(SpecIO.parse("{\"optimizer\": {\"type\": \"adamw\"}}", "x").optimizer().weightDecay()).isEqualTo(0.01);
        assertThat(SpecIO.toJson(s)).contains("\"batchSize\" : 128", "\"scheme\" : \"he\"", "\"points\" : 11");
    }

    @Test
    void toJsonThenParseGivesAnEqualSpec() {
        ExperimentSpec spec = full();
        assertThat(SpecIO.problems(spec)).isEmpty();
        assertThat(SpecIO.parse(SpecIO.toJson(spec), "round trip")).isEqualTo(spec);
        ExperimentSpec defaults = SpecIO.parse("{}", "d");
        assertThat(SpecIO.parse(SpecIO.toJson(defaults), "d2")).isEqualTo(defaults);
    }

    @Test
    void writeThenReadGivesAnEqualSpec(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("sub/spec.json");
        SpecIO.write(full(), f);
        assertThat(SpecIO.read(f)).isEqualTo(full());
        assertThatThrownBy(() -> SpecIO.read(dir.resolve("missing.json"))).isInstanceOf(SpecException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void hashIsStableAndChangesWithEveryField() throws Exception {
        ExperimentSpec spec = full();
        String hash = SpecIO.hash(spec);
        assertThat(hash).hasSize(64).isEqualTo(SpecIO.hash(full()));
        assertThat(SpecIO.hash(SpecIO.parse(SpecIO.toJson(spec), "x"))).isEqualTo(hash);

        JsonNode tree = JSON.readTree(SpecIO.toJson(spec));
        List<String> leaves = new ArrayList<>();
        collectLeaves(tree, "", leaves);
        assertThat(leaves).hasSizeGreaterThan(40);
        Set<String> hashes = new HashSet<>();
        hashes.add(hash);
        int changed = 0;
        for (String leaf : leaves) {
            JsonNode copy = tree.deepCopy();
            if (!mutate(copy, leaf)) continue;
            ExperimentSpec other;
            try {
                other = JSON.treeToValue(copy, ExperimentSpec.class);
            } catch (Exception notBindable) {
                continue;
            }
            assertThat(SpecIO.hash(other)).as("hash after changing %s", leaf).isNotEqualTo(hash);
            hashes.add(SpecIO.hash(other));
            changed++;
        }
        for (Map.Entry<String, String> e : Map.of("optimizer.type", "sgd", "dataset.id", "blobs", "init.scheme", "he",
                "sparsity.distribution", "erk", "evaluation.split", "train").entrySet()) {
            JsonNode copy = tree.deepCopy();
            ObjectNode parent = (ObjectNode) copy.at("/" + e.getKey().substring(0, e.getKey().indexOf('.')));
            parent.put(e.getKey().substring(e.getKey().indexOf('.') + 1), e.getValue());
            assertThat(SpecIO.hash(JSON.treeToValue(copy, ExperimentSpec.class))).as(e.getKey()).isNotEqualTo(hash);
        }
        assertThat(changed).isGreaterThan(35);
        assertThat(hashes).hasSize(changed + 1);
    }

    private static void collectLeaves(JsonNode node, String pointer, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> collectLeaves(f.getValue(), pointer + "/" + f.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) collectLeaves(node.get(i), pointer + "/" + i, out);
        } else if (!node.isNull()) {
            out.add(pointer);
        }
    }

    /** Changes the leaf at a JSON pointer to a different value of the same JSON type. */
    private static boolean mutate(JsonNode root, String pointer) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, cut));
        String key = pointer.substring(cut + 1);
        JsonNode v = root.at(pointer);
        JsonNode nv;
        if (v.isIntegralNumber()) nv = JSON.getNodeFactory().numberNode(v.asLong() + 1);
        else if (v.isNumber()) nv = JSON.getNodeFactory().numberNode(v.asDouble() == 0 ? 0.125 : v.asDouble() * 0.5);
        else if (v.isBoolean()) nv = JSON.getNodeFactory().booleanNode(!v.asBoolean());
        else if (v.isTextual()) nv = JSON.getNodeFactory().textNode(v.asText() + "x");
        else return false;
        if (parent.isObject()) ((ObjectNode) parent).set(key, nv);
        else ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(key), nv);
        return true;
    }
}
