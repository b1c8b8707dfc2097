package dev.gradflow.model.train.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/** {@code torch.optim.SGD} without momentum: {@code p <- p - lr * g}. No state. */
public final class Sgd extends TorchUpdater {
    /** For DL4J, which copies configurations through JSON (fields only). */
    private Sgd() {
        super(0, null);
    }

    public Sgd(double learningRate, ISchedule schedule) {
        super(learningRate, schedule);
    }

    @Override public String rule() { return "sgd"; }

    @Override public List<String> stateKeys() { return List.of(); }

    @Override protected List<Object> hyperparameters() { return List.of(); }

    @Override protected TorchUpdater copy(double lr, ISchedule s) { return new Sgd(lr, s); }

    @Override
    protected Step step(double lr, long t, double[] memo) {
        return (g, state, from, to) -> {
            for (int i = from; i < to; i++) g.set(i, lr * g.get(i));
        };
    }
}
