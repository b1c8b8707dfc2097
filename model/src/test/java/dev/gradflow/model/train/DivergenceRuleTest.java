package dev.gradflow.model.train;

import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.spec.DivergenceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The divergence rule of docs/spec.md ("training.divergence"), step by step. */
class DivergenceRuleTest {
    private static List<LayerStats> stats(double l2) {
        return List.of(new LayerStats(0, "dense1", l2, l2, l2, l2, 4, 4, 1, 0.1));
    }

    @Test
    void lossRuleNeedsPatienceConsecutiveStepsAboveKTimesTheStepZeroLoss() {
        DivergenceRule r = new DivergenceRule(new DivergenceSpec(true, 10.0, 3, null));
        assertThat(r.check(0, 2.0, null, Double.NaN)).isNull();       // step-0 loss 2 -> bound 20
        assertThat(r.check(1, 25, null, Double.NaN)).isNull();        // 1 above
        assertThat(r.check(2, 25, null, Double.NaN)).isNull();        // 2 above
        assertThat(r.check(3, 19, null, Double.NaN)).isNull();        // reset
        assertThat(r.check(4, 21, null, Double.NaN)).isNull();
        assertThat(r.check(5, 21, null, Double.NaN)).isNull();
        assertThat(r.check(6, 21, null, Double.NaN))
                .isEqualTo("diverged at step 6: the loss 21.00 has been above training.divergence.lossFactor 10.0 x the "
                        + "step-0 loss 2.000 for 3 consecutive steps");
    }

    @Test
    void gradientRuleFiresOnTheFirstLoggedStepAboveTheBound() {
        DivergenceRule r = new DivergenceRule(new DivergenceSpec(true, null, null, 100.0));
        assertThat(r.check(0, 2, stats(1), 99)).isNull();
        assertThat(r.check(1, 2, null, 1e9)).isNull();                // not logged: no gradient to judge
        assertThat(r.check(2, 2, stats(1), 101)).startsWith("diverged at step 2: gradient norm gf2 101");
    }

    @Test
    void nonFiniteValuesEndTheRunEvenWithTheRulesOff() {
        DivergenceRule r = new DivergenceRule(new DivergenceSpec(false, null, null, null));
        assertThat(r.check(0, 2, stats(1), 1)).isNull();
        assertThat(r.check(1, 1e30, stats(1e30), 1e30)).isNull();    // rules off: explosions allowed
        assertThat(r.check(2, 2, stats(Double.POSITIVE_INFINITY), 1)).isEqualTo(
                "diverged at step 2: the gradient of layer dense1 became Infinity");
        assertThat(new DivergenceRule(DivergenceSpec.defaults()).check(0, Double.NaN, null, Double.NaN))
                .isEqualTo("diverged at step 0: the loss became NaN");
    }
}
