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
}
