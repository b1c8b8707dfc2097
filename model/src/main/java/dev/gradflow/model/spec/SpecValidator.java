package dev.gradflow.model.spec;

import dev.gradflow.model.spec.DatasetSpec.DatasetId;

import java.util.ArrayList;
import java.util.List;

/**
 * Range and cross-field rules of a bound spec: the single source of truth used by the CLI's {@code validate} and
 * {@code train} and by the workbench's inline validation. Every rule names its JSON path and what is allowed.
 */
final class SpecValidator {
    private final List<Problem> out = new ArrayList<>();

    private SpecValidator() {
    }

    static List<Problem> validate(ExperimentSpec s) {
        int[] shape = ShapeRules.knownInputShape(s.dataset());
        return validate(s, shape, ShapeRules.knownClasses(s.dataset()), ShapeRules.describe(s.dataset()));
    }

    /**
     * All rules, the shape rules ({@link ShapeRules}) with examples of {@code inputShape} (null: not known, e.g. an
     * {@code idx} folder not yet read: those rules are skipped) and {@code classes} classes (null: unknown).
     */
    static List<Problem> validate(ExperimentSpec s, int[] inputShape, Integer classes, String shapeSource) {
        SpecValidator v = new SpecValidator();
        v.check(s);
        if (inputShape != null && v.out.isEmpty()) ShapeRules.check(s, inputShape, classes, shapeSource, v::add);
        return List.copyOf(v.out);
    }

    private void check(ExperimentSpec s) {
        if (s.version() == ExperimentSpec.DL4J_RULES_VERSION) {
            add("version", s.version(), ExperimentSpec.CURRENT_VERSION + " (version 1 meant DL4J's optimizer rules, now"
                    + " retired); set \"version\": 2 or remove the field to train under torch.optim's rules, see"
                    + " docs/spec.md \"Spec versions\"; runs already in a store keep their spec");
        } else if (s.version() != ExperimentSpec.CURRENT_VERSION) {
            add("version", s.version(), ExperimentSpec.CURRENT_VERSION + " (the current spec version)");
        }
        if (s.name().isBlank() || s.name().length() > 200) add("name", quote(s.name()), "a non-blank name of at most 200 characters");
        if (s.seed() < 0) add("seed", s.seed(), "a whole number >= 0");
        dataset(s.dataset());
        architecture(s.architecture(), s.dataset());
        int weightLayers = s.architecture().weightLayers();
        if (weightLayers > ShapeRules.MAX_WEIGHT_LAYERS) {
            add(s.architecture().type() == ArchitectureSpec.Type.RESIDUAL_CNN ? "architecture.blocksPerStage"
                            : s.architecture().layers().size() >= s.architecture().blocks().size() ? "architecture.layers"
                            : "architecture.blocks", weightLayers + " weight layers",
                    "at most " + ShapeRules.MAX_WEIGHT_LAYERS + " weight layers in all (convolutions, hidden layers, "
                            + "projections and the output layer); deeper networks do not train in reasonable time here");
        }
        sparsity(s.sparsity(), weightLayers, s.architecture().weightLayerOrder());
        if (s.init().layerStd() != null) {
            List<Double> std = s.init().layerStd();
            if (std.size() != weightLayers) {
                add("init.layerStd", std.size() + " values", weightLayers + " (one per weight layer, in the order of "
                        + s.architecture().weightLayerOrder() + ")");
            }
            for (int i = 0; i < std.size(); i++) {
                if (!(std.get(i) > 0 && std.get(i) < 1e6)) add("init.layerStd[" + i + "]", std.get(i), "a standard deviation > 0");
            }
        }
        optimizer(s.optimizer());
        TrainingSpec t = s.training();
        intAtLeast("training.batchSize", t.batchSize(), 1, 65536);
        intAtLeast("training.epochs", t.epochs(), 1, 100000);
        intAtLeast("training.logEvery", t.logEvery(), 1, Integer.MAX_VALUE);
        if (t.kernelMode() == TrainingSpec.Kernels.SPARSE) {
            if (s.architecture().type() != ArchitectureSpec.Type.MLP) {
                add("training.kernels", quote("sparse"), "auto or dense for architecture.type "
                        + s.architecture().type().id() + " (sparse kernels run the hidden layers of an mlp only)");
            } else if (s.sparsity().pruning() != null || s.sparsity().dynamic() != null) {
                add("training.kernels", quote("sparse"), "auto or dense with " + (s.sparsity().pruning() != null
                        ? "sparsity.pruning" : "sparsity.dynamic") + " (sparse kernels need masks fixed for the whole run)");
            }
        }
        if (t.divergence() != null) {
            DivergenceSpec d = t.divergence();
            if (!(d.lossFactor() > 1 && d.lossFactor() <= 1e12)) {
                add("training.divergence.lossFactor", d.lossFactor(), "a finite factor > 1 (and <= 1e12)");
            }
            intAtLeast("training.divergence.patience", d.patience(), 1, 1_000_000);
            if (!(d.maxGradientNorm() > 0 && d.maxGradientNorm() <= 1e300)) {
                add("training.divergence.maxGradientNorm", d.maxGradientNorm(), "a finite number > 0");
            }
        }
        EvaluationSpec e = s.evaluation();
        intAtLeast("evaluation.points", e.points(), 2, 1000); // initialization and the end at least
        intAtLeast("evaluation.examples", e.examples(), 1, 1_000_000);
    }

    private void dataset(DatasetSpec d) {
        boolean needsPath = d.id() == DatasetId.IDX || d.id() == DatasetId.CIFAR10 || d.id() == DatasetId.CIFAR100;
        if (needsPath && (d.path() == null || d.path().isBlank())) {
            add("dataset.path", null, "a folder with the " + d.id().id() + " files (required for dataset.id " + d.id().id() + ")");
        }
        // at least 2: training needs examples of two classes (a subset of 1 is one class)
        if (d.trainExamples() != null) intAtLeast("dataset.trainExamples", d.trainExamples(), 2, Integer.MAX_VALUE);
        if (d.testExamples() != null) intAtLeast("dataset.testExamples", d.testExamples(), 1, Integer.MAX_VALUE);
        if (d.augmentation() != DatasetSpec.Augmentation.NONE) {
            if (!d.images()) {
                add("dataset.augmentation", quote(d.augmentation().id()), "none for the 2-D synthetic set " + d.id().id()
                        + " (augmentation shifts and flips images)");
            }
            intAtLeast("dataset.augmentPixels", d.augmentPixels(), 1, 16);
        }
        if (d.synthetic()) {
            intAtLeast("dataset.examples", d.examples(), 10, 10_000_000);
            if (!(d.noise() >= 0 && d.noise() <= 10)) add("dataset.noise", d.noise(), "a number from 0 to 10");
            if (!(d.testFraction() > 0 && d.testFraction() < 1)) add("dataset.testFraction", d.testFraction(), "a number > 0 and < 1");
            if (d.id() == DatasetId.BLOBS || d.id() == DatasetId.SPIRALS) intAtLeast("dataset.classes", d.classes(), 2, 100);
            else if (d.classes() != 2) add("dataset.classes", d.classes(), "2 (" + d.id().id() + " has two classes)");
        }
    }

    private void architecture(ArchitectureSpec a, DatasetSpec d) {
        List<ConvBlockSpec> blocks = a.blocks();
        if (a.type() == ArchitectureSpec.Type.CNN) {
            if (blocks.isEmpty()) add("architecture.blocks", null, "at least one convolutional block for architecture.type cnn");
            if (!d.images()) {
                add("architecture.type", quote(a.type().id()), "mlp for the 2-D synthetic set " + d.id().id()
                        + " (cnn needs image data)");
            }
        } else {
            if (!blocks.isEmpty()) add("architecture.blocks", blocks.size() + " blocks", "no blocks unless architecture.type is cnn");
            if (a.globalPooling() != ConvBlockSpec.Pooling.NONE) {
                add("architecture.globalPooling", quote(a.globalPooling().id()), "none unless architecture.type is cnn"
                        + (a.type() == ArchitectureSpec.Type.RESIDUAL_CNN ? " (residual-cnn always ends in global average pooling)" : ""));
            }
        }
        if (a.type() == ArchitectureSpec.Type.RESIDUAL_CNN) {
            if (!d.images()) {
                add("architecture.type", quote(a.type().id()), "mlp for the 2-D synthetic set " + d.id().id()
                        + " (residual-cnn needs image data)");
            }
            if (!a.layers().isEmpty()) {
                add("architecture.layers", a.layers().size() + " layers", "no layers for residual-cnn (global average "
                        + "pooling feeds the output layer directly)");
            }
            intAtLeast("architecture.stages", a.stages(), 1, 6);
            intAtLeast("architecture.blocksPerStage", a.blocksPerStage(), 1, 32);
            intAtLeast("architecture.baseChannels", a.baseChannels(), 1, 1024);
            intAtLeast("architecture.widthFactor", a.widthFactor(), 1, 32);
            if (a.activation() == Activation.SRELU) {
                add("architecture.activation", quote("srelu"), "an activation other than srelu for residual-cnn (SReLU "
                        + "is per unit of dense layers)");
            }
        } else {
            String[] fields = {"stages", "blocksPerStage", "baseChannels", "widthFactor", "activation"};
            Object[] values = {a.stages(), a.blocksPerStage(), a.baseChannels(), a.widthFactor(), a.activation()};
            for (int i = 0; i < fields.length; i++) {
                if (values[i] != null) {
                    add("architecture." + fields[i], values[i] instanceof SpecEnum e ? quote(e.id()) : values[i],
                            "no " + fields[i] + " unless architecture.type is residual-cnn");
                }
            }
        }
        for (int i = 0; i < blocks.size(); i++) {
            ConvBlockSpec b = blocks.get(i);
            String p = "architecture.blocks[" + i + "]";
            if (b.filters() == null) add(p + ".filters", null, "an integer >= 1");
            else intAtLeast(p + ".filters", b.filters(), 1, 65536);
            intAtLeast(p + ".kernel", b.kernel(), 1, 64);
            intAtLeast(p + ".stride", b.stride(), 1, 64);
            if (b.same()) {
                if (b.padding() != 0) add(p + ".padding", b.padding(), "0 when same is true (same padding is computed)");
            } else {
                intAtLeast(p + ".padding", b.padding(), 0, Math.max(0, b.kernel() - 1));
            }
            intAtLeast(p + ".poolSize", b.poolSize(), 1, 64);
            if (b.activation() == Activation.SRELU) {
                add(p + ".activation", quote("srelu"), "an activation other than srelu on convolutional blocks (SReLU "
                        + "is per unit of dense layers; use it in the dense head)");
            }
        }
        List<LayerSpec> layers = a.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            String p = "architecture.layers[" + i + "]";
            if (a.type() == ArchitectureSpec.Type.RESIDUAL_MLP && l.dropout() != 0) {
                add(p + ".dropout", l.dropout(), "0 for residual-mlp (dropout is not supported with skip connections)");
            }
            if (l.width() == null) add(p + ".width", null, "an integer >= 1");
            else intAtLeast(p + ".width", l.width(), 1, 1_000_000);
            if (!(l.dropout() >= 0 && l.dropout() < 1)) add(p + ".dropout", l.dropout(), "a probability >= 0 and < 1");
        }
    }

    private void sparsity(SparsitySpec s, int weightLayers, String order) {
        if (!(s.density() > 0 && s.density() <= 1)) add("sparsity.density", s.density(), "a fraction > 0 and <= 1");
        if (s.distribution() == SparsitySpec.Distribution.EXPLICIT) {
            if (s.layerDensities() == null) {
                add("sparsity.layerDensities", null, "one density per weight layer (" + weightLayers
                        + ": the " + order + ") when distribution is explicit");
            } else if (s.layerDensities().size() != weightLayers) {
                add("sparsity.layerDensities", s.layerDensities().size() + " values", weightLayers
                        + " values, one per weight layer (" + order + ")");
            }
        } else if (s.layerDensities() != null) {
            add("sparsity.layerDensities", "a list", "no per-layer densities unless sparsity.distribution is explicit");
        }
        if (s.layerDensities() != null) {
            for (int i = 0; i < s.layerDensities().size(); i++) {
                double d = s.layerDensities().get(i);
                if (!(d > 0 && d <= 1)) add("sparsity.layerDensities[" + i + "]", d, "a fraction > 0 and <= 1");
            }
        }
        if (s.pruning() != null) pruning(s.pruning());
        if (s.dynamic() != null) out.addAll(DynamicSparsitySpec.problems(s));
    }

    private void pruning(PruningSpec p) {
        String b = "sparsity.pruning.";
        if (p.type() == null) {
            add(b + "type", null, "gradual or one-shot");
            return;
        }
        boolean gradual = p.type() == PruningSpec.Type.GRADUAL;
        String other = gradual ? "one-shot" : "gradual";
        String[] foreign = gradual ? new String[]{"afterSteps", "targetDensity", "scope", "rewind"}
                : new String[]{"startStep", "endStep", "frequency", "finalDensity"};
        Object[] values = gradual ? new Object[]{p.afterSteps(), p.targetDensity(), p.scope(), p.rewind()}
                : new Object[]{p.startStep(), p.endStep(), p.frequency(), p.finalDensity()};
        for (int i = 0; i < foreign.length; i++) {
            if (values[i] != null) {
                add(b + foreign[i], values[i] instanceof SpecEnum e ? quote(e.id()) : values[i],
                        "no " + foreign[i] + " for type " + p.type().id() + " (it belongs to type " + other + ")");
            }
        }
        if (gradual) {
            intAtLeast(b + "startStep", p.startStep(), 0, Long.MAX_VALUE / 2);
            if (p.endStep() == null) add(b + "endStep", null, "a step > startStep (" + p.startStep() + ") for type gradual");
            else if (p.endStep() <= p.startStep()) add(b + "endStep", p.endStep(), "a step > startStep (" + p.startStep() + ")");
            intAtLeast(b + "frequency", p.frequency(), 1, Long.MAX_VALUE / 2);
            density(b + "finalDensity", p.finalDensity(), "gradual");
        } else {
            if (p.afterSteps() == null) add(b + "afterSteps", null, "an integer >= 1 for type one-shot");
            else intAtLeast(b + "afterSteps", p.afterSteps(), 1, Long.MAX_VALUE / 2);
            density(b + "targetDensity", p.targetDensity(), "one-shot");
        }
    }

    private void density(String path, Double d, String type) {
        if (d == null) add(path, null, "a fraction > 0 and <= 1 for type " + type);
        else if (!(d > 0 && d <= 1)) add(path, d, "a fraction > 0 and <= 1");
    }

    private void optimizer(OptimizerSpec o) {
        if (!(o.learningRate() > 0 && o.learningRate() <= 10)) add("optimizer.learningRate", o.learningRate(), "a number > 0 and <= 10");
        fraction("optimizer.momentum", o.momentum());
        fraction("optimizer.beta1", o.beta1());
        fraction("optimizer.beta2", o.beta2());
        if (!(o.epsilon() > 0 && o.epsilon() < 1)) add("optimizer.epsilon", o.epsilon(), "a number > 0 and < 1");
        if (!(o.rmsDecay() > 0 && o.rmsDecay() < 1)) add("optimizer.rmsDecay", o.rmsDecay(), "a number > 0 and < 1");
        if (!(o.l2() >= 0 && Double.isFinite(o.l2()))) add("optimizer.l2", o.l2(), "a finite number >= 0");
        if (!(o.weightDecay() >= 0 && Double.isFinite(o.weightDecay()))) {
            add("optimizer.weightDecay", o.weightDecay(), "a finite number >= 0");
        }
        if (!(o.clipThreshold() > 0 && Double.isFinite(o.clipThreshold()))) {
            add("optimizer.clipThreshold", o.clipThreshold(), "a finite number > 0");
        }
        ScheduleSpec s = o.schedule();
        intAtLeast("optimizer.schedule.warmupSteps", s.warmupSteps(), 0, Integer.MAX_VALUE);
        intAtLeast("optimizer.schedule.stepSize", s.stepSize(), 1, Integer.MAX_VALUE);
        if (!(s.gamma() > 0 && s.gamma() <= 1)) add("optimizer.schedule.gamma", s.gamma(), "a factor > 0 and <= 1");
        if (!(s.minLearningRate() >= 0 && s.minLearningRate() <= o.learningRate())) {
            add("optimizer.schedule.minLearningRate", s.minLearningRate(), "a number >= 0 and <= optimizer.learningRate ("
                    + o.learningRate() + ")");
        }
    }

    private void fraction(String path, double v) {
        if (!(v >= 0 && v < 1)) add(path, v, "a number >= 0 and < 1");
    }

    private void intAtLeast(String path, long v, long min, long max) {
        if (v < min) {
            add(path, v, "an integer >= " + min);
        } else if (v > max) {
            add(path, v, "an integer from " + min + " to " + max);
        }
    }

    private void add(String path, Object value, String expected) {
        out.add(new Problem(path, value == null ? null : format(value), expected));
    }

    private static String format(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
