package dev.gradflow.model.train.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/**
 * {@code torch.optim.NAdam} (momentum_decay psi = 0.004, coupled weight decay): at step t, with
 * {@code mu_t = b1 (1 - 0.5 * 0.96^(t psi))} and {@code P_t = mu_1 ... mu_t},
 * {@code m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; d = sqrt(v / (1 - b2^t)) + eps;
 * p <- p - lr (1 - mu_t) / (1 - P_t) * g / d - lr mu_(t+1) / (1 - P_t mu_(t+1)) * m / d}, as in torch 2.0 and later
 * (torch 1.13 and older used {@code P_t mu_t mu_(t+1)} in the last denominator, a bug fixed by pytorch/pytorch#92699).
 */
public final class NAdam extends TorchUpdater {
    /** torch's default momentum_decay. */
    public static final double MOMENTUM_DECAY = 4e-3;
    private double beta1, beta2, epsilon;

    /** For DL4J, which copies configurations through JSON (fields only). */
    private NAdam() {
        super(0, null);
    }

    public NAdam(double learningRate, ISchedule schedule, double beta1, double beta2, double epsilon) {
        super(learningRate, schedule);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override public String rule() { return "nadam"; }

    @Override public List<String> stateKeys() { return List.of("M", "V"); }

    @Override protected List<Object> hyperparameters() { return List.of(beta1, beta2, epsilon); }

    @Override protected TorchUpdater copy(double lr, ISchedule s) { return new NAdam(lr, s, beta1, beta2, epsilon); }

    double mu(long t) {
        return beta1 * (1 - 0.5 * Math.pow(0.96, t * MOMENTUM_DECAY));
    }

    @Override
    protected Step step(double lr, long t, double[] memo) {
        // memo[0] = the step the product in memo[1] was last advanced to (0 = none): the product restarts whenever
        // the step count does not continue (a fresh updater, or a reset step count).
        double product;
        if (memo[0] == t - 1 && t > 1) {
            product = memo[1] * mu(t);
        } else {
            product = 1;
            for (long k = 1; k <= t; k++) product *= mu(k);
        }
        memo[0] = t;
        memo[1] = product;
        double b1 = beta1, b2 = beta2, eps = epsilon;
        double muT = mu(t), muNext = mu(t + 1);
        double gradCoef = lr * (1 - muT) / (1 - product);
        double momCoef = lr * muNext / (1 - product * muNext);
        double bc2 = 1 - Math.pow(b2, t);
        return (g, state, from, to) -> {
            Buf m = state[0], v = state[1];
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double mi = b1 * m.get(i) + (1 - b1) * gi;
                double vi = b2 * v.get(i) + (1 - b2) * gi * gi;
                m.set(i, mi);
                v.set(i, vi);
                double d = Math.sqrt(vi / bc2) + eps;
                g.set(i, gradCoef * gi / d + momCoef * mi / d);
            }
        };
    }
}
