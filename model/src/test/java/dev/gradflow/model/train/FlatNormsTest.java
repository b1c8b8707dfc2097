package dev.gradflow.model.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FlatNormsTest {

    @Test
    void fusedNormsOfALargeViewMatchNd4jReductions() {
        // A view at an offset inside a bigger flat buffer, large enough to be split across threads.
        INDArray flat = Nd4j.randn(DataType.FLOAT, 1, 700_001);
        INDArray view = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 600_001)).reshape('f', 600, 1000);
        assertThat(FlatNorms.isFlat(view)).isTrue();
        double[] out = new double[2];
        FlatNorms.l1l2(view, out);
        // Compared with ND4J in double precision (ND4J's float32 accumulation is off by ~1e-5 at this size).
        INDArray exact = view.castTo(DataType.DOUBLE);
        assertThat(out[0]).isCloseTo(exact.norm1Number().doubleValue(), within(1e-9 * out[0]));
        assertThat(out[1]).isCloseTo(exact.norm2Number().doubleValue(), within(1e-9 * out[1]));
    }

    @Test
    void gatheredNormsOverActiveIndicesEqualNormsOfTheMaskedArray() {
        long[] shape = {500, 400};
        float[] mask = new float[200_000];
        SplittableRandom rng = new SplittableRandom(3);
        long active = 0;
        for (int i = 0; i < mask.length; i++) {
            if (rng.nextDouble() < 0.6) { mask[i] = 1f; active++; }
        }
        INDArray w = Nd4j.randn(DataType.FLOAT, shape).dup('f');
        INDArray m = Nd4j.create(mask, shape, 'c').dup('f');
        int[] idx = FlatNorms.activeIndices(mask, shape, 'f', active);
        assertThat(idx).hasSize((int) active);
        double[] out = new double[2];
        FlatNorms.l1l2At(w, idx, out);
        INDArray masked = w.mul(m).castTo(DataType.DOUBLE);
        assertThat(out[0]).isCloseTo(masked.norm1Number().doubleValue(), within(1e-9 * out[0]));
        assertThat(out[1]).isCloseTo(masked.norm2Number().doubleValue(), within(1e-9 * out[1]));
    }

    @Test
    void fusedMaskingPassMasksInPlaceAndGivesRawAndMaskedNorms() {
        for (double density : new double[]{0.1, 0.6}) { // gathered masked norms (sparse) and in-pass sums (dense)
            long[] shape = {300, 700};
            float[] mask = new float[300 * 700];
            SplittableRandom rng = new SplittableRandom(5);
            long active = 0;
            for (int i = 0; i < mask.length; i++) {
                if (rng.nextDouble() < density) { mask[i] = 1f; active++; }
            }
            // A view at an offset inside a bigger flat buffer, in 'f' order like DL4J weight views.
            INDArray flat = Nd4j.randn(DataType.FLOAT, 1, 300 * 700 + 13);
            INDArray g = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(7, 7 + 300 * 700)).reshape('f', 300, 700);
            assertThat(FlatNorms.isFlat(g)).isTrue();
            INDArray raw = g.castTo(DataType.DOUBLE);
            INDArray m = Nd4j.create(mask, shape, 'c').dup('f');
            INDArray expectedMasked = g.mul(m);
            int[] idx = FlatNorms.activeIndices(mask, shape, 'f', active);
            float[] maskFlat = new float[mask.length];
            for (int k : idx) maskFlat[k] = 1f;
            double[] out = new double[4];
            FlatNorms.maskL1L2(g, maskFlat, idx, out);
            assertThat(g).isEqualTo(expectedMasked);
            INDArray masked = expectedMasked.castTo(DataType.DOUBLE);
            // The raw norms of the sparse path are summed in float within blocks of 256 elements (64 terms per
            // chain) and in double across blocks: the error is bounded by 64 * 2^-24 ~ 4e-6 relative and is observed
            // at ~1e-9 here (random rounding averages out over blocks); 1e-6 still catches any real error (a lost or
            // doubled block is off by > 1e-3). The masked norms are summed in double: 1e-9.
            double rawTol = density < 0.25 ? 1e-6 : 1e-9;
            assertThat(out[0]).isCloseTo(raw.norm1Number().doubleValue(), within(rawTol * out[0]));
            assertThat(out[1]).isCloseTo(raw.norm2Number().doubleValue(), within(rawTol * out[1]));
            assertThat(out[2]).isCloseTo(masked.norm1Number().doubleValue(), within(1e-9 * out[2]));
            assertThat(out[3]).isCloseTo(masked.norm2Number().doubleValue(), within(1e-9 * out[3]));
            // The elements around the view are untouched.
            assertThat(flat.getFloat(0, 6)).isNotZero();
            assertThat(flat.getFloat(0, 7 + 300 * 700)).isNotZero();
        }
    }

    @Test
    void combinedGatherGivesBothL2Norms() {
        long[] shape = {400, 500};
        float[] mask = new float[200_000];
        SplittableRandom rng = new SplittableRandom(9);
        long active = 0;
        for (int i = 0; i < mask.length; i++) {
            if (rng.nextDouble() < 0.5) { mask[i] = 1f; active++; }
        }
        INDArray m = Nd4j.create(mask, shape, 'c').dup('f');
        INDArray w = Nd4j.randn(DataType.FLOAT, shape).dup('f').muli(m);
        INDArray u = Nd4j.randn(DataType.FLOAT, shape).dup('f').muli(m);
        int[] idx = FlatNorms.activeIndices(mask, shape, 'f', active);
        double[] out = new double[2];
        FlatNorms.l2At2(w, u, idx, out);
        double ew = w.castTo(DataType.DOUBLE).norm2Number().doubleValue();
        double eu = u.castTo(DataType.DOUBLE).norm2Number().doubleValue();
        assertThat(out[0]).isCloseTo(ew, within(1e-9 * ew));
        assertThat(out[1]).isCloseTo(eu, within(1e-9 * eu));
    }
}
