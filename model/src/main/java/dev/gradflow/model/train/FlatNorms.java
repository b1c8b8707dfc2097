package dev.gradflow.model.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

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
        java.util.stream.IntStream.range(0, PARTS).parallel().forEach(p ->
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
        java.util.Arrays.sort(out);
        return out;
    }
}
