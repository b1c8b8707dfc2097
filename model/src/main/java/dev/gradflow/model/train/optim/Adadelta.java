package dev.gradflow.model.train.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/**
 * {@code torch.optim.Adadelta}: {@code v <- rho v + (1 - rho) g^2; d = sqrt(u + eps) / sqrt(v + eps) * g;
 * u <- rho u + (1 - rho) d^2; p <- p - lr * d}, v and u starting at 0; torch defaults lr 1.0, rho 0.9, eps 1e-6.
 * (DL4J's AdaDelta has no learning rate at all.)
 */
public final class Adadelta extends TorchUpdater {
    private double rho, epsilon;

    /** For DL4J, which copies configurations through JSON (fields only). */
    private Adadelta() {
        super(0, null);
    }

    public Adadelta(double learningRate, ISchedule schedule, double rho, double epsilon) {
        super(learningRate, schedule);
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override public String rule() { return "adadelta"; }

    @Override public List<String> stateKeys() { return List.of("V", "U"); }

    @Override protected List<Object> hyperparameters() { return List.of(rho, epsilon); }

    @Override protected TorchUpdater copy(double lr, ISchedule s) { return new Adadelta(lr, s, rho, epsilon); }

    @Override
    protected Step step(double lr, long t, double[] memo) {
        double r = rho, eps = epsilon;
        return (g, state, from, to) -> {
            Buf v = state[0], u = state[1];
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double vi = r * v.get(i) + (1 - r) * gi * gi;
                double d = Math.sqrt(u.get(i) + eps) / Math.sqrt(vi + eps) * gi;
                v.set(i, vi);
                u.set(i, r * u.get(i) + (1 - r) * d * d);
                g.set(i, lr * d);
            }
        };
    }
}
