package dev.gradflow.model.train;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SparseKernels} against an independent double-precision replay of the definitions (docs/performance.md,
 * "Sparse kernels"), straight from the row-major mask and weights: {@code Z = X (W .* M)},
 * {@code dX = dZ (W .* M)^T}, {@code G = (X^T dZ) .* M}. Shapes include batches that are not a multiple of the
 * kernels' unrolling, empty rows and columns, and layers large enough to be split across the cores.
 */
class SparseKernelsTest {

    @ParameterizedTest(name = "{0}x{1}, density {2}, batch {3}")
    @CsvSource({"7, 5, 0.4, 3", "20, 16, 0.3, 13", "64, 48, 0.05, 128", "300, 200, 0.3, 20", "30, 40, 1.0, 9",
            "50, 30, 0.0, 8"})
    void kernelsMatchADoublePrecisionReplay(int nIn, int nOut, double density, int batch) {
        SplittableRandom rng = new SplittableRandom(nIn * 31L + nOut);
        float[] mask = new float[nIn * nOut];
        float[] w = new float[nIn * nOut]; // row-major [nIn, nOut], masked entries 0
        for (int k = 0; k < mask.length; k++) {
            if (rng.nextDouble() < density) {
                mask[k] = 1f;
                w[k] = (float) rng.nextGaussian();
            }
        }
        // leave input row 0 and output column 0 empty when the layer is sparse at all
        if (density < 1) {
            for (int j = 0; j < nOut; j++) { mask[j] = 0; w[j] = 0; }
            for (int i = 0; i < nIn; i++) { mask[i * nOut] = 0; w[i * nOut] = 0; }
        }
        float[][] x = gaussian(rng, batch, nIn), dz = gaussian(rng, batch, nOut);

        SparseKernels k = new SparseKernels(mask, nIn, nOut);
        float[] colMajorW = new float[nIn * nOut];
        for (int i = 0; i < nIn; i++) for (int j = 0; j < nOut; j++) colMajorW[i + j * nIn] = w[i * nOut + j];
        k.gather(FloatBuffer.wrap(colMajorW), 0);
        int active = 0;
        for (float m : mask) if (m != 0) active++;
        assertEquals(active, k.nnz);

        float[] xt = featureMajor(x), dt = featureMajor(dz);
        float[] zt = new float[nOut * batch + 5], dxt = new float[nIn * batch + 5], g = new float[k.nnz];
        java.util.Arrays.fill(zt, Float.NaN);  // kernels must overwrite, not accumulate
        java.util.Arrays.fill(dxt, Float.NaN);
        k.forward(xt, zt, batch);
        k.inputGradient(dt, dxt, batch);
        k.weightGradient(xt, dt, g, batch);
        float[] gFull = new float[nIn * nOut];
        k.scatter(g, FloatBuffer.wrap(gFull), 0);

        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < nOut; j++) {
                double s = 0, mag = 0;
                for (int i = 0; i < nIn; i++) {
                    double t = (double) x[b][i] * w[i * nOut + j] * mask[i * nOut + j];
                    s += t;
                    mag += Math.abs(t);
                }
                close("Z[" + b + "," + j + "]", s, zt[j * batch + b], mag, nIn);
            }
            for (int i = 0; i < nIn; i++) {
                double s = 0, mag = 0;
                for (int j = 0; j < nOut; j++) {
                    double t = (double) dz[b][j] * w[i * nOut + j] * mask[i * nOut + j];
                    s += t;
                    mag += Math.abs(t);
                }
                close("dX[" + b + "," + i + "]", s, dxt[i * batch + b], mag, nOut);
            }
        }
        for (int i = 0; i < nIn; i++) {
            for (int j = 0; j < nOut; j++) {
                double s = 0, mag = 0;
                for (int b = 0; b < batch; b++) {
                    double t = (double) x[b][i] * dz[b][j];
                    s += t;
                    mag += Math.abs(t);
                }
                if (mask[i * nOut + j] == 0) {
                    assertEquals(0f, gFull[i + j * nIn], "masked G[" + i + "," + j + "] is not written");
                } else {
                    close("G[" + i + "," + j + "]", s, gFull[i + j * nIn], mag, batch);
                }
            }
        }
        assertTrue(nOut > 0);
    }

    /**
     * A float sum of n rounded products, in any order, is within (n + 1) 2^-24 of the sum of |terms| of the exact
     * sum (the standard bound for recursive summation; the double replay's own error is negligible).
     */
    private static void close(String what, double expected, float actual, double magnitude, int n) {
        double tol = (n + 1) * Math.ulp(1f) / 2 * magnitude + 1e-30;
        if (!(Math.abs(expected - actual) <= tol)) {
            throw new AssertionError(what + ": replay " + expected + ", kernel " + actual + " (tolerance " + tol + ")");
        }
    }

    private static float[][] gaussian(SplittableRandom rng, int rows, int cols) {
        float[][] a = new float[rows][cols];
        for (float[] r : a) for (int c = 0; c < cols; c++) r[c] = (float) rng.nextGaussian();
        return a;
    }

    private static float[] featureMajor(float[][] a) {
        int rows = a.length, cols = a[0].length;
        float[] out = new float[rows * cols];
        for (int b = 0; b < rows; b++) for (int f = 0; f < cols; f++) out[f * rows + b] = a[b][f];
        return out;
    }
}
