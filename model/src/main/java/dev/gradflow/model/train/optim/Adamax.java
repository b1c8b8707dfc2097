package dev.gradflow.model.train.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/**
 * {@code torch.optim.Adamax}: {@code m <- b1 m + (1 - b1) g; u <- max(b2 u, |g| + eps);
 * p <- p - lr / (1 - b1^t) * m / u}, m and u starting at 0. At a position whose gradient is always 0, u is eps after
 * the first step (torch's rule), m stays 0 and so does the update.
 */
public final class Adamax extends TorchUpdater {
    private double beta1, beta2, epsilon;

    /** For DL4J, which copies configurations through JSON (fields only). */
    private Adamax() {
        super(0, null);
    }

    public Adamax(double learningRate, ISchedule schedule, double beta1, double beta2, double epsilon) {
        super(learningRate, schedule);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override public String rule() { return "adamax"; }

    @Override public List<String> stateKeys() { return List.of("M", "U"); }

    @Override protected List<Object> hyperparameters() { return List.of(beta1, beta2, epsilon); }

    @Override protected TorchUpdater copy(double lr, ISchedule s) { return new Adamax(lr, s, beta1, beta2, epsilon); }

    @Override
    protected Step step(double lr, long t, double[] memo) {
        double b1 = beta1, b2 = beta2, eps = epsilon;
        double stepSize = lr / (1 - Math.pow(b1, t));
        return (g, state, from, to) -> {
            Buf m = state[0], u = state[1];
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double mi = b1 * m.get(i) + (1 - b1) * gi;
                double ui = Math.max(b2 * u.get(i), Math.abs(gi) + eps);
                m.set(i, mi);
                u.set(i, ui);
                g.set(i, stepSize * mi / ui);
            }
        };
    }
}
