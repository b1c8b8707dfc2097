package dev.gradflow.model.spec;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** sparsity.dynamic: parsing, defaults, the schedule, and every rule reported with its JSON path. */
class DynamicSparsitySpecTest {
    private static String spec(String sparsity) {
        return """
                {"version": 2, "name": "d", "seed": 1, "dataset": {"id": "blobs"},
                 "architecture": {"layers": [{"width": 8}]}, "sparsity": %s}
                """.formatted(sparsity);
    }

    private static List<String> problems(String sparsity) {
        SpecException e = catchThrowableOfType(() -> SpecIO.parse(spec(sparsity), "d.json"), SpecException.class);
        assertThat(e).as("expected problems for %s", sparsity).isNotNull();
        return e.problems().stream().map(Problem::message).toList();
    }

    @Test
    void parsesWithRigLDefaults() {
        ExperimentSpec s = SpecIO.parse(spec("{\"density\": 0.1, \"dynamic\": {\"type\": \"rigl\", \"endStep\": 300}}"), "d.json");
        DynamicSparsitySpec d = s.sparsity().dynamic();
        assertThat(d.type()).isEqualTo(DynamicSparsitySpec.Type.RIGL);
        assertThat(d.updateEvery()).isEqualTo(100);
        assertThat(d.dropFraction()).isEqualTo(0.3);
        assertThat(d.decay()).isEqualTo(DynamicSparsitySpec.Decay.COSINE);
        assertThat(d.isUpdateStep(100)).isTrue();
        assertThat(d.isUpdateStep(300)).isFalse();
        assertThat(d.isUpdateStep(50)).isFalse();
        // f(t) = 0.3/2 (1 + cos(pi t / 300)): 0.3 at 0, 0.15 at 150, 0 from 300
        assertThat(d.dropFractionAt(0)).isCloseTo(0.3, within(1e-15));
        assertThat(d.dropFractionAt(150)).isCloseTo(0.15, within(1e-15));
        assertThat(d.dropFractionAt(300)).isZero();
    }

    @Test
    void specsWithoutDynamicKeepTheirCanonicalJson() {
        ExperimentSpec s = SpecIO.parse(spec("{\"density\": 0.1}"), "d.json");
        assertThat(SpecIO.toJson(s)).doesNotContain("dynamic");
    }

    @Test
    void combiningWithPruningIsRejectedWithItsPath() {
        assertThat(problems("{\"density\": 0.5, \"pruning\": {\"type\": \"gradual\", \"endStep\": 10, \"finalDensity\": 0.1},"
                + " \"dynamic\": {\"type\": \"set\", \"endStep\": 300}}"))
                .anyMatch(m -> m.startsWith("sparsity.dynamic: ") && m.contains("not both"));
    }

    @Test
    void everyFieldIsValidatedWithItsJsonPath() {
        List<String> m = problems("{\"density\": 1.0, \"dynamic\": {\"updateEvery\": 0, \"dropFraction\": 1.5}}");
        assertThat(m).anyMatch(x -> x.startsWith("sparsity.dynamic.type: missing"))
                .anyMatch(x -> x.startsWith("sparsity.dynamic.updateEvery: 0 is not allowed"))
                .anyMatch(x -> x.startsWith("sparsity.dynamic.dropFraction: 1.5 is not allowed"))
                .anyMatch(x -> x.startsWith("sparsity.dynamic.endStep: missing"))
                .anyMatch(x -> x.startsWith("sparsity.density: 1 is not allowed"));
        assertThat(problems("{\"density\": 0.5, \"dynamic\": {\"type\": \"sett\", \"endStep\": 10}}"))
                .anyMatch(x -> x.startsWith("sparsity.dynamic.type"));
        assertThat(problems("{\"density\": 0.5, \"dynamic\": {\"type\": \"set\", \"decay\": \"linear\", \"endStep\": 10}}"))
                .anyMatch(x -> x.startsWith("sparsity.dynamic.decay"));
        assertThat(problems("{\"density\": 0.5, \"dynamic\": {\"type\": \"set\", \"updateEvery\": 50, \"endStep\": 50}}"))
                .anyMatch(x -> x.startsWith("sparsity.dynamic.endStep: 50 is not allowed"));
        assertThat(problems("{\"density\": 0.5, \"dynamic\": {\"type\": \"set\", \"endStep\": 500, \"every\": 3}}"))
                .anyMatch(x -> x.startsWith("sparsity.dynamic.every"));
        // constant decay needs no endStep
        assertThat(SpecIO.parse(spec("{\"density\": 0.5, \"dynamic\": {\"type\": \"set\", \"decay\": \"constant\"}}"), "d.json")
                .sparsity().dynamic().isUpdateStep(1000)).isTrue();
    }

    @Test
    void exampleSpecsParse() {
        for (String n : List.of("fmnist-set", "fmnist-rigl")) {
            ExperimentSpec s = SpecIO.read(Path.of("..", "sample-data", "specs", n + ".json"));
            assertThat(s.sparsity().dynamic().type().id()).isEqualTo(n.substring(7));
        }
    }
}
