package dev.gradflow.app.studies;

import dev.gradflow.app.figures.FigurePanel;
import dev.gradflow.app.figures.FigureRenderer;
import dev.gradflow.app.figures.PlotLayout;
import dev.gradflow.app.figures.ScreenStyle;
import dev.gradflow.app.task.FxTaskExecutor;
import dev.gradflow.charts.study.StudyFigures;
import dev.gradflow.model.study.StudyStore;
import dev.gradflow.model.spec.Messages;
import dev.gradflow.model.study.Table;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Studies: load a study (grid) file, see how many runs it has and roughly how long they take, start it in the
 * background (never on the FX thread), follow each run, and read the tables (p-values coloured by significance:
 * CSS classes {@code p001}, {@code p005}, {@code p010}, {@code ns}) as results arrive; beside the tables, the figure
 * of a study in the store (chosen with the study and figure-kind boxes: EGF over training, SC-SDC against width,
 * p-value heatmap, correlation bars, value against an axis), drawn on the figure renderer's thread. State lives in
 * {@link StudiesViewModel}.
 */
public class StudiesView extends BorderPane {
    private final StudiesViewModel vm;
    private final Label fileLabel = new Label();
    private final Label sizeLabel = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Button open = new Button("Open study file...");
    private final Button start = new Button("Start");
    private final Button cancel = new Button("Cancel");
    private final Spinner<Integer> workers = new Spinner<>(1, Math.max(1, Runtime.getRuntime().availableProcessors()), 1);
    private final VBox tables = new VBox(14);
    private final ComboBox<StudyStore.StudyInfo> storedStudies = new ComboBox<>();
    private final ComboBox<StudyFigures.Kind> figureKind = new ComboBox<>();
    private final Label figureMessage = new Label();
    private final FigurePanel figurePanel = new FigurePanel(FigureRenderer.shared());
    private final BooleanProperty presentation = new SimpleBooleanProperty(false);
    private final BooleanProperty dark = new SimpleBooleanProperty(false);

    public StudiesView(Supplier<Path> store) {
        this(new StudiesViewModel(store, new FxTaskExecutor(), StudiesViewModel.daemonThreads()));
    }

    public StudiesView(StudiesViewModel vm) {
        this.vm = vm;
        getStyleClass().add("studies-view");
        getStylesheets().add(StudiesView.class.getResource("studies.css").toExternalForm());
        setId("studies-view");
        open.setId("studies-open");
        start.setId("studies-start");
        cancel.setId("studies-cancel");
        progress.setId("studies-progress");
        fileLabel.setId("studies-title");
        sizeLabel.setId("studies-summary");
        tables.setId("studies-tables");
        fileLabel.textProperty().bind(vm.titleProperty());
        presentation.addListener((o, a, b) -> vm.setFigureStyle(ScreenStyle.of(b, dark.get())));
        dark.addListener((o, a, b) -> vm.setFigureStyle(ScreenStyle.of(presentation.get(), b)));
        sizeLabel.textProperty().bind(vm.summaryProperty());
        sizeLabel.setWrapText(true);
        progress.progressProperty().bind(vm.progressProperty());
        start.disableProperty().bind(vm.loadedProperty().not().or(vm.runningProperty()));
        open.disableProperty().bind(vm.runningProperty());
        cancel.disableProperty().bind(vm.runningProperty().not());
        workers.disableProperty().bind(vm.runningProperty());
        workers.valueProperty().addListener((o, a, b) -> vm.workersProperty().set(b));
        open.setOnAction(e -> choose());
        start.setOnAction(e -> vm.start());
        cancel.setOnAction(e -> vm.cancel());
        progress.setPrefWidth(220);
        workers.setPrefWidth(80);
        HBox bar = new HBox(10, open, new Label("workers"), workers, start, cancel, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, bar, fileLabel, sizeLabel);
        top.setPadding(new Insets(10));
        setTop(top);

        TableView<StudiesViewModel.RunRow> table = new TableView<>(vm.rows());
        table.setId("studies-runs");
        Label open = new Label("Open a study file (e.g. sample-data/studies/batchnorm.json)");
        open.setWrapText(true);
        table.setPlaceholder(open);
        TableColumn<StudiesViewModel.RunRow, String> name = new TableColumn<>("run");
        name.setCellValueFactory(c -> new SimpleStringProperty(Messages.printable(c.getValue().name())));
        name.setPrefWidth(250);
        TableColumn<StudiesViewModel.RunRow, String> status = new TableColumn<>("status");
        status.setCellValueFactory(c -> c.getValue().statusProperty());
        TableColumn<StudiesViewModel.RunRow, Double> bar2 = new TableColumn<>("progress");
        bar2.setCellValueFactory(c -> c.getValue().progressProperty().asObject());
        bar2.setCellFactory(ProgressBarTableCell.forTableColumn());
        bar2.setMinWidth(110);
        TableColumn<StudiesViewModel.RunRow, String> detail = new TableColumn<>("detail");
        detail.setCellValueFactory(c -> c.getValue().detailProperty());
        detail.setPrefWidth(170);
        table.getColumns().add(name);
        table.getColumns().add(status);
        table.getColumns().add(bar2);
        table.getColumns().add(detail);
        tables.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(tables);
        scroll.setFitToWidth(false); // wide tables scroll instead of being cut to "0.18..."
        SplitPane results = new SplitPane(figurePane(), scroll);
        results.setOrientation(javafx.geometry.Orientation.VERTICAL);
        results.setDividerPositions(0.55);
        SplitPane split = new SplitPane(table, results);
        split.setDividerPositions(0.3);
        setCenter(split);
        vm.tables().addListener((ListChangeListener<Table>) c -> show(List.copyOf(vm.tables())));
        vm.refreshStudies();
    }

    /** The study and figure-kind choosers above the selected study's figure. */
    private VBox figurePane() {
        storedStudies.setId("studies-stored");
        figureKind.setId("studies-figure-kind");
        figurePanel.setId("studies-figure");
        figureMessage.setId("studies-figure-message");
        storedStudies.setItems(vm.storedStudies());
        storedStudies.setPromptText("study in the store");
        storedStudies.setConverter(new StringConverter<>() {
            @Override public String toString(StudyStore.StudyInfo i) {
                return i == null ? "" : Messages.printable(i.name()) + " (" + i.kind() + ", " + i.runs() + " runs)";
            }
            @Override public StudyStore.StudyInfo fromString(String s) { return null; }
        });
        storedStudies.valueProperty().bindBidirectional(vm.selectedStudyProperty());
        figureKind.getItems().setAll(StudyFigures.Kind.values());
        figureKind.setConverter(new StringConverter<>() {
            @Override public String toString(StudyFigures.Kind k) { return k == null ? "" : k.label(); }
            @Override public StudyFigures.Kind fromString(String s) { return null; }
        });
        figureKind.valueProperty().bindBidirectional(vm.figureKindProperty());
        figureMessage.textProperty().bind(vm.figureMessageProperty());
        figureMessage.setWrapText(true);
        figureMessage.getStyleClass().add("studies-figure-message");
        vm.figureProperty().addListener((o, a, f) -> figurePanel.setPainter(f == null ? null : (g2, area) -> {
            f.draw(g2, area);
            return PlotLayout.NONE;
        }));
        HBox bar = new HBox(8, new Label("Study"), storedStudies, new Label("Figure"), figureKind, figureMessage);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(figureMessage, Priority.ALWAYS);
        VBox box = new VBox(6, bar, figurePanel);
        box.setPadding(new Insets(6, 10, 6, 10));
        VBox.setVgrow(figurePanel, Priority.ALWAYS);
        return box;
    }

    public FigurePanel figurePanel() { return figurePanel; }

    public StudiesViewModel viewModel() { return vm; }

    /** Larger type and dark figures in presentation mode (the figure is redrawn when it changes). */
    public BooleanProperty presentationProperty() { return presentation; }

    /** Dark figures with the dark theme. */
    public BooleanProperty darkProperty() { return dark; }

    private void choose() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open study file");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Study / grid file (*.json)", "*.json"));
        File dir = new File("sample-data/studies");
        if (dir.isDirectory()) fc.setInitialDirectory(dir.getAbsoluteFile());
        File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) load(f.toPath());
    }

    /** Loads and expands a study file (fast: no training), shows its size and estimated time. */
    public void load(Path file) {
        vm.load(file);
    }

    private void show(List<Table> list) {
        tables.getChildren().clear();
        // the headline first: p-value and correlation tables, then the long per-configuration table
        List<Table> ordered = new ArrayList<>(list.stream().filter(t -> !t.title().startsWith("Per configuration")).toList());
        ordered.addAll(list.stream().filter(t -> t.title().startsWith("Per configuration")).toList());
        for (Table t : ordered) {
            Label title = new Label(t.title());
            title.getStyleClass().add("study-table-title");
            title.setWrapText(false);
            GridPane grid = new GridPane();
            grid.getStyleClass().add("study-table");
            for (int c = 0; c < t.header().size(); c++) {
                Label h = new Label(t.header().get(c));
                h.setMinWidth(Region.USE_PREF_SIZE);
                h.getStyleClass().add("study-header");
                grid.add(h, c, 0);
            }
            for (int r = 0; r < t.rows().size(); r++) {
                for (int c = 0; c < t.rows().get(r).size(); c++) {
                    Label cell = new Label(t.rows().get(r).get(c));
                    cell.setMinWidth(Region.USE_PREF_SIZE);
                    cell.getStyleClass().addAll(StudiesViewModel.cellClasses(t, r, c));
                    grid.add(cell, c, r + 1);
                }
            }
            tables.getChildren().add(new VBox(4, title, grid));
        }
    }
}
