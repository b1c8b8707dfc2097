package dev.gradflow.model.train;

import dev.gradflow.model.spec.OptimizerSpec;

/**
 * The update rules of torch.optim written out in plain double precision, independently of the engine (one object per
 * parameter tensor, state starting at 0, step count t = 1, 2, ...), from the algorithms in torch's documentation:
 * the reference the engine's optimizers are replayed against.
 */
final class OptimizerReplay {
    private final OptimizerSpec.Type type;
    private final double mu, b1, b2, eps, rho;
    private final double[] s1, s2, s3;
    private double muProduct = 1; // NAdam
    private long t;

    OptimizerReplay(OptimizerSpec o, int n) {
        this.type = o.type();
        this.mu = o.momentum();
        this.b1 = o.beta1();
        this.b2 = o.beta2();
        this.eps = o.epsilon();
        this.rho = o.rmsDecay();
        this.s1 = new double[n];
        this.s2 = new double[n];
        this.s3 = new double[n];
    }

    /** The new parameter values after one step at learning rate lr from gradient g (decoupled decay wd on p). */
    double[] step(double[] p, double[] g, double lr, double wd) {
        t++;
        int n = p.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double pi = p[i] * (1 - lr * wd);
            switch (type) {
                case SGD -> pi -= lr * gi;
                case MOMENTUM -> {
                    s1[i] = t == 1 ? gi : mu * s1[i] + gi; // torch: buf = g at the first step
                    pi -= lr * s1[i];
                }
                case NESTEROV -> {
                    s1[i] = t == 1 ? gi : mu * s1[i] + gi;
                    pi -= lr * (gi + mu * s1[i]);
                }
                case ADAGRAD -> {
                    s1[i] += gi * gi;
                    pi -= lr * gi / (Math.sqrt(s1[i]) + eps);
                }
                case ADAM, ADAMW, AMSGRAD -> {
                    s1[i] = b1 * s1[i] + (1 - b1) * gi;
                    s2[i] = b2 * s2[i] + (1 - b2) * gi * gi;
                    double mHat = s1[i] / (1 - Math.pow(b1, t));
                    double v = s2[i];
                    if (type == OptimizerSpec.Type.AMSGRAD) {
                        s3[i] = Math.max(s3[i], s2[i]);
                        v = s3[i];
                    }
                    double vHat = v / (1 - Math.pow(b2, t));
                    pi -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
                case RMSPROP -> {
                    s1[i] = rho * s1[i] + (1 - rho) * gi * gi;
                    pi -= lr * gi / (Math.sqrt(s1[i]) + eps);
                }
                case ADAMAX -> {
                    s1[i] = b1 * s1[i] + (1 - b1) * gi;
                    s2[i] = Math.max(b2 * s2[i], Math.abs(gi) + eps);
                    pi -= lr / (1 - Math.pow(b1, t)) * s1[i] / s2[i];
                }
                case NADAM -> {
                    s1[i] = b1 * s1[i] + (1 - b1) * gi;
                    s2[i] = b2 * s2[i] + (1 - b2) * gi * gi;
                }
                case ADADELTA -> {
                    s1[i] = rho * s1[i] + (1 - rho) * gi * gi;
                    double delta = Math.sqrt(s2[i] + eps) / Math.sqrt(s1[i] + eps) * gi;
                    s2[i] = rho * s2[i] + (1 - rho) * delta * delta;
                    pi -= lr * delta;
                }
            }
            out[i] = pi;
        }
        if (type == OptimizerSpec.Type.NADAM) {
            double psi = 0.004;
            double muT = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
            double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
            muProduct *= muT;
            double muProductNext = muProduct * muNext;
            for (int i = 0; i < n; i++) {
                double denom = Math.sqrt(s2[i] / (1 - Math.pow(b2, t))) + eps;
                out[i] += -lr * (1 - muT) / (1 - muProduct) * g[i] / denom
                        - lr * muNext / (1 - muProductNext) * s1[i] / denom;
            }
        }
        return out;
    }

    /** Positions where AMSGrad's running maximum is above the current second moment (the max mattered). */
    int amsgradMaxAbove() {
        int c = 0;
        for (int i = 0; i < s2.length; i++) if (s3[i] > s2[i]) c++;
        return c;
    }
}
