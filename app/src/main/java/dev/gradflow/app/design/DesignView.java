package dev.gradflow.app.design;

import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.TaskExecutor;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.OptimizerSpec;
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
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
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
    private final TableView<LayerRow> table = new TableView<>();

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
        VBox left = new VBox(12, description, section("Experiment", form()), section("Dataset preview", previewPane()),
                section("Training regime", regimeForm()), section("Hidden layers", layersPane()));
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

    private GridPane form() {
        GridPane g = new GridPane();
        g.getStyleClass().add("form");
        g.setHgap(10);
        g.setVgap(8);
        int r = 0;
        TextField name = text(vm.nameProperty(), DesignViewModel.F_NAME, "spec-name");
        g.addRow(r++, new Label("Name"), name);

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
        g.addRow(r++, new Label("Dataset"), dsRow);

        TextField examples = text(vm.examplesProperty(), DesignViewModel.F_EXAMPLES, "examples");
        examples.setPromptText("all");
        Label exLabel = new Label();
        exLabel.textProperty().bind(Bindings.createStringBinding(() -> vm.datasetProperty().get() != null
                && vm.datasetProperty().get().ordinal() >= DatasetId.SPIRALS.ordinal()
                && vm.datasetProperty().get().ordinal() <= DatasetId.BLOBS.ordinal()
                ? "Examples (generated)" : "Training examples", vm.datasetProperty()));
        g.addRow(r++, exLabel, examples);

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
        g.addRow(r++, new Label("Density"), density);

        ComboBox<SparsitySpec.Distribution> dist = new ComboBox<>();
        dist.getItems().setAll(SparsitySpec.Distribution.values());
        dist.valueProperty().bindBidirectional(vm.distributionProperty());
        dist.setConverter(ids());
        dist.setTooltip(new Tooltip("uniform: every layer at the density; erk: Erdos-Renyi-Kernel (RigL)"));
        g.addRow(r++, new Label("Distribution"), dist);

        ComboBox<OptimizerSpec.Type> opt = new ComboBox<>();
        opt.getItems().setAll(OptimizerSpec.Type.values());
        opt.valueProperty().bindBidirectional(vm.optimizerProperty());
        opt.setConverter(ids());
        opt.setId("optimizer");
        g.addRow(r++, new Label("Optimizer"), opt);

        g.addRow(r++, new Label("Learning rate"), text(vm.learningRateProperty(), DesignViewModel.F_LR, "learning-rate"));
        g.addRow(r++, new Label("Batch size"), text(vm.batchSizeProperty(), DesignViewModel.F_BATCH, "batch-size"));
        g.addRow(r++, new Label("Epochs"), text(vm.epochsProperty(), DesignViewModel.F_EPOCHS, "epochs"));
        g.addRow(r++, new Label("Seed"), text(vm.seedProperty(), DesignViewModel.F_SEED, "seed"));
        g.addRow(r, new Label("Evaluation points"), text(vm.evalPointsProperty(), DesignViewModel.F_POINTS, "eval-points"));
        return g;
    }

    private TextField text(StringProperty p, String key, String id) {
        TextField t = new TextField();
        t.setId(id);
        t.setPrefColumnCount(12);
        t.textProperty().bindBidirectional(p);
        fieldControls.put(key, t);
        return t;
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
        TableColumn<LayerRow, Integer> width = new TableColumn<>("Width");
        width.setCellValueFactory(c -> c.getValue().widthProperty().asObject());
        width.setCellFactory(TextFieldTableCell.forTableColumn(safeInt()));
        width.setOnEditCommit(e -> { if (e.getNewValue() != null) e.getRowValue().widthProperty().set(e.getNewValue()); });
        TableColumn<LayerRow, Activation> act = new TableColumn<>("Activation");
        act.setCellValueFactory(c -> c.getValue().activationProperty());
        act.setCellFactory(ComboBoxTableCell.forTableColumn(ids(), Activation.values()));
        TableColumn<LayerRow, Boolean> bn = new TableColumn<>("BatchNorm");
        bn.setCellValueFactory(c -> c.getValue().batchNormProperty());
        bn.setCellFactory(CheckBoxTableCell.forTableColumn(bn));
        TableColumn<LayerRow, Double> drop = new TableColumn<>("Dropout");
        drop.setCellValueFactory(c -> c.getValue().dropoutProperty().asObject());
        drop.setCellFactory(TextFieldTableCell.forTableColumn(safeDouble()));
        drop.setOnEditCommit(e -> { if (e.getNewValue() != null) e.getRowValue().dropoutProperty().set(e.getNewValue()); });
        table.getColumns().setAll(List.of(idx, width, act, bn, drop));
        fieldControls.put(DesignViewModel.F_LAYERS, table);

        Button add = new Button("Add");
        add.setId("add-layer");
        add.setOnAction(e -> { vm.addLayer(); table.getSelectionModel().selectLast(); });
        Button remove = new Button("Remove");
        remove.setOnAction(e -> vm.removeLayer(table.getSelectionModel().getSelectedIndex()));
        Button up = new Button("Move up");
        up.setOnAction(e -> table.getSelectionModel().select(vm.moveLayer(table.getSelectionModel().getSelectedIndex(), -1)));
        Button down = new Button("Move down");
        down.setOnAction(e -> table.getSelectionModel().select(vm.moveLayer(table.getSelectionModel().getSelectedIndex(), 1)));
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        up.disableProperty().bind(remove.disableProperty());
        down.disableProperty().bind(remove.disableProperty());
        HBox buttons = new HBox(6, add, remove, up, down);
        buttons.getStyleClass().add("essential-hide");
        Label note = new Label("The output layer (softmax over the dataset's classes) is added automatically.");
        note.setWrapText(true);
        note.getStyleClass().add("hint");
        return new VBox(6, table, buttons, note);
    }

    private Node sidePanel() {
        Label summary = new Label();
        summary.setId("summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        densityBars.setId("layer-summary");
        densityBars.getStyleClass().add("density-bars");
        vm.layerSummary().addListener((ListChangeListener<SpecSummary.Layer>) c -> updateBars());
        updateBars();
        Label barsNote = new Label();
        barsNote.getStyleClass().add("hint");
        barsNote.setWrapText(true);
        barsNote.textProperty().bind(Bindings.createStringBinding(() -> "Density per layer as the engine allocates it ("
                + (vm.distributionProperty().get() == null ? "" : vm.distributionProperty().get().id()) + ")",
                vm.distributionProperty()));

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

        Button train = new Button();
        train.setId("train-button");
        train.getStyleClass().add("train-button");
        train.textProperty().bind(Bindings.when(vm.canTrainProperty()).then("Train").otherwise("Train (blocked)"));
        train.disableProperty().bind(vm.canTrainProperty().not());
        train.setMaxWidth(Double.MAX_VALUE);
        train.setOnAction(e -> vm.train());
        Label hint = new Label();
        hint.setId("train-hint");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        hint.textProperty().bind(vm.trainHintProperty());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(vm.trainHintProperty());
        train.setTooltip(tip);

        VBox box = new VBox(10, section("Summary", new VBox(6, summary, barsNote, densityBars)), section("Problems", problems), train, hint);
        box.getStyleClass().add("side-panel");
        box.setPadding(new Insets(12));
        VBox.setVgrow(problems, Priority.ALWAYS);
        return box;
    }

    /** One row per weight layer: name and shape, a bar as long as the layer's density, density and active weights. */
    private void updateBars() {
        List<Node> rows = new ArrayList<>();
        for (SpecSummary.Layer l : vm.layerSummary()) {
            Label name = new Label(l.name() + "  " + l.nIn() + " x " + l.nOut());
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
            Tooltip.install(row, new Tooltip(String.format(Locale.ROOT, "%s: %d x %d = %,d weights, density %.4f, %,d active",
                    l.name(), l.nIn(), l.nOut(), l.weights(), l.density(), l.active())));
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
        TextField mom = text(vm.momentumProperty(), DesignViewModel.F_MOMENTUM, "momentum");
        TextField b1 = text(vm.beta1Property(), DesignViewModel.F_BETA1, "beta1");
        TextField b2 = text(vm.beta2Property(), DesignViewModel.F_BETA2, "beta2");
        TextField eps = text(vm.epsilonProperty(), DesignViewModel.F_EPSILON, "epsilon");
        TextField rms = text(vm.rmsDecayProperty(), DesignViewModel.F_RMS, "rms-decay");
        Label momL = new Label("Momentum"), b1L = new Label("Beta1"), b2L = new Label("Beta2"), rmsL = new Label("RMSProp decay"),
                epsL = new Label("Epsilon");
        g.getChildren().add(row(momL, mom));
        g.getChildren().add(row(b1L, b1));
        g.getChildren().add(row(b2L, b2));
        g.getChildren().add(row(epsL, eps));
        g.getChildren().add(row(rmsL, rms));
        Runnable showUsed = () -> {
            OptimizerSpec.Type t = vm.optimizerProperty().get();
            boolean m = t != null && DesignViewModel.usesMomentum(t), b = t != null && DesignViewModel.usesBetas(t),
                    d = t != null && DesignViewModel.usesRmsDecay(t), e = t != null && DesignViewModel.usesEpsilon(t);
            show(e, epsL);
            show(m, momL);
            show(b, b1L, b2L);
            show(d, rmsL);
        };
        vm.optimizerProperty().addListener((o, a, b) -> showUsed.run());
        showUsed.run();

        ComboBox<ScheduleSpec.Type> sched = new ComboBox<>();
        sched.getItems().setAll(ScheduleSpec.Type.values());
        sched.valueProperty().bindBidirectional(vm.scheduleProperty());
        sched.setConverter(ids());
        sched.setId("schedule");
        sched.setTooltip(new Tooltip("Learning-rate schedule after warm-up: constant, step (x gamma every step size), "
                + "exponential (x gamma per step), cosine (down to the minimum rate)"));
        g.getChildren().add(row(new Label("LR schedule"), sched));
        g.getChildren().add(row(new Label("Warm-up steps"), text(vm.warmupProperty(), DesignViewModel.F_WARMUP, "warmup")));
        TextField stepSizeField = text(vm.stepSizeProperty(), DesignViewModel.F_STEP_SIZE, "step-size");
        TextField gammaField = text(vm.gammaProperty(), DesignViewModel.F_GAMMA, "gamma");
        TextField mlr = text(vm.minLrProperty(), DesignViewModel.F_MIN_LR, "min-lr");
        Label stepSizeLabel = new Label("Step size"), gammaLabel = new Label("Gamma"), mlrL = new Label("Minimum LR");
        g.getChildren().add(row(stepSizeLabel, stepSizeField));
        g.getChildren().add(row(gammaLabel, gammaField));
        g.getChildren().add(row(mlrL, mlr));
        Runnable showSched = () -> {
            var t = vm.scheduleProperty().get();
            boolean step = t == ScheduleSpec.Type.STEP;
            boolean decay = step || t == ScheduleSpec.Type.EXPONENTIAL;
            boolean cos = t == ScheduleSpec.Type.COSINE;
            show(step, stepSizeLabel);
            show(decay, gammaLabel);
            show(cos, mlrL);
        };
        vm.scheduleProperty().addListener((o, a, b) -> showSched.run());
        showSched.run();
        TextField l2 = text(vm.l2Property(), DesignViewModel.F_L2, "l2");
        l2.setTooltip(new Tooltip("L2: adds lambda * w to the gradient before the optimizer"));
        g.getChildren().add(row(new Label("L2"), l2));
        TextField wd = text(vm.weightDecayProperty(), DesignViewModel.F_WD, "weight-decay");
        wd.setTooltip(new Tooltip("Decoupled weight decay after the optimizer step: w -= lr * decay * w (AdamW style)"));
        g.getChildren().add(row(new Label("Weight decay"), wd));
        TextField le = text(vm.logEveryProperty(), DesignViewModel.F_LOG_EVERY, "log-every");
        le.setTooltip(new Tooltip("Record per-step metrics (loss, gradient flow) every this many steps"));
        g.getChildren().add(row(new Label("Log every (steps)"), le));
        return g;
    }

    private static HBox row(Label label, Node field) {
        label.getStyleClass().add("form-label");
        HBox row = new HBox(10, label, field);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Shows or hides (without leaving a gap) the form rows of the given labels. */
    private static void show(boolean on, Label... labels) {
        for (Label l : labels) {
            Node row = l.getParent() != null ? l.getParent() : l;
            row.setVisible(on);
            row.setManaged(on);
        }
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
                control.setTooltip(null);
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
}
