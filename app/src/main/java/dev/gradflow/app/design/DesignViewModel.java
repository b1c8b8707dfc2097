package dev.gradflow.app.design;

import dev.gradflow.app.task.TaskExecutor;
import dev.gradflow.model.data.DatasetLoader;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.ConvBlockSpec;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.EvaluationSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.Problem;
import dev.gradflow.model.spec.PruningSpec;
import dev.gradflow.model.spec.ScheduleSpec;
import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.spec.SpecEnum;
import dev.gradflow.model.spec.TrainingSpec;
import dev.gradflow.model.train.NetworkSummary;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
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
            F_WD = "weightDecay", F_LOG_EVERY = "logEvery", F_BLOCKS = "blocks", F_STAGES = "stages",
            F_BLOCKS_PER_STAGE = "blocksPerStage", F_BASE_CHANNELS = "baseChannels", F_WIDTH_FACTOR = "widthFactor",
            F_PRUNING = "pruning", F_PRUNE_START = "pruneStart", F_PRUNE_END = "pruneEnd",
            F_PRUNE_FREQUENCY = "pruneFrequency", F_PRUNE_FINAL = "pruneFinal", F_PRUNE_AFTER = "pruneAfter",
            F_PRUNE_TARGET = "pruneTarget", F_AUGMENT_PIXELS = "augmentPixels";

    /** Magnitude pruning as the form offers it: none, or one of {@link PruningSpec.Type}. */
    public enum Pruning implements SpecEnum {
        NONE("none"), GRADUAL("gradual"), ONE_SHOT("one-shot");
        private final String id;
        Pruning(String id) { this.id = id; }
        @Override public String id() { return id; }
    }

    private final StringProperty name = new SimpleStringProperty("run");
    private final ObjectProperty<DatasetId> dataset = new SimpleObjectProperty<>(DatasetId.FASHION_MNIST_SAMPLE);
    private final DoubleProperty density = new SimpleDoubleProperty(1.0);
    private final ObjectProperty<SparsitySpec.Distribution> distribution = new SimpleObjectProperty<>(SparsitySpec.Distribution.UNIFORM);
    private final ObjectProperty<OptimizerSpec.Type> optimizer = new SimpleObjectProperty<>(OptimizerSpec.Type.ADAM);
    private final StringProperty datasetPath = new SimpleStringProperty(null);
    private final ObjectProperty<ScheduleSpec.Type> schedule = new SimpleObjectProperty<>(ScheduleSpec.Type.CONSTANT);
    /** One text property per numeric field of {@link DesignFields#ALL}, by key. */
    private final Map<String, StringProperty> text = new LinkedHashMap<>();
    private final ObjectProperty<ArchitectureSpec.Type> architectureType = new SimpleObjectProperty<>(ArchitectureSpec.Type.MLP);
    private final ObjectProperty<ConvBlockSpec.Pooling> globalPooling = new SimpleObjectProperty<>(ConvBlockSpec.Pooling.NONE);
    private final ObjectProperty<Activation> residualActivation = new SimpleObjectProperty<>(Activation.RELU);
    private final ObjectProperty<Pruning> pruning = new SimpleObjectProperty<>(Pruning.NONE);
    private final ObjectProperty<PruningSpec.Scope> pruneScope = new SimpleObjectProperty<>(PruningSpec.Scope.LAYER);
    private final ObjectProperty<PruningSpec.Rewind> pruneRewind = new SimpleObjectProperty<>(PruningSpec.Rewind.NONE);
    private final ObjectProperty<DatasetSpec.Augmentation> augmentation = new SimpleObjectProperty<>(DatasetSpec.Augmentation.NONE);
    private final ObservableList<BlockRow> blocks = FXCollections.observableArrayList(BlockRow::observables);
    private final ObservableList<LayerRow> layers = FXCollections.observableArrayList(LayerRow::observables);

    private final ReadOnlyObjectWrapper<ExperimentSpec> spec = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ObservableMap<String, String> fieldProblems = FXCollections.observableHashMap();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ObservableList<NetworkRow> layerSummary = FXCollections.observableArrayList();
    private final ObservableList<NetworkRow> networkLayers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summaryNote = new ReadOnlyStringWrapper("");
    /** Where the network summary is computed: null = on the calling thread (tests), else off the FX thread. */
    private final TaskExecutor summaryTasks;
    private long summaryGeneration;
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
        this(trainAction, null);
    }

    /**
     * {@code summaryTasks} computes the network summary off the FX thread (building the engine's network
     * configuration; the first one loads DL4J's classes, about 2 s); null computes it on the calling thread.
     */
    public DesignViewModel(Consumer<ExperimentSpec> trainAction, TaskExecutor summaryTasks) {
        this.trainAction = trainAction;
        this.summaryTasks = summaryTasks;
        for (FormField f : DesignFields.ALL) text.put(f.key(), new SimpleStringProperty(""));
        // registered before the recompute listeners: a typed name must stop auto-naming before the spec is rebuilt
        // (an invalidation listener: JavaFX calls those before change listeners, in the order they were added)
        name.addListener((Observable o) -> {
            if (!loading && !naming) autoName.set(false);
        });
        Observable[] deps = {name, dataset, density, distribution, optimizer, layers, trainingAllowed, datasetPath,
                schedule, architectureType, blocks, globalPooling, residualActivation, pruning, pruneScope, pruneRewind,
                augmentation};
        for (Observable o : deps) o.addListener(x -> recompute());
        for (StringProperty t : text.values()) t.addListener(x -> recompute());
        // a field still at the previous type's default (the engine's torch defaults, docs/science.md section 3) follows
        // the new type's default; a value the user typed stays
        optimizer.addListener((o, was, now) -> {
            if (loading || was == null || now == null) return;
            followDefault(learningRateProperty(), OptimizerSpec.defaultLearningRate(was), OptimizerSpec.defaultLearningRate(now));
            followDefault(epsilonProperty(), OptimizerSpec.defaultEpsilon(was), OptimizerSpec.defaultEpsilon(now));
            followDefault(rmsDecayProperty(), OptimizerSpec.defaultRmsDecay(was), OptimizerSpec.defaultRmsDecay(now));
            followDefault(weightDecayProperty(), OptimizerSpec.defaultWeightDecay(was), OptimizerSpec.defaultWeightDecay(now));
        });
        // the augmentation's pixel count follows the type's default (2 shift, 4 crop-flip) unless the user typed one
        augmentation.addListener((o, was, now) -> {
            if (loading || was == null || now == null) return;
            followDefault(text(F_AUGMENT_PIXELS), defaultPixels(was), defaultPixels(now));
        });
        load(Presets.quickDemo());
    }

    private static double defaultPixels(DatasetSpec.Augmentation a) {
        return a == DatasetSpec.Augmentation.CROP_FLIP ? 4 : 2;
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
            if (Double.parseDouble(field.get().trim()) == oldDefault) field.set(FormField.format(newDefault));
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
            for (FormField f : DesignFields.ALL) text(f.key()).set(FormField.format(f.read().apply(s)));
            schedule.set(s.optimizer().schedule().type());
            density.set(s.sparsity().density());
            distribution.set(s.sparsity().distribution());
            optimizer.set(s.optimizer().type());
            ArchitectureSpec a = s.architecture();
            architectureType.set(a.type());
            globalPooling.set(a.globalPooling());
            residualActivation.set(a.activation() == null ? Activation.RELU : a.activation());
            blocks.setAll(a.blocks().stream().map(BlockRow::of).toList());
            PruningSpec p = s.sparsity().pruning();
            pruning.set(p == null ? Pruning.NONE : p.type() == PruningSpec.Type.GRADUAL ? Pruning.GRADUAL : Pruning.ONE_SHOT);
            pruneScope.set(p == null || p.scope() == null ? PruningSpec.Scope.LAYER : p.scope());
            pruneRewind.set(p == null || p.rewind() == null ? PruningSpec.Rewind.NONE : p.rewind());
            augmentation.set(s.dataset().augmentation());
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
        return move(layers, index, delta);
    }

    /** Adds a convolutional block: a copy of the last one, or 32 3x3 ReLU filters with 2x2 max pooling. */
    public void addBlock() {
        blocks.add(blocks.isEmpty() ? BlockRow.of(ConvBlockSpec.of(32, 3, Activation.RELU, ConvBlockSpec.Pooling.MAX))
                : blocks.get(blocks.size() - 1).copy());
    }

    public void removeBlock(int index) {
        if (index >= 0 && index < blocks.size()) blocks.remove(index);
    }

    public int moveBlock(int index, int delta) {
        return move(blocks, index, delta);
    }

    private static <T> int move(List<T> rows, int index, int delta) {
        int to = index + delta;
        if (index < 0 || index >= rows.size() || to < 0 || to >= rows.size()) return index;
        T row = rows.remove(index);
        rows.add(to, row);
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
        Map<String, Number> v = parseFields(fields, messages);
        Long seedValue = (Long) v.get(F_SEED);
        Double lr = (Double) v.get(F_LR);
        Integer batch = (Integer) v.get(F_BATCH);
        Integer ep = (Integer) v.get(F_EPOCHS);
        Integer points = (Integer) v.get(F_POINTS);
        Integer ex = (Integer) v.get(F_EXAMPLES);
        OptimizerSpec baseOptimizer = base.optimizer();
        Double momentumValue = (Double) v.get(F_MOMENTUM);
        Double b1 = (Double) v.get(F_BETA1);
        Double b2 = (Double) v.get(F_BETA2);
        Double epsilonValue = (Double) v.get(F_EPSILON);
        Double rmsDecayValue = (Double) v.get(F_RMS);
        Integer warmupSteps = (Integer) v.get(F_WARMUP);
        Integer stepSizeSteps = (Integer) v.get(F_STEP_SIZE);
        Double gammaValue = (Double) v.get(F_GAMMA);
        Double minLrValue = (Double) v.get(F_MIN_LR);
        Double l2Value = (Double) v.get(F_L2);
        Double weightDecayValue = (Double) v.get(F_WD);
        Integer logEveryValue = (Integer) v.get(F_LOG_EVERY);
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
                    .labels(baseDataset.labels()).augmentation(synthetic ? null : augmentation.get())
                    .augmentPixels(synthetic || augmentation.get() == DatasetSpec.Augmentation.NONE ? null : (Integer) v.get(F_AUGMENT_PIXELS))
                    .build();
            SparsitySpec baseSparsity = base.sparsity();
            SparsitySpec sp = SparsitySpec.of(round(density.get()), distribution.get()).withLayerDensities(baseSparsity.layerDensities())
                    .withDenseFirstLayer(baseSparsity.denseFirstLayer()).withDenseLastLayer(baseSparsity.denseLastLayer()).withPruning(pruning(v))
                    .withDynamic(baseSparsity.dynamic());
            OptimizerSpec opt = OptimizerSpec.builder(optimizer.get()).learningRate(lr).momentum(momentumValue).beta1(b1).beta2(b2)
                    .epsilon(epsilonValue).rmsDecay(rmsDecayValue)
                    .schedule(ScheduleSpec.of(schedule.get()).withWarmupSteps(warmupSteps).withStepSize(stepSizeSteps).withGamma(gammaValue).withMinLearningRate(minLrValue))
                    .l2(l2Value).weightDecay(weightDecayValue).clipping(baseOptimizer.clipping()).clipThreshold(baseOptimizer.clipThreshold()).build();
            // the loaded spec's divergence rule and kernel mode are kept (the form has no fields for them)
            TrainingSpec tr = base.training().withBatchSize(batch).withEpochs(ep).withLogEvery(logEveryValue);
            EvaluationSpec ev = base.evaluation().withPoints(points);
            built = base.withName(name.get()).withSeed(seedValue).withDataset(ds)
                    .withArchitecture(architecture(v))
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
            summarize(built);
        } else {
            summaryGeneration++; // a summary still being computed is for an older spec
            layerSummary.clear();
            networkLayers.clear();
            summaryNote.set("");
            summary.set("No size yet: fix the problems below first");
        }
        boolean ok = messages.isEmpty();
        canTrain.set(ok && trainingAllowed.get());
        if (!ok) trainHint.set("Cannot train: " + messages.size() + (messages.size() == 1 ? " problem" : " problems")
                + " - " + messages.get(0));
        else if (!trainingAllowed.get()) trainHint.set("Cannot train yet: the engine is still loading");
        else trainHint.set("Train this spec (Ctrl+Enter)");
    }

    /**
     * Every numeric field parsed; a field whose text is not a number gets a problem and the loaded spec's value, so
     * that the engine's validator still checks the rest. An empty examples field means "all".
     */
    private Map<String, Number> parseFields(Map<String, String> fields, List<String> messages) {
        Map<String, Number> v = new LinkedHashMap<>();
        for (FormField f : DesignFields.ALL) {
            String t = text(f.key()).get();
            if (f == DesignFields.EXAMPLES && (t == null || t.isBlank())) {
                v.put(f.key(), null);
                continue;
            }
            Number n = f.parse(t);
            if (n == null) {
                String msg = f.problem(t);
                messages.add(msg);
                fields.put(f.key(), msg);
                n = f == DesignFields.EXAMPLES ? null : f.read().apply(base);
            }
            v.put(f.key(), n);
        }
        return v;
    }

    /** The designed network: the type's own fields only (blocks for cnn, stages... for residual-cnn). */
    private ArchitectureSpec architecture(Map<String, Number> v) {
        List<LayerSpec> dense = layers.stream().map(LayerRow::toSpec).toList();
        return switch (architectureType.get()) {
            case RESIDUAL_CNN -> ArchitectureSpec.residualCnn((Integer) v.get(F_STAGES), (Integer) v.get(F_BLOCKS_PER_STAGE),
                    (Integer) v.get(F_BASE_CHANNELS), (Integer) v.get(F_WIDTH_FACTOR), residualActivation.get());
            case CNN -> ArchitectureSpec.cnn(blocks.stream().map(BlockRow::toSpec).toList(), globalPooling.get(), dense);
            case MLP, RESIDUAL_MLP -> ArchitectureSpec.of(architectureType.get(), dense);
        };
    }

    private PruningSpec pruning(Map<String, Number> v) {
        return switch (pruning.get()) {
            case NONE -> null;
            case GRADUAL -> PruningSpec.gradual((Long) v.get(F_PRUNE_START), (Long) v.get(F_PRUNE_END),
                    (Long) v.get(F_PRUNE_FREQUENCY), (Double) v.get(F_PRUNE_FINAL));
            case ONE_SHOT -> PruningSpec.oneShot((Long) v.get(F_PRUNE_AFTER), (Double) v.get(F_PRUNE_TARGET),
                    pruneScope.get(), pruneRewind.get());
        };
    }

    /** What the network summary shows: the engine's summary, or why there is none. */
    record SummaryResult(NetworkSummary summary, String note, String error) {
    }

    /** The engine's summary of {@code s}; an {@code idx} folder's shape is known only when read: 1x28x28, 10 classes. */
    static SummaryResult summaryOf(ExperimentSpec s) {
        try {
            if (!SpecIO.shapesKnown(s)) {
                return new SummaryResult(NetworkSummary.of(s, new int[]{1, 28, 28}, 10),
                        "Assuming 1x28x28 images and 10 classes until the folder is read", null);
            }
            return new SummaryResult(NetworkSummary.of(s), "", null);
        } catch (RuntimeException e) {
            return new SummaryResult(null, "", "No size: " + e.getMessage());
        }
    }

    private void summarize(ExperimentSpec built) {
        long generation = ++summaryGeneration;
        if (summaryTasks == null) {
            showSummary(generation, summaryOf(built));
            return;
        }
        summaryTasks.background(() -> {
            SummaryResult r = summaryOf(built);
            summaryTasks.ui(() -> showSummary(generation, r));
        });
    }

    private void showSummary(long generation, SummaryResult r) {
        if (generation != summaryGeneration) return; // the design changed meanwhile
        summaryNote.set(r.note());
        if (r.summary() == null) {
            layerSummary.clear();
            networkLayers.clear();
            summary.set(r.error());
            return;
        }
        NetworkSummary sum = r.summary();
        layerSummary.setAll(sum.weightLayers().stream().map(NetworkRow::of).toList());
        networkLayers.setAll(sum.layers().stream().map(NetworkRow::of).toList());
        summary.set(String.format(Locale.ROOT, "%,d weights, %,d active (%.1f%%); %,d parameters in all; ~%s FLOPs per example",
                sum.weights(), sum.active(), 100 * sum.density(), sum.params(), human(flopsPerExample(sum))));
    }

    /**
     * Approximate forward cost of one example: 2 FLOPs (a multiply and an add) per active weight and output position,
     * i.e. 2 x active for a dense layer and 2 x active x height x width of the output for a convolution.
     */
    public static long flopsPerExample(NetworkSummary s) {
        long f = 0;
        for (NetworkSummary.Layer l : s.weightLayers()) {
            long positions = 1;
            long[] shape = l.outputShape();
            for (int i = 1; i < shape.length; i++) positions *= shape[i];
            f += 2 * l.active() * positions;
        }
        return f;
    }

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

    /** The form field a validator problem at {@code path} belongs to: the longest matching field path wins. */
    static String fieldOf(String path) {
        String best = null;
        int len = -1;
        for (FormField f : DesignFields.ALL) {
            int m = f.match(path);
            if (m > len) {
                len = m;
                best = f.key();
            }
        }
        if (best != null) return best;
        if (path.equals("name")) return F_NAME;
        if (path.startsWith("sparsity.density")) return F_DENSITY;
        if (path.startsWith("sparsity.pruning")) return F_PRUNING;
        if (path.startsWith("dataset")) return F_DATASET;
        if (path.startsWith("architecture.blocks")) return F_BLOCKS;
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

    // ---- properties ----

    public StringProperty nameProperty() { return name; }
    public ObjectProperty<DatasetId> datasetProperty() { return dataset; }
    /** The text of the numeric field {@code key} ({@link DesignFields}). */
    public StringProperty text(String key) {
        StringProperty p = text.get(key);
        if (p == null) throw new IllegalArgumentException("no form field " + key);
        return p;
    }
    public StringProperty examplesProperty() { return text(F_EXAMPLES); }
    /** Folder of an {@code idx} dataset (or a non-default Fashion-MNIST folder); null for the default lookup. */
    public StringProperty datasetPathProperty() { return datasetPath; }
    public StringProperty momentumProperty() { return text(F_MOMENTUM); }
    public StringProperty beta1Property() { return text(F_BETA1); }
    public StringProperty beta2Property() { return text(F_BETA2); }
    public StringProperty epsilonProperty() { return text(F_EPSILON); }
    public StringProperty rmsDecayProperty() { return text(F_RMS); }
    public ObjectProperty<ScheduleSpec.Type> scheduleProperty() { return schedule; }
    public StringProperty warmupProperty() { return text(F_WARMUP); }
    public StringProperty stepSizeProperty() { return text(F_STEP_SIZE); }
    public StringProperty gammaProperty() { return text(F_GAMMA); }
    public StringProperty minLrProperty() { return text(F_MIN_LR); }
    public StringProperty l2Property() { return text(F_L2); }
    public StringProperty weightDecayProperty() { return text(F_WD); }
    public StringProperty logEveryProperty() { return text(F_LOG_EVERY); }
    public DoubleProperty densityProperty() { return density; }
    public ObjectProperty<SparsitySpec.Distribution> distributionProperty() { return distribution; }
    public ObjectProperty<OptimizerSpec.Type> optimizerProperty() { return optimizer; }
    public StringProperty learningRateProperty() { return text(F_LR); }
    public StringProperty batchSizeProperty() { return text(F_BATCH); }
    public StringProperty epochsProperty() { return text(F_EPOCHS); }
    public StringProperty seedProperty() { return text(F_SEED); }
    public StringProperty evalPointsProperty() { return text(F_POINTS); }
    public ObjectProperty<ArchitectureSpec.Type> architectureTypeProperty() { return architectureType; }
    public ObservableList<BlockRow> blocks() { return blocks; }
    /** {@code cnn}: pooling between the last block and the dense head. */
    public ObjectProperty<ConvBlockSpec.Pooling> globalPoolingProperty() { return globalPooling; }
    /** {@code residual-cnn}: the activation of every block. */
    public ObjectProperty<Activation> residualActivationProperty() { return residualActivation; }
    public ObjectProperty<Pruning> pruningProperty() { return pruning; }
    public ObjectProperty<PruningSpec.Scope> pruneScopeProperty() { return pruneScope; }
    public ObjectProperty<PruningSpec.Rewind> pruneRewindProperty() { return pruneRewind; }
    public ObjectProperty<DatasetSpec.Augmentation> augmentationProperty() { return augmentation; }
    /** Every layer of the engine's network (weight layers, BatchNorm, activations, pooling, residual adds). */
    public ObservableList<NetworkRow> networkLayers() { return networkLayers; }
    /** A note on the summary (e.g. the shape assumed for an idx folder), or empty. */
    public ReadOnlyStringProperty summaryNoteProperty() { return summaryNote.getReadOnlyProperty(); }
    public ObservableList<LayerRow> layers() { return layers; }
    public ReadOnlyObjectProperty<ExperimentSpec> specProperty() { return spec.getReadOnlyProperty(); }
    public ExperimentSpec spec() { return spec.get(); }
    public ObservableList<String> problems() { return problems; }
    public ObservableMap<String, String> fieldProblems() { return fieldProblems; }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    /** The weight layers of the engine's network, with the densities it allocates. */
    public ObservableList<NetworkRow> layerSummary() { return layerSummary; }
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
