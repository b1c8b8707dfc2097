package dev.gradflow.model.train;

import dev.gradflow.model.spec.ScheduleSpec;
import dev.gradflow.model.train.optim.HeavyBallMomentum;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScheduleAndMomentumTest {
    @ParameterizedTest(name = "{0} warmup={1} step={2} gamma={3} min={4} t={5} -> {6}")
    @CsvSource({
            // type, warmup, stepSize, gamma, minLr, t, expected (base 0.1, 100 total steps)
            "constant, 0, 1000, 0.1, 0, 0, 0.1",
            "constant, 0, 1000, 0.1, 0, 99, 0.1",
            "constant, 4, 1000, 0.1, 0, 0, 0.025",
            "constant, 4, 1000, 0.1, 0, 2, 0.075",
            "constant, 4, 1000, 0.1, 0, 3, 0.1",
            "step, 0, 10, 0.5, 0, 9, 0.1",
            "step, 0, 10, 0.5, 0, 10, 0.05",
            "step, 0, 10, 0.5, 0, 25, 0.025",
            "step, 5, 10, 0.5, 0, 15, 0.05",
            "exponential, 0, 1000, 0.9, 0, 0, 0.1",
            "exponential, 0, 1000, 0.9, 0, 3, 0.0729",
            "exponential, 2, 1000, 0.9, 0, 4, 0.081",
            "cosine, 0, 1000, 0.1, 0, 0, 0.1",
            "cosine, 0, 1000, 0.1, 0, 50, 0.05",
            "cosine, 0, 1000, 0.1, 0.01, 50, 0.055",
            "cosine, 0, 1000, 0.1, 0.01, 100, 0.01",
            "cosine, 0, 1000, 0.1, 0.01, 150, 0.01",
            "cosine, 20, 1000, 0.1, 0, 60, 0.05",
            "cosine, 0, 1000, 0.1, 0, 25, 0.085355339059327",
    })
    void learningRateFollowsTheDocumentedFormula(String type, int warmup, int stepSize, double gamma, double minLr,
                                                 long t, double expected) {
        ScheduleSpec spec = ScheduleSpec.of(ScheduleSpec.Type.of(type)).withWarmupSteps(warmup).withStepSize(stepSize).withGamma(gamma).withMinLearningRate(minLr);
        LearningRateSchedule s = new LearningRateSchedule(spec, 0.1, 100);
        assertThat(s.valueAt(t)).isCloseTo(expected, within(1e-12));
        assertThat(s.valueAt((int) t, 0)).isEqualTo(s.valueAt(t));
        assertThat(s.clone().valueAt((int) t, 3)).isEqualTo(s.valueAt(t));
    }

    @Test
    void heavyBallMomentumAccumulatesVelocityAndScalesByLearningRate() {
        double lr = 0.5, mu = 0.9;
        HeavyBallMomentum config = new HeavyBallMomentum(lr, null, mu);
        assertThat(config.stateSize(3)).isEqualTo(3);
        INDArray view = Nd4j.create(DataType.DOUBLE, 1, 3);
        var updater = config.instantiate(view, true);
        double[][] grads = {{1, -2, 0}, {0.5, 0, 0}, {-1, 1, 0}};
        double[] v = new double[3];
        for (int it = 0; it < grads.length; it++) {
            INDArray g = Nd4j.create(grads[it], new long[]{1, 3}, DataType.DOUBLE);
            updater.applyUpdater(g, it, 0);
            for (int k = 0; k < 3; k++) {
                v[k] = mu * v[k] + grads[it][k];
                assertThat(g.getDouble(0, k)).as("update[%d] at iteration %d", k, it).isCloseTo(lr * v[k], within(1e-12));
                assertThat(view.getDouble(0, k)).as("velocity[%d] at iteration %d", k, it).isCloseTo(v[k], within(1e-12));
            }
        }
        // a position whose gradient is always 0 keeps a velocity of exactly 0
        assertThat(view.getDouble(0, 2)).isEqualTo(0.0);
        // hand values: v = (1, -2) -> (1.4, -1.8) -> (0.26, -0.62)
        assertThat(v[0]).isCloseTo(0.26, within(1e-12));
        assertThat(v[1]).isCloseTo(-0.62, within(1e-12));
    }

    @Test
    void heavyBallMomentumUsesItsScheduleForTheLearningRate() {
        var schedule = new LearningRateSchedule(ScheduleSpec.of(ScheduleSpec.Type.STEP).withWarmupSteps(0).withStepSize(1).withGamma(0.5).withMinLearningRate(0.0), 1.0, 10);
        HeavyBallMomentum config = new HeavyBallMomentum(1.0, schedule, 0.0);
        var updater = config.instantiate(Nd4j.create(DataType.DOUBLE, 1, 1), true);
        INDArray g = Nd4j.create(new double[]{2}, new long[]{1, 1}, DataType.DOUBLE);
        updater.applyUpdater(g, 2, 0);
        assertThat(g.getDouble(0, 0)).isCloseTo(2 * 0.25, within(1e-12));
        assertThat(config.getLearningRate(3, 0)).isEqualTo(0.125);
    }
}
