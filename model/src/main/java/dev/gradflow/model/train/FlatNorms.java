package dev.gradflow.model.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.IntStream;

/**
 * Norms read straight from ND4J's native memory, fused so that one pass gives what separate ND4J reductions would
 * need several passes (and JNI calls) for. Parameter and gradient views of DL4J networks are contiguous slices of one
 * flat buffer; {@link #isFlat} checks that before these are used, and callers fall back to ND4J reductions otherwise.
 * Sums are accumulated in double, in four interleaved partial sums (which lets the CPU overlap the additions).
 */
final class FlatNorms {
    private FlatNorms() {
    }

    /** Below this many elements a pass is not split: forking costs more than it saves. */
    private static final int SPLIT_MIN = 1 << 16;
    private static final int PARTS = Math.max(1, Runtime.getRuntime().availableProcessors());

    static boolean isFlat(INDArray a) {
        return a.elementWiseStride() == 1 && a.length() <= Integer.MAX_VALUE && a.data().asNioFloat() != null;
    }

    /** {L1, L2} over all elements; large arrays are split across the cores (training waits for this anyway). */
    static void l1l2(INDArray a, double[] out) {
        FloatBuffer b = a.data().asNioFloat();
        int off = (int) a.offset();
        split((int) a.length(), (from, to, part) -> rangeL1L2(b, off + from, to - from, part), out);
    }

    /** A pass over elements [from, to) that writes {L1, L2} of its part. */
    private interface RangePass {
        void run(int from, int to, double[] out);
    }

    /** Runs {@code pass} over [0, n), in one part or split across the cores, and combines the parts' {L1, L2}. */
    private static void split(int n, RangePass pass, double[] out) {
        if (n < SPLIT_MIN || PARTS == 1) {
            pass.run(0, n, out);
            return;
        }
        double[][] parts = new double[PARTS][2];
        IntStream.range(0, PARTS).parallel().forEach(p ->
                pass.run((int) ((long) n * p / PARTS), (int) ((long) n * (p + 1) / PARTS), parts[p]));
        double l1 = 0, sq = 0;
        for (double[] part : parts) {
            l1 += part[0];
            sq += part[1] * part[1];
        }
        out[0] = l1;
        out[1] = Math.sqrt(sq);
    }

    private static void rangeL1L2(FloatBuffer b, int off, int n, double[] out) {
        double p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float v0 = b.get(off + i), v1 = b.get(off + i + 1), v2 = b.get(off + i + 2), v3 = b.get(off + i + 3);
            p0 += Math.abs(v0); p1 += Math.abs(v1); p2 += Math.abs(v2); p3 += Math.abs(v3);
            q0 += (double) v0 * v0; q1 += (double) v1 * v1; q2 += (double) v2 * v2; q3 += (double) v3 * v3;
        }
        for (; i < n; i++) {
            float v = b.get(off + i);
            p0 += Math.abs(v);
            q0 += (double) v * v;
        }
        out[0] = p0 + p1 + p2 + p3;
        out[1] = Math.sqrt(q0 + q1 + q2 + q3);
    }

    /**
     * Masks {@code a} in place ({@code a[i] *= mask[i]}, mask 0/1 in the view's memory order) and gives {L1, L2} of
     * the raw values and {L1, L2} of the masked values in {@code out[0..3]}. The raw norms come from the same pass
     * that writes the masked values, so a measured step reads and writes each element once, as the plain ND4J
     * multiply it replaces does. The masked norms are then gathered over the active indices when the layer is
     * sparse (cheaper than two more sums per element), else summed in the same pass.
     */
    static void maskL1L2(INDArray a, float[] mask, int[] activeIdx, double[] out) {
        FloatBuffer b = a.data().asNioFloat();
        int off = (int) a.offset();
        int n = (int) a.length();
        if (mask.length != n) throw new IllegalArgumentException("mask length " + mask.length + " != " + n);
        if (activeIdx != null && activeIdx.length * 4L < n) {
            run(n, 2, (from, to, part) -> rangeMaskL1L2(b, off, mask, from, to, part), out);
            double l1 = out[0], sq = out[1];
            l1l2At(a, activeIdx, out);
            out[2] = out[0];
            out[3] = out[1];
            out[0] = l1;
            out[1] = Math.sqrt(sq);
        } else {
            run(n, 4, (from, to, part) -> rangeMaskL1L2Both(b, off, mask, from, to, part), out);
            out[1] = Math.sqrt(out[1]);
            out[3] = Math.sqrt(out[3]);
        }
    }

    /** Elements per chunk copied to the heap (bulk copies are memcpy; per-element direct-buffer access is slower). */
    private static final int CHUNK = 4096;
    private static final ThreadLocal<float[]> WORK = ThreadLocal.withInitial(() -> new float[CHUNK]);

    /**
     * Masks [from, to) in place; {@code out} gets the raw L1 and sum of squares. Terms are summed in float over
     * blocks of 256 elements (four chains of 64 terms; float additions are cheaper than converting every term to
     * double, and this loop is the measured step's largest cost), and the block sums are added in double. A chain of
     * 64 non-negative float terms has a relative rounding error of at most 64 * 2^-24 (about 4e-6), typically
     * ~1e-7, and those errors are independent between blocks, so the result is typically within ~1e-9 of the exact
     * sum and always within ~4e-6 (well inside the 1e-4 of the gradient-flow tests).
     */
    private static void rangeMaskL1L2(FloatBuffer b, int off, float[] mask, int from, int to, double[] out) {
        float[] x = WORK.get();
        double p = 0, q = 0;
        for (int c = from; c < to; c += CHUNK) {
            int len = Math.min(CHUNK, to - c);
            b.get(off + c, x, 0, len);
            int i = 0;
            while (i + 255 < len) {
                float p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
                for (int e = i + 256; i < e; i += 4) {
                    float v0 = x[i], v1 = x[i + 1], v2 = x[i + 2], v3 = x[i + 3];
                    x[i] = v0 * mask[c + i];
                    x[i + 1] = v1 * mask[c + i + 1];
                    x[i + 2] = v2 * mask[c + i + 2];
                    x[i + 3] = v3 * mask[c + i + 3];
                    p0 += Math.abs(v0); p1 += Math.abs(v1); p2 += Math.abs(v2); p3 += Math.abs(v3);
                    q0 += v0 * v0; q1 += v1 * v1; q2 += v2 * v2; q3 += v3 * v3;
                }
                p += (double) p0 + p1 + p2 + p3;
                q += (double) q0 + q1 + q2 + q3;
            }
            for (; i < len; i++) {
                float v = x[i];
                x[i] = v * mask[c + i];
                p += Math.abs(v);
                q += (double) v * v;
            }
            b.put(off + c, x, 0, len);
        }
        out[0] = p;
        out[1] = q;
    }

    /** As {@link #rangeMaskL1L2}, plus the masked L1 and sum of squares in {@code out[2..3]}. */
    private static void rangeMaskL1L2Both(FloatBuffer b, int off, float[] mask, int from, int to, double[] out) {
        float[] x = WORK.get();
        double p0 = 0, p1 = 0, q0 = 0, q1 = 0, r0 = 0, r1 = 0, s0 = 0, s1 = 0;
        for (int c = from; c < to; c += CHUNK) {
            int len = Math.min(CHUNK, to - c);
            b.get(off + c, x, 0, len);
            int i = 0;
            for (; i + 1 < len; i += 2) {
                float v0 = x[i], v1 = x[i + 1];
                float m0 = v0 * mask[c + i], m1 = v1 * mask[c + i + 1];
                x[i] = m0;
                x[i + 1] = m1;
                p0 += Math.abs(v0); p1 += Math.abs(v1);
                q0 += (double) v0 * v0; q1 += (double) v1 * v1;
                r0 += Math.abs(m0); r1 += Math.abs(m1);
                s0 += (double) m0 * m0; s1 += (double) m1 * m1;
            }
            for (; i < len; i++) {
                float v = x[i];
                float m = v * mask[c + i];
                x[i] = m;
                p0 += Math.abs(v);
                q0 += (double) v * v;
                r0 += Math.abs(m);
                s0 += (double) m * m;
            }
            b.put(off + c, x, 0, len);
        }
        out[0] = p0 + p1;
        out[1] = q0 + q1;
        out[2] = r0 + r1;
        out[3] = s0 + s1;
    }

    /**
     * L2 norms of two views of the same shape over the same linear indices, in one loop: {@code out[0]} for
     * {@code a}, {@code out[1]} for {@code c}.
     */
    static void l2At2(INDArray a, INDArray c, int[] idx, double[] out) {
        FloatBuffer ba = a.data().asNioFloat(), bc = c.data().asNioFloat();
        int offA = (int) a.offset(), offC = (int) c.offset();
        run(idx.length, 2, (from, to, part) -> rangeL2At2(ba, offA, bc, offC, idx, from, to, part), out);
        out[0] = Math.sqrt(out[0]);
        out[1] = Math.sqrt(out[1]);
    }

    private static void rangeL2At2(FloatBuffer ba, int offA, FloatBuffer bc, int offC, int[] idx, int from, int to,
                                   double[] out) {
        double p0 = 0, p1 = 0, q0 = 0, q1 = 0;
        int i = from;
        for (; i + 1 < to; i += 2) {
            int k0 = idx[i], k1 = idx[i + 1];
            float a0 = ba.get(offA + k0), a1 = ba.get(offA + k1);
            float c0 = bc.get(offC + k0), c1 = bc.get(offC + k1);
            p0 += (double) a0 * a0; p1 += (double) a1 * a1;
            q0 += (double) c0 * c0; q1 += (double) c1 * c1;
        }
        for (; i < to; i++) {
            int k = idx[i];
            float x = ba.get(offA + k), y = bc.get(offC + k);
            p0 += (double) x * x;
            q0 += (double) y * y;
        }
        out[0] = p0 + p1;
        out[1] = q0 + q1;
    }

    /** Sums of {@code width} accumulators, of a pass over [0, n) split over the cores when large. */
    private static void run(int n, int width, RangePass pass, double[] out) {
        if (n < SPLIT_MIN || PARTS == 1) {
            pass.run(0, n, out);
            return;
        }
        double[][] parts = new double[PARTS][width];
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[PARTS - 1];
        for (int p = 1; p < PARTS; p++) {
            int from = (int) ((long) n * p / PARTS), to = (int) ((long) n * (p + 1) / PARTS);
            double[] part = parts[p];
            tasks[p - 1] = ForkJoinPool.commonPool().submit(() -> pass.run(from, to, part));
        }
        pass.run(0, (int) ((long) n / PARTS), parts[0]);
        for (ForkJoinTask<?> t : tasks) t.join();
        for (int k = 0; k < width; k++) {
            double sum = 0;
            for (double[] part : parts) sum += part[k];
            out[k] = sum;
        }
    }

    /** {L1, L2} over the elements at the given linear indices of the view (its memory order). */
    static void l1l2At(INDArray a, int[] idx, double[] out) {
        FloatBuffer b = a.data().asNioFloat();
        int off = (int) a.offset();
        split(idx.length, (from, to, part) -> rangeL1L2At(b, off, idx, from, to, part), out);
    }

    private static void rangeL1L2At(FloatBuffer b, int off, int[] idx, int start, int n, double[] out) {
        double p0 = 0, p1 = 0, q0 = 0, q1 = 0;
        int i = start;
        for (; i + 1 < n; i += 2) {
            float v0 = b.get(off + idx[i]), v1 = b.get(off + idx[i + 1]);
            p0 += Math.abs(v0); p1 += Math.abs(v1);
            q0 += (double) v0 * v0; q1 += (double) v1 * v1;
        }
        for (; i < n; i++) {
            float v = b.get(off + idx[i]);
            p0 += Math.abs(v);
            q0 += (double) v * v;
        }
        out[0] = p0 + p1;
        out[1] = Math.sqrt(q0 + q1);
    }

    /** L2 norm over the given indices, or over everything when {@code idx} is null. */
    static double l2(INDArray a, int[] idx, double[] scratch) {
        if (idx == null) l1l2(a, scratch);
        else l1l2At(a, idx, scratch);
        return scratch[1];
    }

    /**
     * Linear indices, in the memory order of an array of the given shape and ordering, of the active (non-zero)
     * entries of a row-major mask.
     */
    static int[] activeIndices(float[] rowMajorMask, long[] shape, char ordering, long active) {
        int[] out = new int[Math.toIntExact(active)];
        int rank = shape.length;
        long[] fStride = new long[rank];
        long s = 1;
        for (int d = 0; d < rank; d++) {
            fStride[d] = s;
            s *= shape[d];
        }
        int m = 0;
        long[] index = new long[rank];
        for (int k = 0; k < rowMajorMask.length; k++) {
            if (rowMajorMask[k] != 0f) {
                if (ordering == 'c') {
                    out[m++] = k;
                } else {
                    long rest = k, lin = 0;
                    for (int d = rank - 1; d >= 0; d--) {
                        index[d] = rest % shape[d];
                        rest /= shape[d];
                    }
                    for (int d = 0; d < rank; d++) lin += index[d] * fStride[d];
                    out[m++] = (int) lin;
                }
            }
        }
        Arrays.sort(out);
        return out;
    }
}
