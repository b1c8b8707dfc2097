package dev.gradflow.model.train.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/**
 * {@code torch.optim.SGD(momentum=mu, nesterov=True)}: {@code b <- mu * b + g; p <- p - lr * (g + mu * b)}, b starting
 * at 0. (DL4J's {@code Nesterovs} folds the learning rate into the velocity, which differs as soon as the rate changes.)
 */
public final class Nesterov extends TorchUpdater {
    private double momentum;

    /** For DL4J, which copies configurations through JSON (fields only). */
    private Nesterov() {
        super(0, null);
    }

    public Nesterov(double learningRate, ISchedule schedule, double momentum) {
        super(learningRate, schedule);
        this.momentum = momentum;
    }

    @Override public String rule() { return "nesterov"; }

    @Override public List<String> stateKeys() { return List.of("V"); }

    @Override protected List<Object> hyperparameters() { return List.of(momentum); }

    @Override protected TorchUpdater copy(double lr, ISchedule s) { return new Nesterov(lr, s, momentum); }

    @Override
    protected Step step(double lr, long t, double[] memo) {
        double mu = momentum;
        return (g, state, from, to) -> {
            Buf v = state[0];
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double b = mu * v.get(i) + gi;
                v.set(i, b);
                g.set(i, lr * (gi + mu * b));
            }
        };
    }
}
