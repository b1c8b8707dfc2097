package dev.gradflow.app.design;

import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.PruningSpec;

import java.util.List;
import java.util.function.Function;

import static dev.gradflow.app.design.FormField.Kind.DOUBLE;
import static dev.gradflow.app.design.FormField.Kind.INT;
import static dev.gradflow.app.design.FormField.Kind.LONG;

/**
 * Every numeric field of the design form, each described once ({@link FormField}): label, control id, JSON paths,
 * parser, tooltip and where its value comes from in a spec. Defaults for fields a spec leaves unset (pruning, residual
 * CNN) are those of docs/spec.md.
 */
public final class DesignFields {
    private DesignFields() {
    }

    public static final FormField EXAMPLES = f(DesignViewModel.F_EXAMPLES, "Training examples", "examples",
            List.of("dataset.examples", "dataset.trainExamples"), INT,
            "Image data: use a class-stratified subset of at most this many training examples (empty = all). "
                    + "Synthetic data: examples generated.",
            s -> s.dataset().synthetic() ? s.dataset().examples() : s.dataset().trainExamples());
    public static final FormField LEARNING_RATE = f(DesignViewModel.F_LR, "Learning rate", "learning-rate",
            List.of("optimizer.learningRate"), DOUBLE, "Base learning rate of the schedule",
            s -> s.optimizer().learningRate());
    public static final FormField BATCH = f(DesignViewModel.F_BATCH, "Batch size", "batch-size",
            List.of("training.batchSize"), INT, "Examples per update", s -> s.training().batchSize());
    public static final FormField EPOCHS = f(DesignViewModel.F_EPOCHS, "Epochs", "epochs", List.of("training.epochs"),
            INT, "Passes over the training split", s -> s.training().epochs());
    public static final FormField SEED = f(DesignViewModel.F_SEED, "Seed", "seed", List.of("seed"), LONG,
            "Seeds masks, initialization, data order and synthetic data", ExperimentSpec::seed);
    public static final FormField POINTS = f(DesignViewModel.F_POINTS, "Evaluation points", "eval-points",
            List.of("evaluation.points"), INT, "Evaluations spread through training, initialization and end included",
            s -> s.evaluation().points());

    public static final FormField MOMENTUM = f(DesignViewModel.F_MOMENTUM, "Momentum", "momentum",
            List.of("optimizer.momentum"), DOUBLE, "mu of momentum and Nesterov", s -> s.optimizer().momentum());
    public static final FormField BETA1 = f(DesignViewModel.F_BETA1, "Beta1", "beta1", List.of("optimizer.beta1"),
            DOUBLE, "Decay of the Adam family's first moment", s -> s.optimizer().beta1());
    public static final FormField BETA2 = f(DesignViewModel.F_BETA2, "Beta2", "beta2", List.of("optimizer.beta2"),
            DOUBLE, "Decay of the Adam family's second moment", s -> s.optimizer().beta2());
    public static final FormField EPSILON = f(DesignViewModel.F_EPSILON, "Epsilon", "epsilon",
            List.of("optimizer.epsilon"), DOUBLE, "eps of the update rule (torch's default per optimizer)",
            s -> s.optimizer().epsilon());
    public static final FormField RMS_DECAY = f(DesignViewModel.F_RMS, "RMSProp decay", "rms-decay",
            List.of("optimizer.rmsDecay"), DOUBLE, "RMSProp's alpha; AdaDelta's rho", s -> s.optimizer().rmsDecay());
    public static final FormField WARMUP = f(DesignViewModel.F_WARMUP, "Warm-up steps", "warmup",
            List.of("optimizer.schedule.warmupSteps"), INT, "Linear warm-up of the learning rate over this many updates",
            s -> s.optimizer().schedule().warmupSteps());
    public static final FormField STEP_SIZE = f(DesignViewModel.F_STEP_SIZE, "Step size", "step-size",
            List.of("optimizer.schedule.stepSize"), INT, "step schedule: multiply by gamma every this many updates",
            s -> s.optimizer().schedule().stepSize());
    public static final FormField GAMMA = f(DesignViewModel.F_GAMMA, "Gamma", "gamma",
            List.of("optimizer.schedule.gamma"), DOUBLE, "Decay factor of the step and exponential schedules",
            s -> s.optimizer().schedule().gamma());
    public static final FormField MIN_LR = f(DesignViewModel.F_MIN_LR, "Minimum LR", "min-lr",
            List.of("optimizer.schedule.minLearningRate"), DOUBLE, "cosine schedule: the rate it decays to",
            s -> s.optimizer().schedule().minLearningRate());
    public static final FormField L2 = f(DesignViewModel.F_L2, "L2", "l2", List.of("optimizer.l2"), DOUBLE,
            "L2: adds lambda * w to the gradient before the optimizer", s -> s.optimizer().l2());
    public static final FormField WEIGHT_DECAY = f(DesignViewModel.F_WD, "Weight decay", "weight-decay",
            List.of("optimizer.weightDecay"), DOUBLE,
            "Decoupled weight decay after the optimizer step: w -= lr * decay * w (AdamW style)",
            s -> s.optimizer().weightDecay());
    public static final FormField LOG_EVERY = f(DesignViewModel.F_LOG_EVERY, "Log every (steps)", "log-every",
            List.of("training.logEvery"), INT, "Record per-step metrics (loss, gradient flow) every this many steps",
            s -> s.training().logEvery());

    public static final FormField STAGES = f(DesignViewModel.F_STAGES, "Stages", "stages",
            List.of("architecture.stages"), INT, "Residual CNN: stages; stage s has base x width factor x 2^(s-1) channels",
            s -> residual(s, ArchitectureSpec::stages, 3));
    public static final FormField BLOCKS_PER_STAGE = f(DesignViewModel.F_BLOCKS_PER_STAGE, "Blocks per stage",
            "blocks-per-stage", List.of("architecture.blocksPerStage"), INT,
            "Residual CNN: pre-activation basic blocks per stage (WRN depth = 6 x blocks + 2 with 3 stages)",
            s -> residual(s, ArchitectureSpec::blocksPerStage, 1));
    public static final FormField BASE_CHANNELS = f(DesignViewModel.F_BASE_CHANNELS, "Base channels", "base-channels",
            List.of("architecture.baseChannels"), INT, "Residual CNN: channels of the 3x3 stem convolution",
            s -> residual(s, ArchitectureSpec::baseChannels, 16));
    public static final FormField WIDTH_FACTOR = f(DesignViewModel.F_WIDTH_FACTOR, "Width factor", "width-factor",
            List.of("architecture.widthFactor"), INT, "Residual CNN: the widening factor k of WRN-d-k",
            s -> residual(s, ArchitectureSpec::widthFactor, 2));

    public static final FormField PRUNE_START = f(DesignViewModel.F_PRUNE_START, "Pruning start step", "prune-start",
            List.of("sparsity.pruning.startStep"), LONG, "Gradual pruning: the first pruning step",
            s -> pruning(s, PruningSpec::startStep, 0L));
    public static final FormField PRUNE_END = f(DesignViewModel.F_PRUNE_END, "Pruning end step", "prune-end",
            List.of("sparsity.pruning.endStep"), LONG, "Gradual pruning: the step where the final density is reached",
            s -> pruning(s, PruningSpec::endStep, 1000L));
    public static final FormField PRUNE_FREQUENCY = f(DesignViewModel.F_PRUNE_FREQUENCY, "Pruning every (steps)",
            "prune-frequency", List.of("sparsity.pruning.frequency"), LONG,
            "Gradual pruning: prune every this many steps between start and end",
            s -> pruning(s, PruningSpec::frequency, PruningSpec.DEFAULT_FREQUENCY));
    public static final FormField PRUNE_FINAL = f(DesignViewModel.F_PRUNE_FINAL, "Final density", "prune-final",
            List.of("sparsity.pruning.finalDensity"), DOUBLE,
            "Gradual pruning: the density every prunable layer ends at (Zhu & Gupta's cubic schedule)",
            s -> pruning(s, PruningSpec::finalDensity, 0.1));
    public static final FormField PRUNE_AFTER = f(DesignViewModel.F_PRUNE_AFTER, "Prune after (steps)", "prune-after",
            List.of("sparsity.pruning.afterSteps"), LONG, "One-shot pruning: prune once after this many updates",
            s -> pruning(s, PruningSpec::afterSteps, 100L));
    public static final FormField PRUNE_TARGET = f(DesignViewModel.F_PRUNE_TARGET, "Target density", "prune-target",
            List.of("sparsity.pruning.targetDensity"), DOUBLE, "One-shot pruning: the density it prunes to",
            s -> pruning(s, PruningSpec::targetDensity, 0.1));

    public static final FormField AUGMENT_PIXELS = f(DesignViewModel.F_AUGMENT_PIXELS, "Augmentation pixels",
            "augment-pixels", List.of("dataset.augmentPixels"), INT,
            "Maximum shift (shift) or zero padding before the random crop (crop-flip)",
            s -> s.dataset().augmentPixels());

    /** Every field, in form order. */
    public static final List<FormField> ALL = List.of(EXAMPLES, LEARNING_RATE, BATCH, EPOCHS, SEED, POINTS, MOMENTUM,
            BETA1, BETA2, EPSILON, RMS_DECAY, WARMUP, STEP_SIZE, GAMMA, MIN_LR, L2, WEIGHT_DECAY, LOG_EVERY, STAGES,
            BLOCKS_PER_STAGE, BASE_CHANNELS, WIDTH_FACTOR, PRUNE_START, PRUNE_END, PRUNE_FREQUENCY, PRUNE_FINAL,
            PRUNE_AFTER, PRUNE_TARGET, AUGMENT_PIXELS);

    private static FormField f(String key, String label, String id, List<String> paths, FormField.Kind kind,
                               String tooltip, Function<ExperimentSpec, Number> read) {
        return new FormField(key, label, id, paths, kind, tooltip, read);
    }

    private static Number residual(ExperimentSpec s, Function<ArchitectureSpec, Integer> get, int otherwise) {
        Integer v = get.apply(s.architecture());
        return v != null ? v : otherwise;
    }

    private static <T extends Number> Number pruning(ExperimentSpec s, Function<PruningSpec, T> get, T otherwise) {
        PruningSpec p = s.sparsity().pruning();
        T v = p == null ? null : get.apply(p);
        return v != null ? v : otherwise;
    }
}
