package dev.gradflow.model.spec;

import dev.gradflow.model.study.StudyException;
import dev.gradflow.model.study.StudyFile;
import dev.gradflow.model.study.StudyPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.gradflow.model.spec.BreadthSpecValidationTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spec version 2 (torch.optim's rules and defaults): a spec without {@code version} is version 2, the version is part
 * of the canonical JSON and hash (so a run stored under version 1 never shares a hash with a version-2 spec), version
 * 1 is rejected with a message saying why and how to upgrade, and the optimizer defaults are torch's.
 */
class SpecVersionTest {
    @Test
    void aSpecWithoutVersionIsTheCurrentVersionAndTheVersionIsHashed() {
        ExperimentSpec implicit = SpecIO.parse("{\"optimizer\": {\"type\": \"rmsprop\"}}", "t");
        ExperimentSpec explicit = SpecIO.parse("{\"version\": 2, \"optimizer\": {\"type\": \"rmsprop\"}}", "t");
        assertThat(ExperimentSpec.CURRENT_VERSION).isEqualTo(2);
        assertThat(implicit.version()).isEqualTo(2);
        assertThat(implicit).isEqualTo(explicit);
        assertThat(SpecIO.hash(implicit)).isEqualTo(SpecIO.hash(explicit));
        assertThat(SpecIO.toJson(implicit)).startsWith("{\n  \"version\" : 2,");
        // the same fields under version 1 (as stored by older runs) hash differently
        ExperimentSpec v1 = implicit.withVersion(1);
        assertThat(SpecIO.hash(v1)).isNotEqualTo(SpecIO.hash(implicit));
    }

    @Test
    void versionOneIsRejectedWithTheReasonAndTheUpgrade() {
        assertThat(problems("{\"version\": 1}")).singleElement().satisfies(m -> assertThat(m)
                .startsWith("version: 1 is not allowed; expected 2 (version 1 meant DL4J's optimizer rules, now retired)")
                .contains("retired", "set \"version\": 2 or remove the field", "docs/spec.md", "runs already in a store keep"));
        assertThat(problems("{\"version\": 3}")).containsExactly("version: 3 is not allowed; expected 2 (the current spec version)");
        assertThat(SpecIO.parse("{\"version\": 2}", "t").version()).isEqualTo(2);
    }

    @Test
    void sweepsHashVersionTwoSpecsStablySoResumeFindsTheirRuns() {
        String grid = """
                { "name": "v", "base": { "dataset": { "id": "spirals", "examples": 200 },
                    "architecture": { "layers": [ { "width": 8 } ] } },
                  "axes": { "optimizer.type": ["adagrad", "rmsprop"] }, "seeds": [1, 2] }""";
        StudyPlan a = StudyPlan.of(StudyFile.parse(grid, "v.json"));
        StudyPlan b = StudyPlan.of(StudyFile.parse(grid, "v.json"));
        assertThat(a.runs()).hasSize(4);
        for (int i = 0; i < a.runs().size(); i++) {
            var run = a.runs().get(i);
            assertThat(run.spec().version()).isEqualTo(2);
            assertThat(run.hash()).isEqualTo(b.runs().get(i).hash())
                    .isEqualTo(SpecIO.hash(SpecIO.parse(SpecIO.toJson(run.spec()), "stored")));
        }
        assertThatThrownBy(() -> StudyPlan.of(StudyFile.parse(grid.replace("\"base\": {", "\"base\": { \"version\": 1,"), "v.json")))
                .isInstanceOf(StudyException.class).hasMessageContaining("version: 1 is not allowed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // type, learningRate, epsilon, rmsDecay, weightDecay: torch.optim's defaults (lr: the spec's 0.001 except adadelta)
            "sgd, 0.001, 1e-8, 0.99, 0",
            "adagrad, 0.001, 1e-10, 0.99, 0",
            "adam, 0.001, 1e-8, 0.99, 0",
            "adamw, 0.001, 1e-8, 0.99, 0.01",
            "rmsprop, 0.001, 1e-8, 0.99, 0",
            "adadelta, 1.0, 1e-6, 0.9, 0",
            "nadam, 0.001, 1e-8, 0.99, 0",
    })
    void optimizerDefaultsAreTorchs(String type, double lr, double eps, double rmsDecay, double wd) {
        OptimizerSpec o = SpecIO.parse("{\"optimizer\": {\"type\": \"" + type + "\"}}", "t").optimizer();
        assertThat(o.learningRate()).isEqualTo(lr);
        assertThat(o.epsilon()).isEqualTo(eps);
        assertThat(o.rmsDecay()).isEqualTo(rmsDecay);
        assertThat(o.weightDecay()).isEqualTo(wd);
        assertThat(o.beta1()).isEqualTo(0.9);
        assertThat(o.beta2()).isEqualTo(0.999);
        assertThat(o.momentum()).isEqualTo(0.9);
    }
}
