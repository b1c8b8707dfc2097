package dev.gradflow.app.design;

import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.SpecEnum;
import javafx.beans.binding.Bindings;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
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
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Builds the design form and binds it to a {@link DesignViewModel}; holds no state of its own. */
public final class DesignView extends BorderPane {
    private final DesignViewModel vm;
    private final Map<String, Control> fieldControls = new HashMap<>();
    private final TableView<LayerRow> table = new TableView<>();

    public DesignView(DesignViewModel vm) {
        this.vm = vm;
        getStyleClass().add("design-view");
        setId("design-view");
        VBox left = new VBox(12, section("Experiment", form()), section("Hidden layers", layersPane()));
        left.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(left);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        setRight(sidePanel());
        vm.fieldProblems().addListener((MapChangeListener<String, String>) c -> decorate());
        decorate();
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

        ComboBox<DatasetId> dataset = new ComboBox<>();
        dataset.getItems().setAll(DesignViewModel.availableDatasets());
        if (!dataset.getItems().contains(vm.datasetProperty().get())) dataset.getItems().add(vm.datasetProperty().get());
        dataset.valueProperty().bindBidirectional(vm.datasetProperty());
        dataset.setConverter(ids());
        dataset.setId("dataset");
        fieldControls.put(DesignViewModel.F_DATASET, dataset);
        g.addRow(r++, new Label("Dataset"), dataset);

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

    private TextField text(javafx.beans.property.StringProperty p, String key, String id) {
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
        table.getColumns().setAll(java.util.List.of(idx, width, act, bn, drop));
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
        note.getStyleClass().add("hint");
        return new VBox(6, table, buttons, note);
    }

    private Node sidePanel() {
        Label summary = new Label();
        summary.setId("summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        TableView<SpecSummary.Layer> perLayer = new TableView<>(vm.layerSummary());
        perLayer.setId("layer-summary");
        perLayer.setPrefHeight(170);
        perLayer.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        perLayer.getColumns().setAll(java.util.List.of(
                col("Layer", l -> l.name()),
                col("Shape", l -> l.nIn() + " x " + l.nOut()),
                col("Density", l -> String.format(Locale.ROOT, "%.3f", l.density())),
                col("Active", l -> String.format(Locale.ROOT, "%,d", l.active()))));

        ListView<String> problems = new ListView<>(vm.problems());
        problems.setId("problems");
        problems.getStyleClass().add("problems");
        problems.setPrefHeight(120);
        problems.setPlaceholder(new Label("No problems: ready to train."));
        problems.setCellFactory(lv -> new javafx.scene.control.ListCell<>() {
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

        VBox box = new VBox(10, section("Summary", new VBox(6, summary, perLayer)), section("Problems", problems), train, hint);
        box.getStyleClass().add("side-panel");
        box.setPadding(new Insets(12));
        VBox.setVgrow(problems, Priority.ALWAYS);
        return box;
    }

    private static TableColumn<SpecSummary.Layer, String> col(String title, java.util.function.Function<SpecSummary.Layer, String> f) {
        TableColumn<SpecSummary.Layer, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new javafx.beans.property.SimpleStringProperty(f.apply(d.getValue())));
        c.setSortable(false);
        return c;
    }

    private void decorate() {
        fieldControls.forEach((key, control) -> {
            String problem = vm.fieldProblems().get(key);
            control.getStyleClass().remove("invalid");
            if (problem != null) {
                control.getStyleClass().add("invalid");
                control.setTooltip(new Tooltip(problem));
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
