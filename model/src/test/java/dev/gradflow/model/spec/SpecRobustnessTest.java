package dev.gradflow.model.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Hostile and careless spec input: every case is one clear problem in the workbench's words, never parser internals. */
class SpecRobustnessTest {
    @TempDir
    Path tmp;

    private static List<Problem> problems(String json) {
        SpecException e = catchThrowableOfType(() -> SpecIO.parse(json, "t.json"), SpecException.class);
        assertThat(e).as("expected rejection of " + json).isNotNull();
        for (Problem p : e.problems()) assertJackFree(p.message());
        return e.problems();
    }

    private static void assertJackFree(String m) {
        assertThat(m).doesNotContain("JsonReadFeature", "StreamReadConstraints", "Input length", "jackson", "Jackson",
                "JsonToken", "`", "Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"weightDecay", "l2", "clipThreshold", "learningRate", "epsilon"})
    void numbersBeyondTheDoubleRangeAreRejectedNotTakenAsInfinity(String field) {
        List<Problem> p = problems("{\"optimizer\": {\"" + field + "\": 1e999}}");
        assertThat(p).extracting(Problem::path).contains("optimizer." + field);
        assertThat(p.get(0).message()).contains("Infinity", "a finite number");
    }

    @Test
    void nonFiniteValuesBuiltInCodeAreRejectedToo() {
        OptimizerSpec o = OptimizerSpec.builder(OptimizerSpec.Type.ADAM).learningRate(1e-3).l2(Double.POSITIVE_INFINITY).weightDecay(Double.POSITIVE_INFINITY).clipping(OptimizerSpec.Clipping.NORM).clipThreshold(Double.POSITIVE_INFINITY).build();
        ExperimentSpec s = ExperimentSpec.defaults().withOptimizer(o);
        assertThat(SpecIO.problems(s)).extracting(Problem::path)
                .containsExactlyInAnyOrder("optimizer.l2", "optimizer.weightDecay", "optimizer.clipThreshold");
    }

    @Test
    void trailingContentAfterTheDocumentIsRejected() {
        List<Problem> p = problems("{\"name\": \"a\"}}{\"training\": {}} garbage");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).message()).contains("after the end of the JSON document", "line 1, column 14");
        assertThat(problems("{}\n{}").get(0).message()).contains("after the end");
        assertThat(problems("{} x").get(0).message()).contains("after the end");
        // whitespace after the document is fine
        assertThat(SpecIO.parse("{}\n\n  \t\n", "ok")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "+Infinity"})
    void nonNumericLiteralsAreExplainedInPlainWords(String literal) {
        List<Problem> p = problems("{\"optimizer\": {\"learningRate\": " + literal + "}}");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).message()).contains("line 1", "not a number JSON allows");
    }

    @Test
    void deepNestingIsExplainedInPlainWords() {
        String deep = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
        List<Problem> p = problems(deep);
        assertThat(p.get(0).message()).contains("nested more than " + SpecIO.MAX_NESTING + " levels");
    }

    @Test
    void binaryAndNonUtf8FilesAreNamedAsSuch() throws Exception {
        Path bin = tmp.resolve("bin.json");
        Files.write(bin, new byte[]{'{', 0, 1, 2, '}'});
        SpecException e = catchThrowableOfType(() -> SpecIO.read(bin), SpecException.class);
        assertThat(e.problems().get(0).message()).contains("NUL byte", "not a text file");
        Path latin1 = tmp.resolve("latin1.json");
        Files.write(latin1, "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        e = catchThrowableOfType(() -> SpecIO.read(latin1), SpecException.class);
        assertThat(e.problems().get(0).message()).contains("not UTF-8", "0xE9", "offset 13").doesNotContain("Input length");
        Path bom = tmp.resolve("bom.json");
        Files.write(bom, "\uFEFF{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(SpecIO.read(bom).name()).isEqualTo("caf\u00e9");
    }

    @Test
    void hugeFilesAndFoldersAreRejectedWithoutReadingThem() throws Exception {
        Path big = tmp.resolve("big.json");
        Files.writeString(big, "{\"name\": \"" + "x".repeat((int) SpecIO.MAX_FILE_BYTES) + "\"}");
        SpecException e = catchThrowableOfType(() -> SpecIO.read(big), SpecException.class);
        assertThat(e.getMessage()).contains("a spec file is at most").hasSizeLessThan(400);
        e = catchThrowableOfType(() -> SpecIO.read(tmp), SpecException.class);
        assertThat(e.getMessage()).contains("is a folder");
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String longName = "n".repeat(500_000);
        SpecException e = catchThrowableOfType(() -> SpecIO.parse("{\"name\": \"" + longName + "\"}", "t"), SpecException.class);
        assertThat(e.getMessage()).hasSizeLessThan(400).contains("(500002 characters)");
        String longKey = "k".repeat(20_000);
        e = catchThrowableOfType(() -> SpecIO.parse("{\"" + longKey + "\": 1}", "t"), SpecException.class);
        assertThat(e.getMessage()).hasSizeLessThan(600);
        e = catchThrowableOfType(() -> SpecIO.parse("{\"optimizer\": {\"type\": \"" + longKey + "\"}}", "t"), SpecException.class);
        assertThat(e.getMessage()).hasSizeLessThan(600);
    }

    @Test
    void controlCharactersAndTerminalEscapesAreShownEscaped() {
        SpecException e = catchThrowableOfType(() -> SpecIO.parse("{\"name\": \"\\u001b[31mred\\n\\u0000\", \"seed\": -1}",
                "t"), SpecException.class);
        assertThat(e.getMessage()).doesNotContain("\u001b", "\u0000");
        e = catchThrowableOfType(() -> SpecIO.parse("{\"\\u001b[2Jx\": 1}", "t"), SpecException.class);
        assertThat(e.getMessage()).contains("\\u001B[2Jx").doesNotContain("\u001b");
    }

    @Test
    void networksTooDeepOrTooLargeToTrainAreRejected() {
        String layers = "{\"width\": 2},".repeat(2999) + "{\"width\": 2}";
        List<Problem> p = problems("{\"architecture\": {\"layers\": [" + layers + "]}}");
        assertThat(p).extracting(Problem::path).containsExactly("architecture.layers");
        p = problems("{\"architecture\": {\"layers\": [{\"width\": 1000000}, {\"width\": 1000000}]}}");
        assertThat(p).extracting(Problem::path).contains("architecture");
        assertThat(p.get(0).message()).contains("weights");
        p = problems("{\"dataset\": {\"id\": \"cifar10\", \"path\": \"/x\"}, \"architecture\": {\"type\": \"cnn\", "
                + "\"blocks\": [{\"filters\": 4096}]}, \"training\": {\"batchSize\": 4096}}");
        assertThat(p).extracting(Problem::path).contains("training.batchSize");
    }

    @Test
    void shapeRulesUseTheDatasetsKnownShapeAndSayWhichItWas() {
        List<Problem> p = problems("{\"dataset\": {\"id\": \"cifar10\", \"path\": \"/x\"}, \"architecture\": {\"type\": \"cnn\", "
                + "\"blocks\": [{\"filters\": 2, \"kernel\": 33, \"same\": false}]}}");
        assertThat(p).extracting(Problem::path).containsExactly("architecture.blocks[0].kernel");
        assertThat(p.get(0).message()).contains("[3, 32, 32]", "cifar10", "at most 32");
        // 33 fits cifar's 32 + 2 * 1 padding
        assertThat(SpecIO.parse("{\"dataset\": {\"id\": \"cifar10\", \"path\": \"/x\"}, \"architecture\": {\"type\": \"cnn\", "
                + "\"blocks\": [{\"filters\": 2, \"kernel\": 33, \"same\": false, \"padding\": 1}]}}", "ok")).isNotNull();
    }

    @Test
    void everySampleSpecStillValidates() throws Exception {
        try (var files = Files.list(Path.of("..", "sample-data", "specs"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).toList()) {
                assertThat(SpecIO.read(f)).as(f.toString()).isNotNull();
            }
        }
    }

    @Test
    void divergenceSettingsAreValidatedAndLeaveOtherSpecsJsonAndHashUnchanged() {
        ExperimentSpec plain = SpecIO.parse("{\"training\": {\"epochs\": 2}}", "a");
        assertThat(SpecIO.toJson(plain)).doesNotContain("divergence");
        assertThat(plain.training().divergenceRule()).isEqualTo(DivergenceSpec.defaults());
        ExperimentSpec given = SpecIO.parse("{\"training\": {\"epochs\": 2, \"divergence\": {\"lossFactor\": 5}}}", "b");
        assertThat(SpecIO.toJson(given)).contains("\"lossFactor\" : 5.0", "\"patience\" : 10");
        assertThat(SpecIO.hash(given)).isNotEqualTo(SpecIO.hash(plain));
        List<Problem> p = problems("{\"training\": {\"divergence\": {\"lossFactor\": 1, \"patience\": 0, "
                + "\"maxGradientNorm\": -1}}}");
        assertThat(p).extracting(Problem::path).containsExactlyInAnyOrder("training.divergence.lossFactor",
                "training.divergence.patience", "training.divergence.maxGradientNorm");
    }
}
