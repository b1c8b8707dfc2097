package dev.gradflow.model.train.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/**
 * Classical (heavy-ball) momentum, {@code torch.optim.SGD(momentum=mu)} with dampening 0: {@code b <- mu * b + g;
 * p <- p - lr * b}, b starting at 0 (torch's first step sets b = g, the same thing). DL4J ships only Nesterov's variant.
 */
public final class HeavyBallMomentum extends TorchUpdater {
    private double momentum;

    /** For DL4J, which copies configurations through JSON (fields only). */
    private HeavyBallMomentum() {
        super(0, null);
    }

    public HeavyBallMomentum(double learningRate, ISchedule schedule, double momentum) {
        super(learningRate, schedule);
        this.momentum = momentum;
    }

    public double momentum() { return momentum; }

    @Override public String rule() { return "momentum"; }

    @Override public List<String> stateKeys() { return List.of("V"); }

    @Override protected List<Object> hyperparameters() { return List.of(momentum); }

    @Override protected TorchUpdater copy(double lr, ISchedule s) { return new HeavyBallMomentum(lr, s, momentum); }

    @Override
    protected Step step(double lr, long t, double[] memo) {
        double mu = momentum;
        return (g, state, from, to) -> {
            Buf v = state[0];
            for (int i = from; i < to; i++) {
                double b = mu * v.get(i) + g.get(i);
                v.set(i, b);
                g.set(i, lr * b);
            }
        };
    }
}
