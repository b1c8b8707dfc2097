package dev.gradflow.app.design;

import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.TaskExecutor;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.ConvBlockSpec;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.PruningSpec;
import dev.gradflow.model.spec.ScheduleSpec;
import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.SpecEnum;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.control.cell.ComboBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;
import org.controlsfx.validation.ValidationMessage;
import org.controlsfx.validation.decoration.GraphicValidationDecoration;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the design form and binds it to a {@link DesignViewModel}; holds no state of its own. */
public final class DesignView extends BorderPane {
    private final DesignViewModel vm;
    private final Map<String, Control> fieldControls = new HashMap<>();
    private final Map<String, String> tooltips = new HashMap<>();
    private final TableView<LayerRow> table = new TableView<>();
    private final TableView<BlockRow> blocksTable = new TableView<>();
    private final javafx.beans.property.BooleanProperty presentation = new javafx.beans.property.SimpleBooleanProperty();

    private final TaskExecutor tasks;
    private final HBox preview = new HBox(4);
    private final Label previewStatus = new Label();
    private final VBox densityBars = new VBox(3);
    private final GraphicValidationDecoration decorations =
            new GraphicValidationDecoration();

    /** {@code tasks} loads dataset previews off the FX thread. */
    public DesignView(DesignViewModel vm, TaskExecutor tasks) {
        this.vm = vm;
        this.tasks = tasks;
        getStyleClass().add("design-view");
        setId("design-view");
        Label description = new Label();
        description.setId("spec-description");
        description.getStyleClass().add("spec-description");
        description.setWrapText(true);
        description.textProperty().bind(vm.descriptionProperty());
        description.visibleProperty().bind(vm.descriptionProperty().isNotEmpty());
        description.managedProperty().bind(description.visibleProperty());
        Node layers = section("Hidden layers", layersPane());
        VBox left = new VBox(12, description, section("Experiment", form()), section("Dataset preview", previewPane()),
                section("Training regime", regimeForm()), section("Architecture", architecturePane()), layers,
                section("Pruning and augmentation", pruningAndAugmentation()));
        // a residual CNN has no dense layers
        showWhen(layers, () -> vm.architectureTypeProperty().get() != ArchitectureSpec.Type.RESIDUAL_CNN,
                vm.architectureTypeProperty());
        left.setPadding(new Insets(12));
        // form labels keep their whole text (presentation mode's large type made them "Trainin..."); the scroll pane
        // scrolls sideways instead if the window is too narrow
        keepLabelsWhole(left);
        ScrollPane scroll = new ScrollPane(left);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        setRight(sidePanel());
        vm.fieldProblems().addListener((MapChangeListener<String, String>) c -> decorate());
        decorate();
    }

    static void keepLabelsWhole(Node n) {
        if (n instanceof Label l && !l.isWrapText()) l.setMinWidth(Control.USE_PREF_SIZE);
        if (n instanceof Button b) b.setMinWidth(Control.USE_PREF_SIZE);
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) keepLabelsWhole(c);
    }

    private static Node section(String title, Node content) {
        Label l = new Label(title);
        l.getStyleClass().add("section-title");
        return new VBox(6, l, content);
    }

    /** Name, dataset, size, sparsity, optimizer and the basic training numbers. */
    private VBox form() {
        VBox g = new VBox(8);
        g.getStyleClass().add("form");
        TextField name = textField(vm.nameProperty(), DesignViewModel.F_NAME, "spec-name");
        g.getChildren().addAll(row(new Label("Name"), name), row(new Label("Dataset"), datasetPicker()),
                examplesRow(), row(new Label("Density"), densityEditor()));
        g.getChildren().add(row(new Label("Distribution"), combo(SparsitySpec.Distribution.values(),
                vm.distributionProperty(), "distribution",
                "uniform: every layer at the density; erk: Erdos-Renyi-Kernel (RigL); explicit: the spec's layerDensities")));
        g.getChildren().add(row(new Label("Optimizer"), combo(OptimizerSpec.Type.values(), vm.optimizerProperty(),
                "optimizer", "The update rule (torch.optim's, docs/spec.md)")));
        for (FormField f : List.of(DesignFields.LEARNING_RATE, DesignFields.BATCH, DesignFields.EPOCHS, DesignFields.SEED,
                DesignFields.POINTS)) {
            g.getChildren().add(fieldRow(f));
        }
        return g;
    }

    /** The dataset picker: offered datasets, the loaded spec's own (e.g. a CIFAR folder), and user IDX folders. */
    private Node datasetPicker() {
        ComboBox<DatasetChoice> dataset = new ComboBox<>();
        for (DatasetId id : DesignViewModel.availableDatasets()) dataset.getItems().add(new DatasetChoice(id, null));
        dataset.setConverter(new StringConverter<>() {
            @Override public String toString(DatasetChoice c) { return c == null ? "" : c.label(); }
            @Override public DatasetChoice fromString(String s) { return null; }
        });
        Runnable fromVm = () -> {
            DatasetChoice c = new DatasetChoice(vm.datasetProperty().get(), blankToNull(vm.datasetPathProperty().get()));
            if (c.id() == null) return;
            if (!dataset.getItems().contains(c)) dataset.getItems().add(c);
            if (!c.equals(dataset.getValue())) dataset.setValue(c);
            loadPreview(c);
        };
        dataset.valueProperty().addListener((o, a, c) -> {
            if (c == null) return;
            vm.datasetPathProperty().set(c.path());
            vm.datasetProperty().set(c.id());
        });
        // the id and the folder change one after the other when a spec loads: sync once both are set
        Runnable later = () -> {
            if (syncPending) return;
            syncPending = true;
            Platform.runLater(() -> { syncPending = false; fromVm.run(); });
        };
        vm.datasetProperty().addListener((o, a, b) -> later.run());
        vm.datasetPathProperty().addListener((o, a, b) -> later.run());
        fromVm.run();
        dataset.setId("dataset");
        dataset.setMaxWidth(Double.MAX_VALUE);
        dataset.setMinWidth(Control.USE_PREF_SIZE);
        fieldControls.put(DesignViewModel.F_DATASET, dataset);
        Button addFolder = new Button("Add folder...");
        addFolder.setId("add-dataset-folder");
        addFolder.setTooltip(new Tooltip("A folder with the four IDX files (train/t10k images and labels, plain or .gz)"));
        addFolder.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder with IDX files (MNIST format)");
            File dir = dc.showDialog(getScene() == null ? null : getScene().getWindow());
            if (dir == null) return;
            DatasetChoice c = new DatasetChoice(DatasetId.IDX, dir.getAbsolutePath());
            if (!dataset.getItems().contains(c)) dataset.getItems().add(c);
            dataset.setValue(c);
        });
        HBox dsRow = new HBox(6, dataset, addFolder);
        HBox.setHgrow(dataset, Priority.ALWAYS);
        return dsRow;
    }

    /** The examples row, labelled for image data (a training subset) or synthetic data (examples generated). */
    private Node examplesRow() {
        HBox r = fieldRow(DesignFields.EXAMPLES);
        ((TextField) fieldControls.get(DesignViewModel.F_EXAMPLES)).setPromptText("all");
        ((Label) r.getChildren().get(0)).textProperty().bind(Bindings.createStringBinding(
                () -> synthetic() ? "Examples (generated)" : DesignFields.EXAMPLES.label(), vm.datasetProperty()));
        return r;
    }

    private boolean synthetic() {
        return vm.datasetProperty().get() != null && DatasetSpec.of(vm.datasetProperty().get()).synthetic();
    }

    /** Density: a slider and a field bound to the same value. */
    private Node densityEditor() {
        Slider slider = new Slider(0.01, 1.0, 1.0);
        slider.setId("density-slider");
        slider.valueProperty().bindBidirectional(vm.densityProperty());
        slider.setMajorTickUnit(0.25);
        slider.setShowTickMarks(true);
        TextField densityField = new TextField();
        densityField.setId("density");
        densityField.setPrefColumnCount(5);
        densityField.textProperty().bindBidirectional(vm.densityProperty(), new StringConverter<>() {
            @Override public String toString(Number n) { return n == null ? "" : String.format(Locale.ROOT, "%.3f", n.doubleValue()); }
            @Override public Number fromString(String s) {
                try { return Double.valueOf(s.trim()); } catch (RuntimeException e) { return vm.densityProperty().get(); }
            }
        });
        fieldControls.put(DesignViewModel.F_DENSITY, densityField);
        HBox density = new HBox(8, slider, densityField);
        HBox.setHgrow(slider, Priority.ALWAYS);
        return density;
    }

    /** A labelled text field for {@code f}: its label, id and tooltip, bound to the view model's text of it. */
    private HBox fieldRow(FormField f) {
        TextField t = textField(vm.text(f.key()), f.key(), f.id());
        t.setTooltip(new Tooltip(f.tooltip()));
        tooltips.put(f.key(), f.tooltip());
        return row(new Label(f.label()), t);
    }

    private TextField textField(StringProperty p, String key, String id) {
        TextField t = new TextField();
        t.setId(id);
        t.setPrefColumnCount(12);
        t.textProperty().bindBidirectional(p);
        fieldControls.put(key, t);
        return t;
    }

    private static <E extends Enum<E> & SpecEnum> ComboBox<E> combo(E[] values,
            javafx.beans.property.Property<E> property, String id, String tooltip) {
        ComboBox<E> c = new ComboBox<>();
        c.getItems().setAll(values);
        c.valueProperty().bindBidirectional(property);
        c.setConverter(ids());
        c.setId(id);
        if (tooltip != null) c.setTooltip(new Tooltip(tooltip));
        return c;
    }

    /** Shows {@code node} (and keeps its space) only while {@code when} holds; re-checked when a dependency changes. */
    private static void showWhen(Node node, java.util.function.BooleanSupplier when, javafx.beans.Observable... deps) {
        Runnable update = () -> {
            boolean on = when.getAsBoolean();
            node.setVisible(on);
            node.setManaged(on);
        };
        for (javafx.beans.Observable d : deps) d.addListener(o -> update.run());
        update.run();
    }

    /** Architecture type, then the convolutional blocks (cnn) or the residual CNN's stages (residual-cnn). */
    private Node architecturePane() {
        VBox box = new VBox(8);
        box.getStyleClass().add("form");
        box.getChildren().add(row(new Label("Type"), combo(ArchitectureSpec.Type.values(), vm.architectureTypeProperty(),
                "architecture-type", "mlp; residual-mlp (skip connections); cnn (convolutional blocks, then the dense "
                        + "head); residual-cnn (a small Wide-ResNet)")));
        Node cnn = new VBox(6, blocksPane(), row(new Label("Global pooling"), combo(ConvBlockSpec.Pooling.values(),
                vm.globalPoolingProperty(), "global-pooling",
                "After the last block: none (flatten channels x height x width), max or avg (one value per channel)")));
        VBox residual = new VBox(8);
        for (FormField f : List.of(DesignFields.STAGES, DesignFields.BLOCKS_PER_STAGE, DesignFields.BASE_CHANNELS,
                DesignFields.WIDTH_FACTOR)) {
            residual.getChildren().add(fieldRow(f));
        }
        residual.getChildren().add(row(new Label("Activation"), combo(Activation.values(),
                vm.residualActivationProperty(), "residual-activation", "The activation in every block (not srelu)")));
        showWhen(cnn, () -> vm.architectureTypeProperty().get() == ArchitectureSpec.Type.CNN, vm.architectureTypeProperty());
        showWhen(residual, () -> vm.architectureTypeProperty().get() == ArchitectureSpec.Type.RESIDUAL_CNN,
                vm.architectureTypeProperty());
        box.getChildren().addAll(cnn, residual);
        return box;
    }

    /** The table of convolutional blocks: filters, kernel, stride, padding, activation, BatchNorm, pooling. */
    private Node blocksPane() {
        blocksTable.setId("blocks-table");
        blocksTable.setEditable(true);
        blocksTable.setItems(vm.blocks());
        blocksTable.setPrefHeight(190);
        blocksTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        blocksTable.setPlaceholder(new Label("No convolutional blocks: Add one"));
        TableColumn<BlockRow, Number> idx = new TableColumn<>("#");
        idx.setCellValueFactory(c -> Bindings.createIntegerBinding(() -> vm.blocks().indexOf(c.getValue()) + 1, vm.blocks()));
        idx.setEditable(false);
        idx.setMaxWidth(40);
        TableColumn<BlockRow, Activation> act = new TableColumn<>("Activation");
        act.setCellValueFactory(c -> c.getValue().activationProperty());
        act.setCellFactory(ComboBoxTableCell.forTableColumn(ids(), Activation.values()));
        TableColumn<BlockRow, ConvBlockSpec.Pooling> pool = new TableColumn<>("Pooling");
        pool.setCellValueFactory(c -> c.getValue().poolingProperty());
        pool.setCellFactory(ComboBoxTableCell.forTableColumn(ids(), ConvBlockSpec.Pooling.values()));
        blocksTable.getColumns().setAll(List.of(idx, intColumn("Filters", BlockRow::filtersProperty),
                intColumn("Kernel", BlockRow::kernelProperty), intColumn("Stride", BlockRow::strideProperty),
                boolColumn("Same", BlockRow::sameProperty), intColumn("Padding", BlockRow::paddingProperty), act,
                boolColumn("BatchNorm", BlockRow::batchNormProperty), pool, intColumn("Pool size", BlockRow::poolSizeProperty)));
        fieldControls.put(DesignViewModel.F_BLOCKS, blocksTable);
        Label note = new Label("Each block: convolution, optional BatchNorm, the activation, optional pooling. "
                + "'Same' keeps the size (ceil(input / stride)); otherwise Padding zeros are added on each side.");
        note.setWrapText(true);
        note.getStyleClass().add("hint");
        return new VBox(6, blocksTable, rowButtons(blocksTable, "add-block", vm::addBlock, vm::removeBlock, vm::moveBlock), note);
    }

    private static <R> TableColumn<R, Integer> intColumn(String title,
            java.util.function.Function<R, javafx.beans.property.IntegerProperty> p) {
        TableColumn<R, Integer> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> p.apply(x.getValue()).asObject());
        c.setCellFactory(TextFieldTableCell.forTableColumn(safeInt()));
        c.setOnEditCommit(e -> { if (e.getNewValue() != null) p.apply(e.getRowValue()).set(e.getNewValue()); });
        return c;
    }

    private static <R> TableColumn<R, Boolean> boolColumn(String title,
            java.util.function.Function<R, javafx.beans.property.BooleanProperty> p) {
        TableColumn<R, Boolean> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> p.apply(x.getValue()));
        c.setCellFactory(CheckBoxTableCell.forTableColumn(c));
        return c;
    }

    /** Add / Remove / Move up / Move down under a table of rows. */
    private static <R> HBox rowButtons(TableView<R> t, String addId, Runnable add, java.util.function.IntConsumer remove,
                                       java.util.function.IntBinaryOperator move) {
        Button addButton = new Button("Add");
        addButton.setId(addId);
        addButton.setOnAction(e -> { add.run(); t.getSelectionModel().selectLast(); });
        Button removeButton = new Button("Remove");
        removeButton.setOnAction(e -> remove.accept(t.getSelectionModel().getSelectedIndex()));
        Button up = new Button("Move up");
        up.setOnAction(e -> t.getSelectionModel().select(move.applyAsInt(t.getSelectionModel().getSelectedIndex(), -1)));
        Button down = new Button("Move down");
        down.setOnAction(e -> t.getSelectionModel().select(move.applyAsInt(t.getSelectionModel().getSelectedIndex(), 1)));
        removeButton.disableProperty().bind(t.getSelectionModel().selectedItemProperty().isNull());
        up.disableProperty().bind(removeButton.disableProperty());
        down.disableProperty().bind(removeButton.disableProperty());
        HBox buttons = new HBox(6, addButton, removeButton, up, down);
        buttons.getStyleClass().add("essential-hide");
        return buttons;
    }

    /** Magnitude pruning (none, gradual, one-shot with its fields) and training-time augmentation of image data. */
    private Node pruningAndAugmentation() {
        VBox g = new VBox(8);
        g.getStyleClass().add("form");
        g.getChildren().add(row(new Label("Pruning"), combo(DesignViewModel.Pruning.values(), vm.pruningProperty(),
                "pruning", "Magnitude pruning during training: gradual (Zhu & Gupta) or one-shot; none = fixed masks")));
        for (FormField f : List.of(DesignFields.PRUNE_START, DesignFields.PRUNE_END, DesignFields.PRUNE_FREQUENCY,
                DesignFields.PRUNE_FINAL)) {
            Node r = fieldRow(f);
            g.getChildren().add(r);
            showWhen(r, () -> vm.pruningProperty().get() == DesignViewModel.Pruning.GRADUAL, vm.pruningProperty());
        }
        List<Node> oneShot = new ArrayList<>();
        for (FormField f : List.of(DesignFields.PRUNE_AFTER, DesignFields.PRUNE_TARGET)) oneShot.add(fieldRow(f));
        oneShot.add(row(new Label("Scope"), combo(PruningSpec.Scope.values(), vm.pruneScopeProperty(), "prune-scope",
                "layer: each layer to the target density; global: one magnitude threshold over all prunable layers")));
        oneShot.add(row(new Label("Rewind"), combo(PruningSpec.Rewind.values(), vm.pruneRewindProperty(), "prune-rewind",
                "none; weights (surviving weights back to their initial values); lottery-ticket (rewind everything "
                        + "and retrain with the final mask)")));
        for (Node r : oneShot) {
            g.getChildren().add(r);
            showWhen(r, () -> vm.pruningProperty().get() == DesignViewModel.Pruning.ONE_SHOT, vm.pruningProperty());
        }
        Node aug = row(new Label("Augmentation"), combo(DatasetSpec.Augmentation.values(), vm.augmentationProperty(),
                "augmentation", "Random augmentation of training minibatches of image data: shift, or crop-flip "
                        + "(pad, random crop, horizontal flip)"));
        Node pixels = fieldRow(DesignFields.AUGMENT_PIXELS);
        g.getChildren().addAll(aug, pixels);
        showWhen(aug, () -> !synthetic(), vm.datasetProperty());
        showWhen(pixels, () -> !synthetic() && vm.augmentationProperty().get() != DatasetSpec.Augmentation.NONE,
                vm.datasetProperty(), vm.augmentationProperty());
        return g;
    }

    private Node layersPane() {
        table.setId("layers-table");
        table.setEditable(true);
        table.setItems(vm.layers());
        table.setPrefHeight(200);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<LayerRow, Number> idx = new TableColumn<>("#");
        idx.setCellValueFactory(c -> Bindings.createIntegerBinding(() -> vm.layers().indexOf(c.getValue()) + 1, vm.layers()));
        idx.setEditable(false);
        idx.setMaxWidth(40);
        TableColumn<LayerRow, Integer> width = intColumn("Width", LayerRow::widthProperty);
        TableColumn<LayerRow, Activation> act = new TableColumn<>("Activation");
        act.setCellValueFactory(c -> c.getValue().activationProperty());
        act.setCellFactory(ComboBoxTableCell.forTableColumn(ids(), Activation.values()));
        TableColumn<LayerRow, Boolean> bn = boolColumn("BatchNorm", LayerRow::batchNormProperty);
        TableColumn<LayerRow, Double> drop = new TableColumn<>("Dropout");
        drop.setCellValueFactory(c -> c.getValue().dropoutProperty().asObject());
        drop.setCellFactory(TextFieldTableCell.forTableColumn(safeDouble()));
        drop.setOnEditCommit(e -> { if (e.getNewValue() != null) e.getRowValue().dropoutProperty().set(e.getNewValue()); });
        table.getColumns().setAll(List.of(idx, width, act, bn, drop));
        fieldControls.put(DesignViewModel.F_LAYERS, table);
        Label note = new Label();
        note.textProperty().bind(Bindings.createStringBinding(() -> vm.architectureTypeProperty().get() == ArchitectureSpec.Type.CNN
                ? "The dense head after the blocks (may be empty); the output layer (softmax over the dataset's classes) "
                + "is added automatically."
                : "The output layer (softmax over the dataset's classes) is added automatically.", vm.architectureTypeProperty()));
        note.setWrapText(true);
        note.getStyleClass().add("hint");
        return new VBox(6, table, rowButtons(table, "add-layer", vm::addLayer, vm::removeLayer, vm::moveLayer), note);
    }

    /** The right-hand column: the engine's summary of the design, its problems, and Train. */
    private Node sidePanel() {
        ListView<String> problems = problemsList();
        VBox box = new VBox(10, section("Summary", summaryPane()), section("Problems", problems), trainButton(),
                trainHint());
        box.getStyleClass().add("side-panel");
        box.setPadding(new Insets(12));
        VBox.setVgrow(problems, Priority.ALWAYS);
        // scrolls vertically when the window is low (presentation mode at 1280x720 with a CNN's many layers) instead of
        // squeezing the summary and the problems
        ScrollPane scroll = new ScrollPane(box);
        scroll.setId("side-panel-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("side-panel-scroll");
        return scroll;
    }

    /** Totals, a note (e.g. an assumed input shape), the network table and the density bars. */
    private Node summaryPane() {
        Label summary = new Label();
        summary.setId("summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        Label note = new Label();
        note.setId("summary-note");
        note.getStyleClass().add("hint");
        note.setWrapText(true);
        note.textProperty().bind(vm.summaryNoteProperty());
        note.visibleProperty().bind(vm.summaryNoteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        densityBars.setId("layer-summary");
        densityBars.getStyleClass().add("density-bars");
        vm.layerSummary().addListener((ListChangeListener<NetworkRow>) c -> updateBars());
        updateBars();
        Label barsNote = new Label();
        barsNote.getStyleClass().add("hint");
        barsNote.setWrapText(true);
        barsNote.textProperty().bind(Bindings.createStringBinding(() -> "Density per layer as the engine allocates it ("
                + (vm.distributionProperty().get() == null ? "" : vm.distributionProperty().get().id()) + ")",
                vm.distributionProperty()));
        for (Label l : List.of(summary, note, barsNote)) l.setMinHeight(Region.USE_PREF_SIZE); // wrap, never "..."
        return new VBox(6, summary, note, networkTable(), barsNote, densityBars);
    }

    private ListView<String> problemsList() {
        ListView<String> problems = new ListView<>(vm.problems());
        problems.setId("problems");
        problems.getStyleClass().add("problems");
        problems.setPrefHeight(120);
        problems.setPlaceholder(new Label("No problems: ready to train."));
        problems.setCellFactory(lv -> new ListCell<>() {
            { setWrapText(true); prefWidthProperty().bind(lv.widthProperty().subtract(20)); }
            @Override protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        });
        return problems;
    }

    private Button trainButton() {
        Button train = new Button();
        train.setId("train-button");
        train.getStyleClass().add("train-button");
        train.textProperty().bind(Bindings.when(vm.canTrainProperty()).then("Train").otherwise("Train (blocked)"));
        train.disableProperty().bind(vm.canTrainProperty().not());
        train.setMaxWidth(Double.MAX_VALUE);
        train.setOnAction(e -> vm.train());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(vm.trainHintProperty());
        train.setTooltip(tip);
        return train;
    }

    private Label trainHint() {
        Label hint = new Label();
        hint.setId("train-hint");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        hint.textProperty().bind(vm.trainHintProperty());
        hint.setMinHeight(Region.USE_PREF_SIZE);
        return hint;
    }

    /** The engine's network, layer by layer: name, kind, output shape, parameters, weights and active weights. */
    private Node networkTable() {
        TableView<NetworkRow> t = new TableView<>(vm.networkLayers());
        t.setId("network-table");
        t.getStyleClass().add("network-table");
        t.setPrefHeight(210);
        // wide columns scroll inside the table; they must not widen the side panel (and the window) beyond the screen
        t.setMinWidth(120);
        t.setPrefWidth(120);
        t.setPlaceholder(new Label("No network yet"));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().setAll(List.of(
                column("Layer", l -> l.name()),
                column("Kind", l -> l.kind()),
                column("Output", NetworkRow::output),
                column("Weights", l -> l.isWeightLayer() ? String.format(Locale.ROOT, "%,d", l.weights()) : ""),
                column("Active", l -> l.isWeightLayer() ? String.format(Locale.ROOT, "%,d", l.active()) : "")));
        // every layer's parameters (biases, BatchNorm, PReLU included) in its row's tooltip; the total in the summary
        t.setRowFactory(tv -> new javafx.scene.control.TableRow<>() {
            @Override protected void updateItem(NetworkRow r, boolean empty) {
                super.updateItem(r, empty);
                setTooltip(empty || r == null ? null : new Tooltip(String.format(Locale.ROOT,
                        "%s (%s): output %s, %,d parameters%s", r.name(), r.kind(), r.output(), r.params(),
                        r.isWeightLayer() ? String.format(Locale.ROOT, ", weights %s, %,d active (density %.4f)",
                                r.weightShape(), r.active(), r.density()) : "")));
            }
        });
        Runnable fit = () -> fitColumns(t, presentation.get());
        vm.networkLayers().addListener((ListChangeListener<NetworkRow>) c -> fit.run());
        presentation.addListener((o, a, b) -> fit.run());
        fit.run();
        return t;
    }

    /** Columns hidden in presentation mode (the side panel is narrow for its large type); totals stay in the summary. */
    private static final java.util.Set<String> PRESENTATION_HIDDEN = java.util.Set.of("Kind");

    /**
     * Every column at least as wide as its header and its widest cell at the table's font size (0.85 of the
     * workbench's 13 px, or 20 px in presentation mode), so nothing is shortened to "..."; the table scrolls sideways
     * instead.
     */
    private static void fitColumns(TableView<NetworkRow> t, boolean presentation) {
        double px = (presentation ? 20 : 13) * 0.85;
        Text probe = new Text();
        probe.setFont(Font.font(px));
        for (TableColumn<NetworkRow, ?> c : t.getColumns()) {
            c.setVisible(!presentation || !PRESENTATION_HIDDEN.contains(c.getText()));
            probe.setText(c.getText());
            double w = probe.getLayoutBounds().getWidth();
            for (NetworkRow r : t.getItems()) {
                Object v = c.getCellObservableValue(r) == null ? null : c.getCellObservableValue(r).getValue();
                probe.setText(v == null ? "" : v.toString());
                w = Math.max(w, probe.getLayoutBounds().getWidth());
            }
            c.setMinWidth(Math.ceil(w) + 2.2 * px);
        }
    }

    private static TableColumn<NetworkRow, String> column(String title,
            java.util.function.Function<NetworkRow, String> value) {
        TableColumn<NetworkRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(x.getValue())));
        c.setSortable(false);
        return c;
    }

    /** One row per weight layer: name and shape, a bar as long as the layer's density, density and active weights. */
    private void updateBars() {
        List<Node> rows = new ArrayList<>();
        for (NetworkRow l : vm.layerSummary()) {
            Label name = new Label(l.name() + "  " + l.weightShape());
            name.getStyleClass().add("density-name");
            Region fill = new Region();
            fill.getStyleClass().add("density-fill");
            StackPane track = new StackPane(fill);
            track.getStyleClass().add("density-track");
            track.setAlignment(Pos.CENTER_LEFT);
            double d = Math.max(0, Math.min(1, l.density()));
            fill.maxWidthProperty().bind(track.widthProperty().multiply(d));
            fill.setMinWidth(0);
            HBox.setHgrow(track, Priority.ALWAYS);
            Label value = new Label(String.format(Locale.ROOT, "%.3f  %,d", l.density(), l.active()));
            value.getStyleClass().add("density-value");
            HBox row = new HBox(6, name, track, value);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("density-row");
            Tooltip.install(row, new Tooltip(String.format(Locale.ROOT, "%s: %s = %,d weights, density %.4f, %,d active",
                    l.name(), l.weightShape(), l.weights(), l.density(), l.active())));
            rows.add(row);
        }
        densityBars.getChildren().setAll(rows);
    }

    private Node previewPane() {
        preview.setId("dataset-preview");
        preview.getStyleClass().add("dataset-preview");
        previewStatus.getStyleClass().add("hint");
        previewStatus.setWrapText(true);
        return new VBox(4, preview, previewStatus);
    }

    private DatasetChoice previewing;
    private boolean syncPending;

    /** Loads the first examples of {@code c} in the background and shows them as a strip of thumbnails or a scatter. */
    private void loadPreview(DatasetChoice c) {
        if (c.equals(previewing)) return;
        previewing = c;
        previewStatus.setText("Loading " + c.label() + "...");
        BackgroundTask.<DatasetPreview>wrap(task -> DatasetPreview.load(c.id(), c.path()))
                .onSuccess(result -> {
                    if (c.equals(previewing)) showPreview(result);
                })
                .onFailure(e -> {
                    if (!c.equals(previewing)) return;
                    preview.getChildren().clear();
                    previewStatus.setText("Cannot load " + c.label() + ": " + e.getMessage());
                })
                .executeWith(tasks);
    }

    private void showPreview(DatasetPreview p) {
        if (p.isImages()) {
            List<Node> thumbs = new ArrayList<>();
            for (int i = 0; i < p.images().size(); i++) {
                WritableImage img = new WritableImage(p.width(), p.height());
                float[] px = p.images().get(i);
                for (int y = 0; y < p.height(); y++) {
                    for (int x = 0; x < p.width(); x++) {
                        double v = px[y * p.width() + x];
                        img.getPixelWriter().setColor(x, y, Color.gray(1 - v));
                    }
                }
                ImageView iv = new ImageView(img);
                iv.setFitWidth(2 * p.width());
                iv.setFitHeight(2 * p.height());
                iv.setSmooth(false);
                StackPane frame = new StackPane(iv);
                frame.getStyleClass().add("thumbnail");
                Tooltip.install(frame, new Tooltip(p.imageLabels().get(i)));
                thumbs.add(frame);
            }
            preview.getChildren().setAll(thumbs);
            previewStatus.setText("First " + p.images().size() + " training images (" + p.width() + " x " + p.height()
                    + "), from " + p.source());
        } else {
            Pane plot = new Pane();
            plot.getStyleClass().add("scatter");
            double size = 150;
            plot.setPrefSize(size, size);
            plot.setMinSize(size, size);
            plot.setMaxSize(size, size);
            float minX = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, minY = Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
            for (int i = 0; i < p.xs().length; i++) {
                minX = Math.min(minX, p.xs()[i]); maxX = Math.max(maxX, p.xs()[i]);
                minY = Math.min(minY, p.ys()[i]); maxY = Math.max(maxY, p.ys()[i]);
            }
            double sx = (size - 8) / Math.max(1e-9, maxX - minX), sy = (size - 8) / Math.max(1e-9, maxY - minY);
            for (int i = 0; i < p.xs().length; i++) {
                Circle dot = new Circle(4 + (p.xs()[i] - minX) * sx,
                        size - 4 - (p.ys()[i] - minY) * sy, 1.8);
                dot.getStyleClass().addAll("scatter-point", "class-" + (p.classes()[i] % 6));
                plot.getChildren().add(dot);
            }
            preview.getChildren().setAll(plot);
            previewStatus.setText("First " + p.xs().length + " generated points (" + p.numClasses()
                    + " classes, colour = class)");
        }
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }

    /** Optimizer settings (only those the chosen type uses), LR schedule, regularization, logging; rows hide as a whole. */
    private VBox regimeForm() {
        VBox g = new VBox(8);
        g.getStyleClass().add("form");
        showRows(g, DesignViewModel::usesMomentum, DesignFields.MOMENTUM);
        showRows(g, DesignViewModel::usesBetas, DesignFields.BETA1, DesignFields.BETA2);
        showRows(g, DesignViewModel::usesEpsilon, DesignFields.EPSILON);
        showRows(g, DesignViewModel::usesRmsDecay, DesignFields.RMS_DECAY);
        g.getChildren().add(row(new Label("LR schedule"), combo(ScheduleSpec.Type.values(), vm.scheduleProperty(), "schedule",
                "Learning-rate schedule after warm-up: constant, step (x gamma every step size), "
                        + "exponential (x gamma per step), cosine (down to the minimum rate)")));
        g.getChildren().add(fieldRow(DesignFields.WARMUP));
        scheduleRows(g, t -> t == ScheduleSpec.Type.STEP, DesignFields.STEP_SIZE);
        scheduleRows(g, t -> t == ScheduleSpec.Type.STEP || t == ScheduleSpec.Type.EXPONENTIAL, DesignFields.GAMMA);
        scheduleRows(g, t -> t == ScheduleSpec.Type.COSINE, DesignFields.MIN_LR);
        for (FormField f : List.of(DesignFields.L2, DesignFields.WEIGHT_DECAY, DesignFields.LOG_EVERY)) {
            g.getChildren().add(fieldRow(f));
        }
        return g;
    }

    /** Rows shown only for optimizers {@code uses} accepts. */
    private void showRows(VBox g, java.util.function.Predicate<OptimizerSpec.Type> uses, FormField... fields) {
        for (FormField f : fields) {
            Node r = fieldRow(f);
            g.getChildren().add(r);
            showWhen(r, () -> vm.optimizerProperty().get() != null && uses.test(vm.optimizerProperty().get()),
                    vm.optimizerProperty());
        }
    }

    /** Rows shown only for schedules {@code uses} accepts. */
    private void scheduleRows(VBox g, java.util.function.Predicate<ScheduleSpec.Type> uses, FormField... fields) {
        for (FormField f : fields) {
            Node r = fieldRow(f);
            g.getChildren().add(r);
            showWhen(r, () -> uses.test(vm.scheduleProperty().get()), vm.scheduleProperty());
        }
    }

    private static HBox row(Label label, Node field) {
        label.getStyleClass().add("form-label");
        HBox row = new HBox(10, label, field);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void decorate() {
        fieldControls.forEach((key, control) -> {
            String problem = vm.fieldProblems().get(key);
            control.getStyleClass().remove("invalid");
            decorations.removeDecorations(control);
            if (problem != null) {
                control.getStyleClass().add("invalid");
                control.setTooltip(new Tooltip(problem));
                decorations.applyValidationDecoration(ValidationMessage.error(control, problem));
            } else if (control instanceof TextField) {
                String tip = tooltips.get(key);
                control.setTooltip(tip == null ? null : new Tooltip(tip));
            }
        });
    }

    static <E extends Enum<E> & SpecEnum> StringConverter<E> ids() {
        return new StringConverter<>() {
            @Override public String toString(E e) { return e == null ? "" : e.id(); }
            @Override public E fromString(String s) { return null; }
        };
    }

    private static StringConverter<Integer> safeInt() {
        return new StringConverter<>() {
            @Override public String toString(Integer i) { return i == null ? "" : i.toString(); }
            @Override public Integer fromString(String s) {
                try { return Integer.valueOf(s.trim()); } catch (RuntimeException e) { return null; }
            }
        };
    }

    private static StringConverter<Double> safeDouble() {
        return new StringConverter<>() {
            @Override public String toString(Double d) { return d == null ? "" : d.toString(); }
            @Override public Double fromString(String s) {
                try { return Double.valueOf(s.trim()); } catch (RuntimeException e) { return null; }
            }
        };
    }

    public TableView<LayerRow> layersTable() { return table; }

    /** Presentation mode: fewer columns in the network table. */
    public javafx.beans.property.BooleanProperty presentationProperty() { return presentation; }
}
