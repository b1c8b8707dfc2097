package dev.gradflow.model.train.optim;

import dev.gradflow.model.spec.OptimizerSpec;
import org.nd4j.linalg.schedule.ISchedule;

/** The optimizer of a spec: one {@link TorchUpdater} per {@link OptimizerSpec.Type}, driven by the schedule. */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * The update rule for {@code o}; {@code schedule} gives the learning rate of every step (its base is
     * {@code o.learningRate()}). Regularization (L2, decoupled weight decay) is not part of the rule: the network
     * applies it to weights only (NetworkFactory).
     */
    public static TorchUpdater of(OptimizerSpec o, ISchedule schedule) {
        double lr = o.learningRate();
        return switch (o.type()) {
            case SGD -> new Sgd(lr, schedule);
            case MOMENTUM -> new HeavyBallMomentum(lr, schedule, o.momentum());
            case NESTEROV -> new Nesterov(lr, schedule, o.momentum());
            case ADAGRAD -> new Adagrad(lr, schedule, o.epsilon());
            case ADAM, ADAMW -> new Adam(lr, schedule, o.beta1(), o.beta2(), o.epsilon(), false);
            case AMSGRAD -> new Adam(lr, schedule, o.beta1(), o.beta2(), o.epsilon(), true);
            case RMSPROP -> new RmsProp(lr, schedule, o.rmsDecay(), o.epsilon());
            case ADAMAX -> new Adamax(lr, schedule, o.beta1(), o.beta2(), o.epsilon());
            case NADAM -> new NAdam(lr, schedule, o.beta1(), o.beta2(), o.epsilon());
            case ADADELTA -> new Adadelta(lr, schedule, o.rmsDecay(), o.epsilon());
        };
    }
}
