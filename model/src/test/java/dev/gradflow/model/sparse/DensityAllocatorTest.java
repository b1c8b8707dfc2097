package dev.gradflow.model.sparse;

import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.SparsitySpec.Distribution;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DensityAllocatorTest {
    private static final List<WeightShape> MLP = List.of(WeightShape.dense("dense1", 784, 300),
            WeightShape.dense("dense2", 300, 100), WeightShape.dense("output", 100, 10));

    private static SparsitySpec spec(double d, Distribution dist, List<Double> explicit, boolean first, boolean last) {
        return SparsitySpec.of(d, dist).withLayerDensities(explicit).withDenseFirstLayer(first).withDenseLastLayer(last);
    }

    @Test
    void uniformGivesEveryLayerTheDensity() {
        assertThat(DensityAllocator.allocate(spec(0.2, Distribution.UNIFORM, null, false, false), MLP))
                .containsExactly(0.2, 0.2, 0.2);
    }

    @Test
    void denseFirstAndLastLayersAreKeptDenseInEveryMode() {
        assertThat(DensityAllocator.allocate(spec(0.2, Distribution.UNIFORM, null, true, true), MLP))
                .containsExactly(1.0, 0.2, 1.0);
        assertThat(DensityAllocator.allocate(spec(0.2, Distribution.EXPLICIT, List.of(0.1, 0.3, 0.5), true, false), MLP))
                .containsExactly(1.0, 0.3, 0.5);
        double[] erk = DensityAllocator.allocate(spec(0.2, Distribution.ERK, null, false, true), MLP);
        assertThat(erk[2]).isEqualTo(1.0);
        assertThat(erk[0] * MLP.get(0).count() + erk[1] * MLP.get(1).count())
                .isCloseTo(0.2 * (MLP.get(0).count() + MLP.get(1).count()), within(1e-6));
    }

    @Test
    void explicitDensitiesAreUsedAsGiven() {
        assertThat(DensityAllocator.allocate(spec(1.0, Distribution.EXPLICIT, List.of(0.1, 0.3, 0.5), false, false), MLP))
                .containsExactly(0.1, 0.3, 0.5);
    }

    @Test
    void erkMeetsTheBudgetWithDensitiesProportionalToSumOverProductOfDimensions() {
        double density = 0.02; // low enough that no layer reaches density 1
        double[] d = DensityAllocator.allocate(spec(density, Distribution.ERK, null, false, false), MLP);
        long total = MLP.stream().mapToLong(WeightShape::count).sum();
        double active = 0;
        for (int i = 0; i < d.length; i++) active += d[i] * MLP.get(i).count();
        assertThat(active).isCloseTo(density * total, within(1e-6));
        for (double x : d) assertThat(x).isGreaterThan(0).isLessThanOrEqualTo(1);
        for (int i = 1; i < d.length; i++) {
            double ratio = d[i] / d[0];
            assertThat(ratio).isCloseTo(score(MLP.get(i)) / score(MLP.get(0)), within(1e-9));
        }
    }

    @Test
    void erkMakesLayersThatWouldExceedOneDenseAndStillMeetsTheBudget() {
        // the 100x10 output layer's ERK score (0.11) is far above the 784x300 layer's (0.0046): at density 0.1 it
        // would need more than 100% and is made dense
        double density = 0.1;
        double[] d = DensityAllocator.allocate(spec(density, Distribution.ERK, null, false, false), MLP);
        assertThat(d[2]).isEqualTo(1.0);
        long total = MLP.stream().mapToLong(WeightShape::count).sum();
        double active = 0;
        for (int i = 0; i < d.length; i++) active += d[i] * MLP.get(i).count();
        assertThat(active).isCloseTo(density * total, within(1e-6));
        assertThat(d[1] / d[0]).isCloseTo(score(MLP.get(1)) / score(MLP.get(0)), within(1e-9));
        assertThat(d[0]).isLessThan(1.0);
        // and with masks drawn from those densities the active count is the budget within rounding
        long drawn = 0;
        for (int i = 0; i < d.length; i++) drawn += LayerMask.random(MLP.get(i), d[i], new java.util.SplittableRandom(i)).active();
        assertThat((double) drawn).isCloseTo(density * total, within(3.0));
    }

    @Test
    void erkForcesLayersDenseRepeatedlyUntilNoneExceedsOne() {
        // at 0.5 forcing the output layer dense pushes the 300x100 layer over 1 as well; the rest takes the budget
        double[] d = DensityAllocator.allocate(spec(0.5, Distribution.ERK, null, false, false), MLP);
        assertThat(d[1]).isEqualTo(1.0);
        assertThat(d[2]).isEqualTo(1.0);
        long total = MLP.stream().mapToLong(WeightShape::count).sum();
        assertThat(d[0]).isCloseTo((0.5 * total - 30000 - 1000) / 235200.0, within(1e-12));
    }

    private static double score(WeightShape s) {
        long nIn = s.dims()[0], nOut = s.dims()[1];
        return (double) (nIn + nOut) / (nIn * nOut);
    }
}
