package dev.gradflow.app.design;

import dev.gradflow.model.data.DatasetLoader;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.EvaluationSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.Problem;
import dev.gradflow.model.spec.ScheduleSpec;
import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.spec.TrainingSpec;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The experiment being designed. Owns one property per editable field, rebuilds the {@link ExperimentSpec} on
 * every edit, validates it with {@link SpecIO#problems} (the engine's single validator) and keeps a live size
 * summary. Fields of a loaded spec that the form does not show (initialization, schedule, ...) are kept as loaded.
 */
public final class DesignViewModel {
    /** Form field keys, used to attach problems to the controls that can fix them. */
    public static final String F_NAME = "name", F_DATASET = "dataset", F_EXAMPLES = "examples", F_DENSITY = "density",
            F_LR = "learningRate", F_BATCH = "batchSize", F_EPOCHS = "epochs", F_SEED = "seed", F_POINTS = "evalPoints",
            F_LAYERS = "layers", F_OTHER = "other",
            F_MOMENTUM = "momentum", F_BETA1 = "beta1", F_BETA2 = "beta2", F_EPSILON = "epsilon", F_RMS = "rmsDecay",
            F_WARMUP = "warmup", F_STEP_SIZE = "stepSize", F_GAMMA = "gamma", F_MIN_LR = "minLr", F_L2 = "l2",
            F_WD = "weightDecay", F_LOG_EVERY = "logEvery";

    private final StringProperty name = new SimpleStringProperty("run");
    private final ObjectProperty<DatasetId> dataset = new SimpleObjectProperty<>(DatasetId.FASHION_MNIST_SAMPLE);
    private final StringProperty examples = new SimpleStringProperty("");
    private final DoubleProperty density = new SimpleDoubleProperty(1.0);
    private final ObjectProperty<SparsitySpec.Distribution> distribution = new SimpleObjectProperty<>(SparsitySpec.Distribution.UNIFORM);
    private final ObjectProperty<OptimizerSpec.Type> optimizer = new SimpleObjectProperty<>(OptimizerSpec.Type.ADAM);
    private final StringProperty learningRate = new SimpleStringProperty("0.001");
    private final StringProperty batchSize = new SimpleStringProperty("128");
    private final StringProperty epochs = new SimpleStringProperty("1");
    private final StringProperty seed = new SimpleStringProperty("1");
    private final StringProperty evalPoints = new SimpleStringProperty("11");
    private final StringProperty datasetPath = new SimpleStringProperty(null);
    private final StringProperty momentum = new SimpleStringProperty("0.9");
    private final StringProperty beta1 = new SimpleStringProperty("0.9");
    private final StringProperty beta2 = new SimpleStringProperty("0.999");
    private final StringProperty epsilon = new SimpleStringProperty(trim(OptimizerSpec.defaultEpsilon(OptimizerSpec.Type.ADAM)));
    private final StringProperty rmsDecay = new SimpleStringProperty(trim(OptimizerSpec.defaultRmsDecay(OptimizerSpec.Type.ADAM)));
    private final ObjectProperty<ScheduleSpec.Type> schedule = new SimpleObjectProperty<>(ScheduleSpec.Type.CONSTANT);
    private final StringProperty warmup = new SimpleStringProperty("0");
    private final StringProperty stepSize = new SimpleStringProperty("1000");
    private final StringProperty gamma = new SimpleStringProperty("0.1");
    private final StringProperty minLr = new SimpleStringProperty("0");
    private final StringProperty l2 = new SimpleStringProperty("0");
    private final StringProperty weightDecay = new SimpleStringProperty("0");
    private final StringProperty logEvery = new SimpleStringProperty("1");
    private final ObservableList<LayerRow> layers = FXCollections.observableArrayList(LayerRow::observables);

    private final ReadOnlyObjectWrapper<ExperimentSpec> spec = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ObservableMap<String, String> fieldProblems = FXCollections.observableHashMap();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ObservableList<SpecSummary.Layer> layerSummary = FXCollections.observableArrayList();
    private final BooleanProperty trainingAllowed = new SimpleBooleanProperty(true);
    private final SimpleBooleanProperty canTrain = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper trainHint = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper("");
    private final BooleanProperty autoName = new SimpleBooleanProperty(true);
    private Function<DatasetSpec, String> datasetCheck = ds -> DatasetLoader.missingFiles(ds, List.of());
    private boolean naming;

    private final Consumer<ExperimentSpec> trainAction;
    private ExperimentSpec base = ExperimentSpec.defaults();
    private boolean loading;

    public DesignViewModel(Consumer<ExperimentSpec> trainAction) {
        this.trainAction = trainAction;
        // registered before the recompute listeners: a typed name must stop auto-naming before the spec is rebuilt
        // (an invalidation listener: JavaFX calls those before change listeners, in the order they were added)
        name.addListener((Observable o) -> {
            if (!loading && !naming) autoName.set(false);
        });
        Observable[] deps = {name, dataset, examples, density, distribution, optimizer, learningRate, batchSize, epochs,
                seed, evalPoints, layers, trainingAllowed, datasetPath, momentum, beta1, beta2, epsilon, rmsDecay, schedule,
                warmup, stepSize, gamma, minLr, l2, weightDecay, logEvery};
        for (Observable o : deps) o.addListener(x -> recompute());
        // a field still at the previous type's default (the engine's torch defaults, docs/science.md section 3) follows
        // the new type's default; a value the user typed stays
        optimizer.addListener((o, was, now) -> {
            if (loading || was == null || now == null) return;
            followDefault(learningRate, OptimizerSpec.defaultLearningRate(was), OptimizerSpec.defaultLearningRate(now));
            followDefault(epsilon, OptimizerSpec.defaultEpsilon(was), OptimizerSpec.defaultEpsilon(now));
            followDefault(rmsDecay, OptimizerSpec.defaultRmsDecay(was), OptimizerSpec.defaultRmsDecay(now));
            followDefault(weightDecay, OptimizerSpec.defaultWeightDecay(was), OptimizerSpec.defaultWeightDecay(now));
        });
        load(Presets.quickDemo());
    }

    /** How a dataset's availability is checked (tests replace it); returns a problem line or null. */
    public void setDatasetCheck(Function<DatasetSpec, String> check) {
        datasetCheck = check;
        recompute();
    }

    /** Datasets offered in the picker: full Fashion-MNIST only when it is installed. */
    public static List<DatasetId> availableDatasets() {
        List<DatasetId> ids = new ArrayList<>(List.of(DatasetId.FASHION_MNIST_SAMPLE));
        if (Files.isDirectory(DatasetLoader.SYSTEM_FASHION_MNIST)
                || Files.isDirectory(Path.of(System.getProperty("user.home"), ".gradflow", "data", "fashion-mnist"))) {
            ids.add(DatasetId.FASHION_MNIST);
        }
        ids.addAll(List.of(DatasetId.SPIRALS, DatasetId.CIRCLES, DatasetId.XOR, DatasetId.BLOBS));
        return ids;
    }

    // ---- commands ----

    private static void followDefault(StringProperty field, double oldDefault, double newDefault) {
        try {
            if (Double.parseDouble(field.get().trim()) == oldDefault) field.set(trim(newDefault));
        } catch (RuntimeException notANumber) {
            // leave what the user typed
        }
    }

    public void load(ExperimentSpec s) {
        loading = true;
        try {
            base = s;
            name.set(s.name());
            autoName.set(true);
            description.set(s.description() == null ? "" : s.description());
            dataset.set(s.dataset().id());
            datasetPath.set(s.dataset().path());
            OptimizerSpec o = s.optimizer();
            momentum.set(trim(o.momentum()));
            beta1.set(trim(o.beta1()));
            beta2.set(trim(o.beta2()));
            epsilon.set(trim(o.epsilon()));
            rmsDecay.set(trim(o.rmsDecay()));
            schedule.set(o.schedule().type());
            warmup.set(String.valueOf(o.schedule().warmupSteps()));
            stepSize.set(String.valueOf(o.schedule().stepSize()));
            gamma.set(trim(o.schedule().gamma()));
            minLr.set(trim(o.schedule().minLearningRate()));
            l2.set(trim(o.l2()));
            weightDecay.set(trim(o.weightDecay()));
            logEvery.set(String.valueOf(s.training().logEvery()));
            examples.set(s.dataset().synthetic() ? String.valueOf(s.dataset().examples())
                    : s.dataset().trainExamples() == null ? "" : String.valueOf(s.dataset().trainExamples()));
            density.set(s.sparsity().density());
            distribution.set(s.sparsity().distribution());
            optimizer.set(s.optimizer().type());
            learningRate.set(trim(s.optimizer().learningRate()));
            batchSize.set(String.valueOf(s.training().batchSize()));
            epochs.set(String.valueOf(s.training().epochs()));
            seed.set(String.valueOf(s.seed()));
            evalPoints.set(String.valueOf(s.evaluation().points()));
            layers.setAll(s.architecture().layers().stream().map(LayerRow::of).toList());
        } finally {
            loading = false;
        }
        recompute();
    }

    public void addLayer() {
        LayerRow last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        layers.add(last == null ? LayerRow.of(LayerSpec.of(128, Activation.RELU))
                : new LayerRow(last.widthProperty().get(), last.activationProperty().get(), last.batchNormProperty().get(),
                last.dropoutProperty().get()));
    }

    public void removeLayer(int index) {
        if (index >= 0 && index < layers.size()) layers.remove(index);
    }

    /** Moves the layer at {@code index} by {@code delta} (-1 up, +1 down); returns its new index. */
    public int moveLayer(int index, int delta) {
        int to = index + delta;
        if (index < 0 || index >= layers.size() || to < 0 || to >= layers.size()) return index;
        LayerRow row = layers.remove(index);
        layers.add(to, row);
        return to;
    }

    public void train() {
        recompute();
        if (canTrain.get() && spec.get() != null) trainAction.accept(spec.get());
    }

    // ---- derived state ----

    private void recompute() {
        if (loading) return;
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> messages = new ArrayList<>();
        Long seedValue = parseLong(seed.get(), "seed", F_SEED, fields, messages);
        Double lr = parseDouble(learningRate.get(), "learning rate", F_LR, fields, messages);
        Integer batch = parseInt(batchSize.get(), "batch size", F_BATCH, fields, messages);
        Integer ep = parseInt(epochs.get(), "epochs", F_EPOCHS, fields, messages);
        Integer points = parseInt(evalPoints.get(), "evaluation points", F_POINTS, fields, messages);
        Integer ex = examples.get() == null || examples.get().isBlank() ? null
                : parseInt(examples.get(), "examples", F_EXAMPLES, fields, messages);
        // unparsable fields fall back to the loaded spec's values so the engine validator still checks the rest
        if (seedValue == null) seedValue = base.seed();
        if (lr == null) lr = base.optimizer().learningRate();
        if (batch == null) batch = base.training().batchSize();
        if (ep == null) ep = base.training().epochs();
        if (points == null) points = base.evaluation().points();
        OptimizerSpec baseOptimizer = base.optimizer();
        ScheduleSpec baseSchedule = baseOptimizer.schedule();
        Double momentumValue = or(parseDouble(momentum.get(), "momentum", F_MOMENTUM, fields, messages), baseOptimizer.momentum());
        Double b1 = or(parseDouble(beta1.get(), "beta1", F_BETA1, fields, messages), baseOptimizer.beta1());
        Double b2 = or(parseDouble(beta2.get(), "beta2", F_BETA2, fields, messages), baseOptimizer.beta2());
        Double epsilonValue = or(parseDouble(epsilon.get(), "epsilon", F_EPSILON, fields, messages), baseOptimizer.epsilon());
        Double rmsDecayValue = or(parseDouble(rmsDecay.get(), "RMSProp decay", F_RMS, fields, messages), baseOptimizer.rmsDecay());
        Integer warmupSteps = or(parseInt(warmup.get(), "warm-up steps", F_WARMUP, fields, messages), baseSchedule.warmupSteps());
        Integer stepSizeSteps = or(parseInt(stepSize.get(), "step size", F_STEP_SIZE, fields, messages), baseSchedule.stepSize());
        Double gammaValue = or(parseDouble(gamma.get(), "gamma", F_GAMMA, fields, messages), baseSchedule.gamma());
        Double minLrValue = or(parseDouble(minLr.get(), "minimum learning rate", F_MIN_LR, fields, messages), baseSchedule.minLearningRate());
        Double l2Value = or(parseDouble(l2.get(), "L2", F_L2, fields, messages), baseOptimizer.l2());
        Double weightDecayValue = or(parseDouble(weightDecay.get(), "weight decay", F_WD, fields, messages), baseOptimizer.weightDecay());
        Integer logEveryValue = or(parseInt(logEvery.get(), "logging interval", F_LOG_EVERY, fields, messages), base.training().logEvery());
        ExperimentSpec built;
        {
            DatasetSpec baseDataset = base.dataset();
            DatasetId id = dataset.get();
            boolean synthetic = DatasetSpec.of(id).synthetic();
            String path = datasetPath.get() != null && !datasetPath.get().isBlank() ? datasetPath.get() : null;
            DatasetSpec ds = DatasetSpec.builder(id).path(path).normalization(baseDataset.normalization())
                    .trainExamples(synthetic ? null : ex).testExamples(id == baseDataset.id() ? baseDataset.testExamples() : null)
                    .examples(synthetic ? (ex == null ? 2000 : ex) : null).noise(synthetic && id == baseDataset.id() ? baseDataset.noise() : null)
                    .classes(synthetic && id == baseDataset.id() ? baseDataset.classes() : null).testFraction(synthetic && id == baseDataset.id() ? baseDataset.testFraction() : null)
                    .labels(baseDataset.labels()).augmentation(id == baseDataset.id() ? baseDataset.augmentation() : null).augmentPixels(id == baseDataset.id() ? baseDataset.augmentPixels() : null)
                    .build();
            SparsitySpec baseSparsity = base.sparsity();
            SparsitySpec sp = SparsitySpec.of(round(density.get()), distribution.get()).withLayerDensities(baseSparsity.layerDensities())
                    .withDenseFirstLayer(baseSparsity.denseFirstLayer()).withDenseLastLayer(baseSparsity.denseLastLayer()).withPruning(baseSparsity.pruning());
            OptimizerSpec opt = OptimizerSpec.builder(optimizer.get()).learningRate(lr).momentum(momentumValue).beta1(b1).beta2(b2)
                    .epsilon(epsilonValue).rmsDecay(rmsDecayValue)
                    .schedule(ScheduleSpec.of(schedule.get()).withWarmupSteps(warmupSteps).withStepSize(stepSizeSteps).withGamma(gammaValue).withMinLearningRate(minLrValue))
                    .l2(l2Value).weightDecay(weightDecayValue).clipping(baseOptimizer.clipping()).clipThreshold(baseOptimizer.clipThreshold()).build();
            TrainingSpec tr = TrainingSpec.defaults().withBatchSize(batch).withEpochs(ep).withLogEvery(logEveryValue);
            EvaluationSpec ev = base.evaluation().withPoints(points);
            built = base.withName(name.get()).withSeed(seedValue).withDataset(ds)
                    .withArchitecture(base.architecture().withLayers(layers.stream().map(LayerRow::toSpec).toList()))
                    .withSparsity(sp).withOptimizer(opt).withTraining(tr).withEvaluation(ev);
            for (Problem p : SpecIO.problems(built)) {
                String msg = rowNumbered(p.message());
                messages.add(msg);
                fields.putIfAbsent(fieldOf(p.path()), msg);
            }
        }
        boolean specOk = messages.isEmpty();
        if (specOk && autoName.get()) {
            String derived = RunNames.derive(base, built);
            if (!derived.equals(name.get())) {
                naming = true;
                try {
                    name.set(derived);
                } finally {
                    naming = false;
                }
                built = built.withName(derived);
            }
        }
        String missing = datasetCheck == null ? null : datasetCheck.apply(built.dataset());
        if (missing != null) {
            messages.add("dataset: " + missing);
            fields.putIfAbsent(F_DATASET, missing);
        }
        fieldProblems.clear();
        fieldProblems.putAll(fields);
        problems.setAll(messages);
        spec.set(specOk ? built : null);
        if (specOk) {
            // only a valid spec feeds the summary: an invalid value (density 2) must not show as "200 %"
            SpecSummary sum = SpecSummary.of(built);
            layerSummary.setAll(sum.layers());
            summary.set(String.format(Locale.ROOT, "%,d weights, %,d active (%.1f%%), ~%s FLOPs per example",
                    sum.totalWeights(), sum.activeWeights(), 100 * sum.density(), human(sum.flopsPerExample())));
        } else {
            layerSummary.clear();
            summary.set("No size yet: fix the problems below first");
        }
        boolean ok = messages.isEmpty();
        canTrain.set(ok && trainingAllowed.get());
        if (!ok) trainHint.set("Cannot train: " + messages.size() + (messages.size() == 1 ? " problem" : " problems")
                + " - " + messages.get(0));
        else if (!trainingAllowed.get()) trainHint.set("Cannot train yet: the engine is still loading");
        else trainHint.set("Train this spec (Ctrl+Enter)");
    }

    private static <T> T or(T v, T fallback) { return v != null ? v : fallback; }

    /**
     * A validator message with the spec's 0-based list paths turned into the 1-based rows the tables show:
     * {@code architecture.layers[0].width} becomes {@code layer row 1: width}.
     */
    static String rowNumbered(String message) {
        Matcher m = Pattern.compile("architecture\\.(layers|blocks)\\[(\\d+)\\]\\.?").matcher(message);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String table = m.group(1).equals("layers") ? "layer row " : "block row ";
            m.appendReplacement(b, table + (Integer.parseInt(m.group(2)) + 1) + (m.group().endsWith(".") ? ", " : ""));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Whether optimizer {@code t} has an epsilon (all but plain SGD and the momentum methods). */
    public static boolean usesEpsilon(OptimizerSpec.Type t) {
        return t != OptimizerSpec.Type.SGD && t != OptimizerSpec.Type.MOMENTUM && t != OptimizerSpec.Type.NESTEROV;
    }

    /** Which optimizer settings {@code t} uses (the form shows only those). */
    public static boolean usesMomentum(OptimizerSpec.Type t) {
        return t == OptimizerSpec.Type.MOMENTUM || t == OptimizerSpec.Type.NESTEROV;
    }

    public static boolean usesBetas(OptimizerSpec.Type t) {
        return switch (t) { case ADAM, ADAMW, ADAMAX, NADAM, AMSGRAD -> true; default -> false; };
    }

    public static boolean usesRmsDecay(OptimizerSpec.Type t) { return t == OptimizerSpec.Type.RMSPROP || t == OptimizerSpec.Type.ADADELTA; }

    static String fieldOf(String path) {
        if (path.startsWith("optimizer.momentum")) return F_MOMENTUM;
        if (path.startsWith("optimizer.beta1")) return F_BETA1;
        if (path.startsWith("optimizer.beta2")) return F_BETA2;
        if (path.startsWith("optimizer.epsilon")) return F_EPSILON;
        if (path.startsWith("optimizer.rmsDecay")) return F_RMS;
        if (path.startsWith("optimizer.schedule.warmupSteps")) return F_WARMUP;
        if (path.startsWith("optimizer.schedule.stepSize")) return F_STEP_SIZE;
        if (path.startsWith("optimizer.schedule.gamma")) return F_GAMMA;
        if (path.startsWith("optimizer.schedule.minLearningRate")) return F_MIN_LR;
        if (path.startsWith("optimizer.l2")) return F_L2;
        if (path.startsWith("optimizer.weightDecay")) return F_WD;
        if (path.startsWith("training.logEvery")) return F_LOG_EVERY;
        if (path.equals("name")) return F_NAME;
        if (path.equals("seed")) return F_SEED;
        if (path.startsWith("optimizer.learningRate")) return F_LR;
        if (path.startsWith("training.batchSize")) return F_BATCH;
        if (path.startsWith("training.epochs")) return F_EPOCHS;
        if (path.startsWith("evaluation.points")) return F_POINTS;
        if (path.startsWith("sparsity.density")) return F_DENSITY;
        if (path.startsWith("dataset.examples") || path.startsWith("dataset.trainExamples")) return F_EXAMPLES;
        if (path.startsWith("dataset")) return F_DATASET;
        if (path.startsWith("architecture")) return F_LAYERS;
        return F_OTHER;
    }

    static String human(long v) {
        if (v >= 1_000_000_000) return String.format(Locale.ROOT, "%.2f G", v / 1e9);
        if (v >= 1_000_000) return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        if (v >= 1_000) return String.format(Locale.ROOT, "%.1f k", v / 1e3);
        return Long.toString(v);
    }

    private static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }

    private static String trim(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static Integer parseInt(String text, String label, String key, Map<String, String> f, List<String> m) {
        try {
            return Integer.valueOf(text.trim());
        } catch (RuntimeException e) {
            return fail(label, text, "a whole number", key, f, m);
        }
    }

    private static Long parseLong(String text, String label, String key, Map<String, String> f, List<String> m) {
        try {
            return Long.valueOf(text.trim());
        } catch (RuntimeException e) {
            return fail(label, text, "a whole number", key, f, m);
        }
    }

    private static Double parseDouble(String text, String label, String key, Map<String, String> f, List<String> m) {
        try {
            return Double.valueOf(text.trim());
        } catch (RuntimeException e) {
            return fail(label, text, "a number such as 0.001", key, f, m);
        }
    }

    private static <T> T fail(String label, String text, String expected, String key, Map<String, String> f, List<String> m) {
        String msg = label + ": '" + (text == null ? "" : text) + "' is not " + expected;
        m.add(msg);
        f.put(key, msg);
        return null;
    }

    // ---- properties ----

    public StringProperty nameProperty() { return name; }
    public ObjectProperty<DatasetId> datasetProperty() { return dataset; }
    public StringProperty examplesProperty() { return examples; }
    /** Folder of an {@code idx} dataset (or a non-default Fashion-MNIST folder); null for the default lookup. */
    public StringProperty datasetPathProperty() { return datasetPath; }
    public StringProperty momentumProperty() { return momentum; }
    public StringProperty beta1Property() { return beta1; }
    public StringProperty beta2Property() { return beta2; }
    public StringProperty epsilonProperty() { return epsilon; }
    public StringProperty rmsDecayProperty() { return rmsDecay; }
    public ObjectProperty<ScheduleSpec.Type> scheduleProperty() { return schedule; }
    public StringProperty warmupProperty() { return warmup; }
    public StringProperty stepSizeProperty() { return stepSize; }
    public StringProperty gammaProperty() { return gamma; }
    public StringProperty minLrProperty() { return minLr; }
    public StringProperty l2Property() { return l2; }
    public StringProperty weightDecayProperty() { return weightDecay; }
    public StringProperty logEveryProperty() { return logEvery; }
    public DoubleProperty densityProperty() { return density; }
    public ObjectProperty<SparsitySpec.Distribution> distributionProperty() { return distribution; }
    public ObjectProperty<OptimizerSpec.Type> optimizerProperty() { return optimizer; }
    public StringProperty learningRateProperty() { return learningRate; }
    public StringProperty batchSizeProperty() { return batchSize; }
    public StringProperty epochsProperty() { return epochs; }
    public StringProperty seedProperty() { return seed; }
    public StringProperty evalPointsProperty() { return evalPoints; }
    public ObservableList<LayerRow> layers() { return layers; }
    public ReadOnlyObjectProperty<ExperimentSpec> specProperty() { return spec.getReadOnlyProperty(); }
    public ExperimentSpec spec() { return spec.get(); }
    public ObservableList<String> problems() { return problems; }
    public ObservableMap<String, String> fieldProblems() { return fieldProblems; }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ObservableList<SpecSummary.Layer> layerSummary() { return layerSummary; }
    public ReadOnlyBooleanProperty canTrainProperty() { return canTrain; }
    public ReadOnlyStringProperty trainHintProperty() { return trainHint.getReadOnlyProperty(); }
    /** False while the engine's native libraries are loading, or when the app forbids training. */
    public BooleanProperty trainingAllowedProperty() { return trainingAllowed; }
    public ObjectProperty<Path> fileProperty() { return file; }
    /** The loaded spec's description (shown above the form). */
    public ReadOnlyStringProperty descriptionProperty() { return description.getReadOnlyProperty(); }
    /** True while the run name follows the spec's changes ("quick-demo density=1.0"); typing a name turns it off. */
    public BooleanProperty autoNameProperty() { return autoName; }
}
