package dev.gradflow.model.train.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/**
 * {@code torch.optim.RMSprop} (momentum 0, not centered): {@code v <- alpha v + (1 - alpha) g^2;
 * p <- p - lr * g / (sqrt(v) + eps)}, v starting at 0 (DL4J starts it at eps and puts eps inside the root);
 * torch defaults alpha 0.99, eps 1e-8.
 */
public final class RmsProp extends TorchUpdater {
    private double alpha, epsilon;

    /** For DL4J, which copies configurations through JSON (fields only). */
    private RmsProp() {
        super(0, null);
    }

    public RmsProp(double learningRate, ISchedule schedule, double alpha, double epsilon) {
        super(learningRate, schedule);
        this.alpha = alpha;
        this.epsilon = epsilon;
    }

    @Override public String rule() { return "rmsprop"; }

    @Override public List<String> stateKeys() { return List.of("V"); }

    @Override protected List<Object> hyperparameters() { return List.of(alpha, epsilon); }

    @Override protected TorchUpdater copy(double lr, ISchedule s) { return new RmsProp(lr, s, alpha, epsilon); }

    @Override
    protected Step step(double lr, long t, double[] memo) {
        double a = alpha, eps = epsilon;
        return (g, state, from, to) -> {
            Buf v = state[0];
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double vi = a * v.get(i) + (1 - a) * gi * gi;
                v.set(i, vi);
                g.set(i, lr * gi / (Math.sqrt(vi) + eps));
            }
        };
    }
}
