package dev.gradflow.model.spec;

import org.junit.jupiter.api.Test;

import static dev.gradflow.model.spec.BreadthSpecValidationTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** sparsity.pruning: defaults, validation with JSON paths, and the cubic schedule. */
class PruningSpecTest {
    @Test
    void cubicScheduleOfZhuAndGupta() {
        assertThat(PruningSpec.scheduledDensity(0.5, 0.1, 10, 20, 5)).isEqualTo(0.5);
        assertThat(PruningSpec.scheduledDensity(0.5, 0.1, 10, 20, 10)).isEqualTo(0.5);
        assertThat(PruningSpec.scheduledDensity(0.5, 0.1, 10, 20, 15)).isCloseTo(0.1 + 0.4 * 0.125, within(1e-12));
        assertThat(PruningSpec.scheduledDensity(1.0, 0.2, 0, 100, 25)).isCloseTo(0.2 + 0.8 * Math.pow(0.75, 3), within(1e-12));
        assertThat(PruningSpec.scheduledDensity(0.5, 0.1, 10, 20, 20)).isEqualTo(0.1);
        assertThat(PruningSpec.scheduledDensity(0.5, 0.1, 10, 20, 99)).isEqualTo(0.1);
    }

    @Test
    void defaultsAndRoundTrip() {
        ExperimentSpec g = SpecIO.parse("""
                {"sparsity": {"pruning": {"type": "gradual", "endStep": 500, "finalDensity": 0.1}}}""", "test");
        assertThat(g.sparsity().pruning()).isEqualTo(PruningSpec.gradual(0, 500, 100, 0.1));
        ExperimentSpec o = SpecIO.parse("""
                {"sparsity": {"pruning": {"type": "one-shot", "afterSteps": 50, "targetDensity": 0.2}}}""", "test");
        assertThat(o.sparsity().pruning()).isEqualTo(PruningSpec.oneShot(50, 0.2, PruningSpec.Scope.LAYER, false));
        assertThat(SpecIO.parse(SpecIO.toJson(o), "again")).isEqualTo(o);
        assertThat(SpecIO.toJson(o)).doesNotContain("finalDensity");
        assertThat(SpecIO.toJson(SpecIO.parse("{}", "test"))).doesNotContain("pruning");
    }

    @Test
    void rewindNamesItsProcedureAndStillAcceptsTheOlderBooleans() {
        String base = """
                {"sparsity": {"pruning": {"type": "one-shot", "afterSteps": 50, "targetDensity": 0.2, "rewind": %s}}}""";
        assertThat(SpecIO.parse(base.formatted("true"), "t").sparsity().pruning().rewind()).isEqualTo(PruningSpec.Rewind.WEIGHTS);
        assertThat(SpecIO.parse(base.formatted("false"), "t").sparsity().pruning().rewind()).isEqualTo(PruningSpec.Rewind.NONE);
        assertThat(SpecIO.parse(base.formatted("\"weights\""), "t").sparsity().pruning().rewind())
                .isEqualTo(PruningSpec.Rewind.WEIGHTS);
        ExperimentSpec ticket = SpecIO.parse(base.formatted("\"lottery-ticket\""), "t");
        assertThat(ticket.sparsity().pruning()).isEqualTo(PruningSpec.oneShot(50, 0.2, PruningSpec.Scope.LAYER,
                PruningSpec.Rewind.LOTTERY_TICKET));
        assertThat(SpecIO.toJson(ticket)).contains("\"rewind\" : \"lottery-ticket\"");
        assertThat(SpecIO.parse(SpecIO.toJson(ticket), "again")).isEqualTo(ticket);
        // the boolean form is read as the named one, so both spell the same spec and hash
        assertThat(SpecIO.hash(SpecIO.parse(base.formatted("true"), "t")))
                .isEqualTo(SpecIO.hash(SpecIO.parse(base.formatted("\"weights\""), "t")));
        assertThat(problems(base.formatted("\"ticket\""))).containsExactly(
                "sparsity.pruning.rewind: \"ticket\" is not allowed; expected one of none, weights, lottery-ticket (or true, false)");
        assertThat(problems(base.formatted("1"))).containsExactly(
                "sparsity.pruning.rewind: 1 is not allowed; expected one of none, weights, lottery-ticket (or true, false)");
    }

    @Test
    void problemsNameTheirJsonPath() {
        assertThat(problems("""
                {"sparsity": {"pruning": {"type": "gradual", "startStep": 10, "endStep": 10, "frequency": 0,
                  "finalDensity": 1.5, "rewind": true}}}"""))
                .containsExactlyInAnyOrder(
                        "sparsity.pruning.rewind: \"weights\" is not allowed; expected no rewind for type gradual (it belongs to type one-shot)",
                        "sparsity.pruning.endStep: 10 is not allowed; expected a step > startStep (10)",
                        "sparsity.pruning.frequency: 0 is not allowed; expected an integer >= 1",
                        "sparsity.pruning.finalDensity: 1.5 is not allowed; expected a fraction > 0 and <= 1");
        assertThat(problems("""
                {"sparsity": {"pruning": {"type": "one-shot", "scope": "net", "finalDensity": 0.1}}}"""))
                .containsExactlyInAnyOrder(
                        "sparsity.pruning.scope: \"net\" is not allowed; expected one of layer, global",
                        "sparsity.pruning.finalDensity: 0.1 is not allowed; expected no finalDensity for type one-shot (it belongs to type gradual)",
                        "sparsity.pruning.afterSteps: missing; expected an integer >= 1 for type one-shot",
                        "sparsity.pruning.targetDensity: missing; expected a fraction > 0 and <= 1 for type one-shot");
        assertThat(problems("""
                {"sparsity": {"pruning": {"endStep": 5}}}""")).hasSize(1).allMatch(m -> m.startsWith("sparsity.pruning.type"));
    }
}
