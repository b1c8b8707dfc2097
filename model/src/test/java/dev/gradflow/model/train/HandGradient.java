package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.metrics.LayerStats;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent, double-precision forward and backward pass of a ReLU MLP with a softmax cross-entropy output,
 * using the network's own weights: the reference the engine's gradient-flow numbers are checked against.
 */
final class HandGradient {
    final double loss;
    /** Per weight layer, dC/dW of the mean loss, row-major [nIn][nOut]. */
    final List<double[][]> grads;

    private HandGradient(double loss, List<double[][]> grads) {
        this.loss = loss;
        this.grads = grads;
    }

    static HandGradient of(SparseNetwork network, Dataset d, int[] examples) {
        List<double[][]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (WeightLayer l : network.layers()) {
            long[] dims = l.mask().shape().dims();
            float[] flat = network.weights(l).dup('c').data().asFloat();
            double[][] m = new double[(int) dims[0]][(int) dims[1]];
            for (int i = 0; i < dims[0]; i++) for (int j = 0; j < dims[1]; j++) m[i][j] = flat[(int) (i * dims[1] + j)];
            w.add(m);
            float[] bias = network.net().getParam(l.biasKey()).dup('c').data().asFloat();
            double[] bb = new double[bias.length];
            for (int j = 0; j < bias.length; j++) bb[j] = bias[j];
            b.add(bb);
        }
        int layers = w.size();
        int n = examples.length;
        List<double[][]> grads = new ArrayList<>();
        for (double[][] m : w) grads.add(new double[m.length][m[0].length]);
        double lossSum = 0;
        int f = d.featureCount();
        for (int e : examples) {
            double[] x = new double[f];
            for (int k = 0; k < f; k++) x[k] = d.features()[e * f + k];
            List<double[]> acts = new ArrayList<>();
            List<double[]> pres = new ArrayList<>();
            acts.add(x);
            double[] a = x;
            for (int l = 0; l < layers; l++) {
                double[][] m = w.get(l);
                double[] z = new double[m[0].length];
                for (int j = 0; j < z.length; j++) {
                    double s = b.get(l)[j];
                    for (int i = 0; i < a.length; i++) s += a[i] * m[i][j];
                    z[j] = s;
                }
                pres.add(z);
                if (l < layers - 1) {
                    double[] r = new double[z.length];
                    for (int j = 0; j < z.length; j++) r[j] = Math.max(0, z[j]);
                    a = r;
                    acts.add(r);
                } else {
                    a = z;
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : a) max = Math.max(max, v);
            double sum = 0;
            for (double v : a) sum += Math.exp(v - max);
            int y = d.labels()[e];
            double[] delta = new double[a.length];
            for (int j = 0; j < a.length; j++) delta[j] = Math.exp(a[j] - max) / sum - (j == y ? 1 : 0);
            lossSum += -(a[y] - max - Math.log(sum));
            for (int l = layers - 1; l >= 0; l--) {
                double[] in = acts.get(l);
                double[][] g = grads.get(l);
                for (int i = 0; i < in.length; i++) for (int j = 0; j < delta.length; j++) g[i][j] += in[i] * delta[j] / n;
                if (l > 0) {
                    double[][] m = w.get(l);
                    double[] prev = new double[in.length];
                    double[] z = pres.get(l - 1);
                    for (int i = 0; i < in.length; i++) {
                        double s = 0;
                        for (int j = 0; j < delta.length; j++) s += m[i][j] * delta[j];
                        prev[i] = z[i] > 0 ? s : 0;
                    }
                    delta = prev;
                }
            }
        }
        return new HandGradient(lossSum / n, grads);
    }

    /** The statistics the engine should report for this gradient, from the layer masks. */
    List<LayerStats> stats(SparseNetwork network) {
        List<LayerStats> out = new ArrayList<>();
        for (WeightLayer l : network.layers()) {
            double[][] g = grads.get(l.index());
            float[] mask = l.mask().values();
            int nOut = g[0].length;
            double l1 = 0, l2 = 0, l1a = 0, l2a = 0;
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < nOut; j++) {
                    double v = g[i][j];
                    l1 += Math.abs(v);
                    l2 += v * v;
                    if (mask[i * nOut + j] != 0f) {
                        l1a += Math.abs(v);
                        l2a += v * v;
                    }
                }
            }
            out.add(new LayerStats(l.index(), l.name(), l1, Math.sqrt(l2), l1a, Math.sqrt(l2a), l.mask().count(),
                    l.mask().active(), Double.NaN, Double.NaN));
        }
        return out;
    }
}
