package dev.gradflow.model.sparse;

import dev.gradflow.model.spec.InitSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LayerMaskAndInitializerTest {
    private static final WeightShape SHAPE = WeightShape.dense("dense1", 300, 200);

    @ParameterizedTest
    @CsvSource({"0.1, 6000", "0.333, 19980", "0.5, 30000", "1.0, 60000", "0.000001, 1"})
    void maskHasExactlyTheRoundedActiveCount(double density, long expected) {
        LayerMask m = LayerMask.random(SHAPE, density, new SplittableRandom(1));
        long ones = 0;
        for (float v : m.values()) {
            assertThat(v).isIn(0f, 1f);
            if (v == 1f) ones++;
        }
        assertThat(ones).isEqualTo(expected);
        assertThat(m.active()).isEqualTo(expected);
        assertThat(m.isDense()).isEqualTo(expected == SHAPE.count());
    }

    @Test
    void maskIsReproducibleFromTheSeedAndDiffersAcrossSeeds() {
        LayerMask a = LayerMask.random(SHAPE, 0.2, new SplittableRandom(42));
        LayerMask b = LayerMask.random(SHAPE, 0.2, new SplittableRandom(42));
        LayerMask c = LayerMask.random(SHAPE, 0.2, new SplittableRandom(43));
        assertThat(b.values()).isEqualTo(a.values());
        assertThat(c.values()).isNotEqualTo(a.values());
    }

    @ParameterizedTest(name = "{0} {1} fan={2}")
    @CsvSource({
            "he, normal, dense", "he, uniform, dense", "he, normal, sparse",
            "glorot, normal, dense", "glorot, uniform, sparse",
            "lecun, normal, dense", "lecun, normal, sparse"})
    void activeWeightsHaveTheSchemesStandardDeviationAndMaskedOnesAreZero(String scheme, String law, String fan) {
        double density = 0.25;
        InitSpec init = InitSpec.of(InitSpec.Scheme.of(scheme), InitSpec.Law.of(law), InitSpec.Fan.of(fan));
        LayerMask mask = LayerMask.random(SHAPE, density, new SplittableRandom(3));
        float[] w = Initializer.draw(init, mask, new SplittableRandom(4));
        double scale = fan.equals("sparse") ? density : 1.0;
        double fanIn = 300 * scale, fanOut = 200 * scale;
        double expected = switch (scheme) {
            case "he" -> Math.sqrt(2 / fanIn);
            case "lecun" -> Math.sqrt(1 / fanIn);
            default -> Math.sqrt(2 / (fanIn + fanOut));
        };
        assertThat(Initializer.std(init, SHAPE, density)).isCloseTo(expected, within(1e-12));
        double sum = 0, sq = 0, max = 0;
        int n = 0;
        for (int i = 0; i < w.length; i++) {
            if (mask.values()[i] == 0f) {
                assertThat(w[i]).isEqualTo(0f);
            } else {
                sum += w[i];
                sq += (double) w[i] * w[i];
                max = Math.max(max, Math.abs(w[i]));
                n++;
            }
        }
        double std = Math.sqrt(sq / n - Math.pow(sum / n, 2));
        // 15000 active weights: the sample std is within about 1.2% of the true one (3 sigma 0.017 for normal)
        assertThat(std).isCloseTo(expected, within(0.02 * expected));
        assertThat(Math.abs(sum / n)).isLessThan(0.03 * expected);
        if (law.equals("uniform")) assertThat(max).isLessThanOrEqualTo(expected * Math.sqrt(3) + 1e-6);
    }

    @Test
    void activeWeightsDoNotDependOnWhichPositionsAreMasked() {
        InitSpec init = InitSpec.of(InitSpec.Scheme.HE, InitSpec.Law.NORMAL, InitSpec.Fan.DENSE);
        LayerMask sparse = LayerMask.random(SHAPE, 0.3, new SplittableRandom(9));
        LayerMask dense = LayerMask.random(SHAPE, 1.0, new SplittableRandom(9));
        float[] ws = Initializer.draw(init, sparse, new SplittableRandom(5));
        float[] wd = Initializer.draw(init, dense, new SplittableRandom(5));
        for (int i = 0; i < ws.length; i++) {
            if (sparse.values()[i] != 0f) assertThat(ws[i]).isEqualTo(wd[i]);
        }
    }
}
