package dev.gradflow.model.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;
import java.util.Objects;

/**
 * Classical (heavy-ball) momentum, the paper's "SGD with momentum", which DL4J does not ship (its
 * {@code Nesterovs} is Nesterov's variant): {@code v = mu * v + g; update = lr * v}, as in PyTorch's
 * {@code SGD(momentum=mu)}. The velocity starts at 0, so it stays 0 wherever the gradient is always 0 (masked weights).
 */
public final class HeavyBallMomentum implements IUpdater {
    private double learningRate;
    private ISchedule schedule;
    private final double momentum;

    public HeavyBallMomentum(double learningRate, ISchedule schedule, double momentum) {
        this.learningRate = learningRate;
        this.schedule = schedule;
        this.momentum = momentum;
    }

    public double momentum() { return momentum; }

    @Override public long stateSize(long numParams) { return numParams; }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initialize) {
        Updater u = new Updater(this);
        u.setState(state, initialize);
        return u;
    }

    @Override
    public IUpdater clone() {
        return new HeavyBallMomentum(learningRate, schedule == null ? null : schedule.clone(), momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return schedule != null ? schedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override public boolean hasLearningRate() { return true; }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.schedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeavyBallMomentum m && m.learningRate == learningRate && m.momentum == momentum
                && Objects.equals(m.schedule, schedule);
    }

    @Override
    public int hashCode() { return Objects.hash(learningRate, momentum, schedule); }

    static final class Updater implements GradientUpdater<HeavyBallMomentum> {
        static final String V = "V";
        private final HeavyBallMomentum config;
        private INDArray v;

        Updater(HeavyBallMomentum config) { this.config = config; }

        @Override public HeavyBallMomentum getConfig() { return config; }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (!state.containsKey(V)) throw new IllegalStateException("momentum state needs key " + V);
            v = state.get(V);
            if (initialize) v.assign(0);
        }

        @Override public Map<String, INDArray> getState() { return Map.of(V, v); }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            if (initialize) viewArray.assign(0);
            v = viewArray.reshape(order, gradientShape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            v.muli(config.momentum).addi(gradient);
            gradient.assign(v).muli(lr);
        }
    }
}
