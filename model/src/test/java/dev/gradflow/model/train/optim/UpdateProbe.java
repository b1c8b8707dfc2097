package dev.gradflow.model.train.optim;

import dev.gradflow.model.spec.OptimizerSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import java.nio.FloatBuffer;

/**
 * Not a test: a measuring tool (docs/performance.md, round 2). Single-thread CPU time of Adam's update over the
 * reference MLP's 1,796,010 parameters with a 90 %-masked gradient: the element loop over native memory without the
 * zero skip (as before round 2) against the chunked loop with the skip, alternating, median of 30 updates each.
 */
public class UpdateProbe {
    static final class NB extends TorchUpdater.Buf {
        final FloatBuffer b; final int off;
        NB(FloatBuffer b, int off) { this.b = b; this.off = off; }
        @Override public double get(int i) { return b.get(off + i); }
        @Override public void set(int i, double v) { b.put(off + i, (float) v); }
    }
    public static void main(String[] a) {
        int n = 784 * 1000 + 1000 + 1000 * 1000 + 1000 + 1000 * 10 + 10;
        TorchUpdater config = Optimizers.of(OptimizerSpec.of(OptimizerSpec.Type.ADAM, 1e-3), null);
        INDArray view = Nd4j.zeros(DataType.FLOAT, 1, 2L * n);
        GradientUpdater<?> u = config.instantiate(view, true);
        INDArray g = Nd4j.rand(DataType.FLOAT, 1, n);
        INDArray mask = Nd4j.rand(DataType.FLOAT, 1, n).lt(0.1).castTo(DataType.FLOAT);
        g.muli(mask);
        INDArray m = view.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n));
        INDArray v = view.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(n, 2 * n));
        double[] memo = new double[4];
        int parts = Runtime.getRuntime().availableProcessors();
        double[] oldT = new double[40], newT = new double[40];
        for (int r = 0; r < 40; r++) {
            for (int k = 0; k < 2; k++) {
                boolean old = (r + k) % 2 == 0;
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                TorchUpdater.Step s = old ? ((Adam) config).step(1e-3, r + 1, false) : config.step(1e-3, r + 1, memo);
                NB gbo = new NB(g.data().asNioFloat(), (int) g.offset());
                TorchUpdater.Buf[] sbo = {new NB(m.data().asNioFloat(), (int) m.offset()), new NB(v.data().asNioFloat(), (int) v.offset())};
                long t0 = mx.getCurrentThreadCpuTime();
                if (old) {
                    s.run(gbo, sbo, 0, n);
                } else {
                    TorchUpdater.runChunked(s, TorchUpdater.Vec.of(g), new TorchUpdater.Vec[]{TorchUpdater.Vec.of(m), TorchUpdater.Vec.of(v)}, 0, n);
                }
                double ms = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
                if (old) oldT[r] = ms; else newT[r] = ms;
                g.assign(Nd4j.rand(DataType.FLOAT, 1, n)).muli(mask);
            }
        }
        java.util.Arrays.sort(oldT, 10, 40); java.util.Arrays.sort(newT, 10, 40);
        System.out.printf("n=%d  single-thread CPU time, 90%%-masked gradient, per-element native access, no skip (before): median %.2f ms   chunked with zero skip (after): median %.2f ms   ratio %.2f%n", (long) n, oldT[25], newT[25], oldT[25] / newT[25]);
    }
}
