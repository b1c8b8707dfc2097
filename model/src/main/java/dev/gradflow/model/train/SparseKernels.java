package dev.gradflow.model.train;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Sparse kernels of one masked dense layer {@code Z = X W} ({@code X} [B, nIn], {@code W} [nIn, nOut]) over its
 * active weights only (docs/performance.md, "Sparse kernels"):
 * <ul>
 *   <li>{@link #forward}: {@code Z[b, j] = sum_{i : M[i, j] = 1} X[b, i] W[i, j]},</li>
 *   <li>{@link #inputGradient}: {@code dX[b, i] = sum_{j : M[i, j] = 1} dZ[b, j] W[i, j]},</li>
 *   <li>{@link #weightGradient}: {@code G[i, j] = sum_b X[b, i] dZ[b, j]} at active (i, j) only (a sampled
 *   dense-dense product), the minibatch sum as DL4J's gradient.</li>
 * </ul>
 * Activations and their gradients are float arrays laid out feature-major, {@code a[f * B + b]} (that is, a [B, n]
 * matrix in column-major order, the memory of an ND4J 'f' array), so that every inner loop runs over the batch with
 * unit stride and the JIT vectorizes it. The active positions are kept twice: by output column j (CSC of the mask,
 * i.e. CSR of {@code W^T}) for the forward pass and the weight gradient, and by input row i (CSR) for the input
 * gradient. The values are gathered from the full weight matrix at every step ({@link #gather}), so the parameter
 * stays the full {@code W} (masked entries 0) and optimizers, the store and every measure keep working.
 * <p>
 * Large layers are split over the cores in parts of equal active counts; each part writes disjoint outputs, so the
 * result does not depend on the number of parts or threads. Summation order inside a kernel is fixed (sums over the
 * batch in eight interleaved partial sums; sums over active entries in index order, four at a time), so results are
 * deterministic and agree with a dense float computation to float precision. Not thread-safe: one training thread.
 */
public final class SparseKernels {
    /** Below this many multiply-adds a kernel runs on the calling thread only. */
    private static final long SPLIT_MIN_WORK = 1L << 18;
    private static final int PARTS = Math.max(1, Runtime.getRuntime().availableProcessors());

    public final int nIn, nOut, nnz;
    private final int[] colPtr;   // [nOut + 1]: column j's entries are colPtr[j] .. colPtr[j + 1] - 1
    private final int[] colIn;    // input index i of each entry, ascending within a column
    private final int[] colW;     // linear index of each entry in the column-major ('f') weight matrix: i + j * nIn
    private final int[] rowPtr;   // [nIn + 1]: row i's entries
    private final int[] rowOut;   // output index j of each row entry, ascending within a row
    private final int[] rowPos;   // position of each row entry in column order
    private final int[] colSplit; // part boundaries over columns, equal active counts
    private final int[] rowSplit; // part boundaries over rows
    private final float[] colVal; // gathered weights, column order
    private final float[] rowVal; // the same weights, row order

    /**
     * @param rowMajorMask the layer's mask as 0/1 over [nIn, nOut], row-major (as {@code LayerMask.values()})
     */
    public SparseKernels(float[] rowMajorMask, int nIn, int nOut) {
        if ((long) nIn * nOut != rowMajorMask.length) {
            throw new IllegalArgumentException("mask of " + rowMajorMask.length + " values for a " + nIn + "x" + nOut + " layer");
        }
        this.nIn = nIn;
        this.nOut = nOut;
        int count = 0;
        int[] perCol = new int[nOut];
        int[] perRow = new int[nIn];
        for (int i = 0; i < nIn; i++) {
            for (int j = 0; j < nOut; j++) {
                if (rowMajorMask[i * nOut + j] != 0f) {
                    count++;
                    perCol[j]++;
                    perRow[i]++;
                }
            }
        }
        this.nnz = count;
        colPtr = new int[nOut + 1];
        for (int j = 0; j < nOut; j++) colPtr[j + 1] = colPtr[j] + perCol[j];
        rowPtr = new int[nIn + 1];
        for (int i = 0; i < nIn; i++) rowPtr[i + 1] = rowPtr[i] + perRow[i];
        colIn = new int[nnz];
        colW = new int[nnz];
        int[] fill = colPtr.clone();
        for (int i = 0; i < nIn; i++) {          // rows ascending, so inputs ascend within each column
            for (int j = 0; j < nOut; j++) {
                if (rowMajorMask[i * nOut + j] != 0f) {
                    int k = fill[j]++;
                    colIn[k] = i;
                    colW[k] = i + j * nIn;
                }
            }
        }
        rowOut = new int[nnz];
        rowPos = new int[nnz];
        int[] rfill = rowPtr.clone();
        for (int j = 0; j < nOut; j++) {         // columns ascending, so outputs ascend within each row
            for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
                int r = rfill[colIn[k]]++;
                rowOut[r] = j;
                rowPos[r] = k;
            }
        }
        colVal = new float[nnz];
        rowVal = new float[nnz];
        colSplit = split(colPtr, nOut);
        rowSplit = split(rowPtr, nIn);
    }

    /** Boundaries of {@link #PARTS} ranges of [0, n) with about equal entry counts. */
    private static int[] split(int[] ptr, int n) {
        int[] s = new int[PARTS + 1];
        int total = ptr[n];
        int at = 0;
        for (int p = 1; p < PARTS; p++) {
            long target = (long) total * p / PARTS;
            while (at < n && ptr[at] < target) at++;
            s[p] = at;
        }
        s[PARTS] = n;
        return s;
    }

    /** Active count of column j (tests). */
    int columnCount(int j) { return colPtr[j + 1] - colPtr[j]; }

    /** Reads the active weights from the full weight matrix, column-major {@code w[i + j * nIn]} at {@code off}. */
    public void gather(FloatBuffer w, int off) {
        for (int k = 0; k < nnz; k++) colVal[k] = w.get(off + colW[k]);
        for (int r = 0; r < nnz; r++) rowVal[r] = colVal[rowPos[r]];
    }

    /** Sets the active weights directly, in column order (tests). */
    void setValues(float[] columnOrder) {
        System.arraycopy(columnOrder, 0, colVal, 0, nnz);
        for (int r = 0; r < nnz; r++) rowVal[r] = colVal[rowPos[r]];
    }

    /** The linear index in the column-major weight matrix of the entry at column-order position k. */
    int weightIndex(int k) { return colW[k]; }

    /** {@code zt[j * B + b] = sum over column j's entries of W[i, j] xt[i * B + b]} (overwrites zt[0, nOut * B)). */
    public void forward(float[] xt, float[] zt, int batch) {
        parts(colSplit, (long) nnz * batch, (from, to) -> forwardRange(xt, zt, batch, from, to));
    }

    private void forwardRange(float[] xt, float[] zt, int batch, int from, int to) {
        for (int j = from; j < to; j++) {
            int zo = j * batch;
            java.util.Arrays.fill(zt, zo, zo + batch, 0f);
            axpyRows(colPtr[j], colPtr[j + 1], colIn, colVal, xt, zt, zo, batch);
        }
    }

    /** {@code dxt[i * B + b] = sum over row i's entries of W[i, j] dt[j * B + b]} (overwrites dxt[0, nIn * B)). */
    public void inputGradient(float[] dt, float[] dxt, int batch) {
        parts(rowSplit, (long) nnz * batch, (from, to) -> inputGradientRange(dt, dxt, batch, from, to));
    }

    private void inputGradientRange(float[] dt, float[] dxt, int batch, int from, int to) {
        for (int i = from; i < to; i++) {
            int xo = i * batch;
            java.util.Arrays.fill(dxt, xo, xo + batch, 0f);
            axpyRows(rowPtr[i], rowPtr[i + 1], rowOut, rowVal, dt, dxt, xo, batch);
        }
    }

    /**
     * {@code out[o + b] += sum_{k in [start, end)} val[k] * src[idx[k] * B + b]}, four entries per pass over the
     * batch (a quarter of the loads and stores of {@code out}).
     */
    private static void axpyRows(int start, int end, int[] idx, float[] val, float[] src, float[] out, int o, int batch) {
        int k = start;
        for (; k + 3 < end; k += 4) {
            float w0 = val[k], w1 = val[k + 1], w2 = val[k + 2], w3 = val[k + 3];
            int s0 = idx[k] * batch, s1 = idx[k + 1] * batch, s2 = idx[k + 2] * batch, s3 = idx[k + 3] * batch;
            for (int b = 0; b < batch; b++) {
                out[o + b] += w0 * src[s0 + b] + w1 * src[s1 + b] + w2 * src[s2 + b] + w3 * src[s3 + b];
            }
        }
        for (; k < end; k++) {
            float w = val[k];
            int s = idx[k] * batch;
            for (int b = 0; b < batch; b++) out[o + b] += w * src[s + b];
        }
    }

    /**
     * {@code g[k] = sum_b xt[i_k * B + b] dt[j_k * B + b]} for every active entry k (column order): the weight
     * gradient at active positions.
     */
    public void weightGradient(float[] xt, float[] dt, float[] g, int batch) {
        parts(colSplit, (long) nnz * batch, (from, to) -> weightGradientRange(xt, dt, g, batch, from, to));
    }

    private void weightGradientRange(float[] xt, float[] dt, float[] g, int batch, int from, int to) {
        for (int j = from; j < to; j++) {
            int d = j * batch;
            for (int k = colPtr[j]; k < colPtr[j + 1]; k++) g[k] = dot(xt, colIn[k] * batch, dt, d, batch);
        }
    }

    /** Dot product over the batch in eight interleaved float partial sums. */
    private static float dot(float[] x, int xo, float[] d, int dOff, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int b = 0;
        for (; b + 7 < n; b += 8) {
            s0 += x[xo + b] * d[dOff + b];
            s1 += x[xo + b + 1] * d[dOff + b + 1];
            s2 += x[xo + b + 2] * d[dOff + b + 2];
            s3 += x[xo + b + 3] * d[dOff + b + 3];
            s4 += x[xo + b + 4] * d[dOff + b + 4];
            s5 += x[xo + b + 5] * d[dOff + b + 5];
            s6 += x[xo + b + 6] * d[dOff + b + 6];
            s7 += x[xo + b + 7] * d[dOff + b + 7];
        }
        for (; b < n; b++) s0 += x[xo + b] * d[dOff + b];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Writes the active gradient values {@code g} (column order) into a column-major weight gradient buffer. */
    void scatter(float[] g, FloatBuffer out, int off) {
        for (int k = 0; k < nnz; k++) out.put(off + colW[k], g[k]);
    }

    private interface Range {
        void run(int from, int to);
    }

    /** Runs {@code r} over the parts of {@code split}: on the calling thread for small work, else across the cores. */
    private static void parts(int[] split, long work, Range r) {
        int parts = split.length - 1;
        if (parts == 1 || work < SPLIT_MIN_WORK) {
            r.run(0, split[parts]);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int from = split[p], to = split[p + 1];
            tasks[p - 1] = ForkJoinPool.commonPool().submit(() -> r.run(from, to));
        }
        r.run(split[0], split[1]);
        for (ForkJoinTask<?> t : tasks) t.join();
    }
}
