package dev.gradflow.model.train.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/**
 * {@code torch.optim.Adagrad} (lr_decay 0, initial_accumulator_value 0): {@code s <- s + g^2;
 * p <- p - lr * g / (sqrt(s) + eps)}, s starting at 0, eps outside the square root (torch default 1e-10).
 */
public final class Adagrad extends TorchUpdater {
    private double epsilon;

    /** For DL4J, which copies configurations through JSON (fields only). */
    private Adagrad() {
        super(0, null);
    }

    public Adagrad(double learningRate, ISchedule schedule, double epsilon) {
        super(learningRate, schedule);
        this.epsilon = epsilon;
    }

    @Override public String rule() { return "adagrad"; }

    @Override public List<String> stateKeys() { return List.of("S"); }

    @Override protected List<Object> hyperparameters() { return List.of(epsilon); }

    @Override protected TorchUpdater copy(double lr, ISchedule s) { return new Adagrad(lr, s, epsilon); }

    @Override
    protected Step step(double lr, long t, double[] memo) {
        double eps = epsilon;
        return (g, state, from, to) -> {
            Buf s = state[0];
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double si = s.get(i) + gi * gi;
                s.set(i, si);
                g.set(i, lr * gi / (Math.sqrt(si) + eps));
            }
        };
    }
}
