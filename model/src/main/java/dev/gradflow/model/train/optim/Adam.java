package dev.gradflow.model.train.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/**
 * {@code torch.optim.Adam}, and with {@code amsgrad} {@code torch.optim.Adam(amsgrad=True)}; {@code adamw} is this
 * rule plus decoupled weight decay (applied by the network, weights only). At step t (1-based):
 * {@code m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2}; with amsgrad {@code vmax <- max(vmax, v)} replaces v below;
 * {@code p <- p - lr * mhat / (sqrt(vhat) + eps)} with {@code mhat = m / (1 - b1^t)}, {@code vhat = v / (1 - b2^t)}:
 * eps is added to the square root of the bias-corrected second moment (DL4J adds it before the bias correction).
 */
public final class Adam extends TorchUpdater {
    private double beta1, beta2, epsilon;
    private boolean amsgrad;

    /** For DL4J, which copies configurations through JSON (fields only). */
    private Adam() {
        super(0, null);
    }

    public Adam(double learningRate, ISchedule schedule, double beta1, double beta2, double epsilon, boolean amsgrad) {
        super(learningRate, schedule);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.amsgrad = amsgrad;
    }

    @Override public String rule() { return amsgrad ? "amsgrad" : "adam"; }

    @Override public List<String> stateKeys() { return amsgrad ? List.of("M", "V", "VMAX") : List.of("M", "V"); }

    @Override protected List<Object> hyperparameters() { return List.of(beta1, beta2, epsilon, amsgrad); }

    @Override
    protected TorchUpdater copy(double lr, ISchedule s) { return new Adam(lr, s, beta1, beta2, epsilon, amsgrad); }

    @Override
    protected Step step(double lr, long t, double[] memo) {
        return step(lr, t, true);
    }

    /**
     * The rule's element loop; with {@code skipZeros}, positions whose gradient is 0 (either sign) and whose state is
     * all +0 (a masked weight: its gradient is masked to 0 before the optimizer and its state starts at 0, so it stays
     * there) skip the arithmetic and get the update +0, which is what the formulas give there: {@code m = b1 * (+0) +
     * (1 - b1) * (+-0) = +0}, {@code v = +0}, {@code vmax = max(+0, +0) = +0} and {@code u = stepSize * (+0) / (0 +
     * eps) = +0}, provided {@code stepSize > 0} and {@code eps > 0} are finite (else nothing is skipped). Saves a
     * square root and two divisions at 90 % of a 90 %-sparse network's weights. Tested bit for bit against the loop
     * without skipping (TorchUpdaterTest).
     */
    Step step(double lr, long t, boolean skipZeros) {
        double b1 = beta1, b2 = beta2, eps = epsilon;
        double stepSize = lr / (1 - Math.pow(b1, t));
        double sqrtBc2 = Math.sqrt(1 - Math.pow(b2, t));
        boolean max = amsgrad;
        boolean skip = skipZeros && stepSize > 0 && Double.isFinite(stepSize) && eps > 0 && Double.isFinite(eps)
                && sqrtBc2 > 0 && Double.isFinite(sqrtBc2);
        return (g, state, from, to) -> {
            Buf m = state[0], v = state[1], vmax = max ? state[2] : null;
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double m0 = m.get(i), v0 = v.get(i);
                if (skip && gi == 0 && Double.doubleToRawLongBits(m0) == 0L && Double.doubleToRawLongBits(v0) == 0L
                        && (!max || Double.doubleToRawLongBits(vmax.get(i)) == 0L)) {
                    g.set(i, 0.0);
                    continue;
                }
                double mi = b1 * m0 + (1 - b1) * gi;
                double vi = b2 * v0 + (1 - b2) * gi * gi;
                m.set(i, mi);
                v.set(i, vi);
                if (max) {
                    vi = Math.max(vmax.get(i), vi);
                    vmax.set(i, vi);
                }
                g.set(i, stepSize * mi / (Math.sqrt(vi) / sqrtBc2 + eps));
            }
        };
    }
}
