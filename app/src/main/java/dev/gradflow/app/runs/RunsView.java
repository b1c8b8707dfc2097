package dev.gradflow.app.runs;

import dev.gradflow.model.spec.Messages;
import dev.gradflow.model.store.RunSummary;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Dialog;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** The training queue with live charts on top, the runs in the store below. */
public final class RunsView extends BorderPane {
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final RunsViewModel vm;
    private final TrainingQueue queue;
    private final LiveView live = new LiveView();
    private final TableView<RunSummary> runs = new TableView<>();

    public RunsView(RunsViewModel vm, TrainingQueue queue, Consumer<List<RunSummary>> compare) {
        this.vm = vm;
        this.queue = queue;
        getStyleClass().add("runs-view");
        setId("runs-view");
        queue.currentProperty().addListener((o, a, b) -> live.show(b));
        SplitPane split = new SplitPane(top(), bottom(compare));
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        setCenter(split);
    }

    private Node top() {
        TableView<RunJob> jobs = new TableView<>(queue.jobs());
        jobs.setId("jobs-table");
        // header plus three whole rows: the row height is fixed in CSS in em (-fx-fixed-cell-size), so it follows the
        // font in presentation mode, and the table's height is a whole number of rows (it showed 2.5)
        jobs.getStyleClass().add("jobs-table");
        jobs.setFixedCellSize(26);
        jobs.skinProperty().addListener((o, a, skin) -> {
            if (skin == null) return;
            Node header = jobs.lookup(".column-header-background");
            if (header instanceof Region h) {
                jobs.prefHeightProperty().bind(Bindings.createDoubleBinding(
                        () -> h.getHeight() + 3 * jobs.getFixedCellSize() + jobs.snappedTopInset() + jobs.snappedBottomInset(),
                        h.heightProperty(), jobs.fixedCellSizeProperty(), jobs.insetsProperty()));
            }
        });
        jobs.setPrefHeight(4.2 * 26);
        jobs.minHeightProperty().bind(jobs.prefHeightProperty());
        jobs.maxHeightProperty().bind(jobs.prefHeightProperty());
        jobs.setPlaceholder(new Label("Nothing queued."));
        jobs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<RunJob, String> name = new TableColumn<>("Job");
        name.setCellValueFactory(c -> new SimpleStringProperty(Messages.printable(c.getValue().name())));
        TableColumn<RunJob, RunJob.State> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> c.getValue().stateProperty());
        TableColumn<RunJob, Number> progress = new TableColumn<>("Progress");
        progress.setCellValueFactory(c -> c.getValue().progressProperty());
        progress.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            { bar.setMaxWidth(Double.MAX_VALUE); }
            @Override protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                if (empty || v == null) setGraphic(null);
                else { bar.setProgress(v.doubleValue()); setGraphic(bar); }
            }
        });
        TableColumn<RunJob, String> eta = new TableColumn<>("ETA");
        eta.setCellValueFactory(c -> c.getValue().etaProperty());
        TableColumn<RunJob, String> speed = new TableColumn<>("Throughput");
        speed.setCellValueFactory(c -> c.getValue().throughputProperty());
        TableColumn<RunJob, String> msg = new TableColumn<>("Status");
        msg.setCellValueFactory(c -> c.getValue().messageProperty());
        jobs.getColumns().setAll(List.of(name, state, progress, eta, speed, msg));
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-job");
        cancel.setOnAction(e -> {
            RunJob j = jobs.getSelectionModel().getSelectedItem();
            if (j == null) j = queue.currentProperty().get();
            if (j != null) queue.cancel(j);
        });
        cancel.disableProperty().bind(queue.busyProperty().not());
        VBox box = new VBox(6, new HBox(8, title("Training"), spacer(), cancel), jobs, live);
        VBox.setVgrow(live, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /** Columns hidden in presentation mode (the projector shows what matters for the talk). */
    private static final Set<String> PRESENTATION_HIDDEN = Set.of("Dataset", "Activation", "Tags", "Note", "Created");

    /**
     * Every visible column at least as wide as its header in the current type size (presentation mode's 20 px
     * headers read "Sta..." in 70 px columns); presentation mode hides the columns a talk can do without.
     */
    private void fitColumns(boolean presentation) {
        double px = presentation ? 20 : 13;
        Text probe = new Text();
        probe.setFont(Font.font(px));
        for (TableColumn<RunSummary, ?> c : runs.getColumns()) {
            boolean wanted = !RunsViewModel.GROUP_COLUMN.equals(c.getId()) || vm.groupedProperty().get();
            c.setVisible(wanted && (!presentation || !PRESENTATION_HIDDEN.contains(c.getText())));
            probe.setText(c.getText());
            c.setMinWidth(Math.ceil(probe.getLayoutBounds().getWidth()) + 2.2 * px);
        }
    }

    private Node bottom(Consumer<List<RunSummary>> compare) {
        runs.setId("runs-table");
        runs.setMinWidth(0);
        runs.setPrefWidth(400); // the window decides the width; the columns never widen the page
        runs.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        runs.getSelectionModel().getSelectedItems().addListener((ListChangeListener<RunSummary>) change ->
                vm.selected().setAll(runs.getSelectionModel().getSelectedItems().stream().filter(Objects::nonNull).toList()));
        Label placeholder = new Label();
        placeholder.setId("runs-placeholder");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(vm.placeholderText());
        runs.setPlaceholder(placeholder);
        runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        SortedList<RunSummary> sorted = new SortedList<>(vm.runs());
        sorted.comparatorProperty().bind(runs.comparatorProperty());
        runs.setItems(sorted);
        baseColumns.addAll(List.of(
                col("Id", r -> r.id()),
                col("Name", RunSummary::name),
                col("Status", r -> r.status().dbName()),
                col("Dataset", RunSummary::dataset),
                col("Density", r -> r.density(), "%.3f"),
                col("Optimizer", RunSummary::optimizer),
                col("Activation", RunSummary::activation),
                col("Test acc.", RunSummary::finalTestAccuracy, "%.4f"),
                col("Mean EGF₂", RunSummary::meanEgf2, "%.4g"),
                col("Tags", r -> String.join(", ", vm.annotation(r).tags())),
                noteColumn(),
                col("Created", r -> r.createdAt() == null ? "" : CREATED.format(r.createdAt()))));
        String[] ids = {"id", "name", "status", "dataset", "density", "optimizer", "activation", "acc", "egf2", "tags", "note",
                "created"};
        double[] widths = {50, 200, 80, 160, 70, 85, 85, 80, 95, 110, 160, 140};
        for (int i = 0; i < widths.length; i++) {
            baseColumns.get(i).setPrefWidth(widths[i]);
            baseColumns.get(i).setId(ids[i]);
            baseColumns.get(i).sortTypeProperty().addListener((o, a, b) -> sortToViewModel());
        }
        groupColumn.sortTypeProperty().addListener((o, a, b) -> sortToViewModel());
        groupColumn.setId(RunsViewModel.GROUP_COLUMN);
        groupColumn.setCellValueFactory(d -> new SimpleObjectProperty<>(new GroupCell(vm.groupNumber(d.getValue()), vm.groupLabel(d.getValue()))));
        groupColumn.setPrefWidth(130);
        rebuildColumns();
        vm.columns().addListener((ListChangeListener<String>) c -> rebuildColumns());
        vm.specsVersionProperty().addListener((o, a, b) -> runs.refresh());
        vm.annotationsVersionProperty().addListener((o, a, b) -> runs.refresh());
        vm.groupedProperty().addListener((o, a, on) -> {
            fitColumns(live.presentationProperty().get());
            if (on && !runs.getSortOrder().contains(groupColumn)) runs.getSortOrder().add(0, groupColumn);
            if (!on) runs.getSortOrder().remove(groupColumn);
        });
        runs.getSortOrder().addListener((ListChangeListener<TableColumn<RunSummary, ?>>) c -> sortToViewModel());
        vm.sortProperty().addListener((o, a, b) -> sortFromViewModel());
        live.presentationProperty().addListener((o, a, on) -> fitColumns(on));

        TextField filter = new TextField();
        filter.setId("runs-filter");
        filter.setPromptText("Filter: text or density < 0.2, optimizer = adam, acc >= 0.8, tag = paper, note ~ lr ...");
        filter.setTooltip(new Tooltip("Terms all must hold: free text (name, status, dataset, tags, note, numbers)"
                + " or field op value with op < <= > >= = != ~ (contains) and field one of " + String.join(", ", RunFilter.fields())
                + "; tag = paper: one of the run's tags is exactly paper; quote values with spaces: note ~ \"lr sweep\""));
        filter.textProperty().bindBidirectional(vm.filterProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> vm.refresh());
        Button rename = new Button("Rename...");
        rename.setOnAction(e -> {
            RunSummary r = runs.getSelectionModel().getSelectedItem();
            if (r == null) return;
            TextInputDialog d = new TextInputDialog(r.name());
            d.setHeaderText("Rename run " + r.id());
            d.initOwner(getScene().getWindow());
            d.showAndWait().ifPresent(n -> vm.rename(r, n));
        });
        Button tags = new Button("Tags...");
        tags.setId("tags-run");
        tags.setOnAction(e -> {
            RunSummary r = runs.getSelectionModel().getSelectedItem();
            if (r == null) return;
            TextInputDialog d = new TextInputDialog(String.join(", ", vm.annotation(r).tags()));
            d.setHeaderText("Tags of run " + r.id() + " (comma separated)");
            d.initOwner(getScene().getWindow());
            d.showAndWait().ifPresent(t -> vm.setTags(r, t));
        });
        Button note = new Button("Note...");
        note.setId("note-run");
        note.setTooltip(new Tooltip("A free-text note for the selected run, stored with it (several lines allowed)"));
        note.setOnAction(e -> {
            RunSummary r = runs.getSelectionModel().getSelectedItem();
            if (r == null) return;
            noteDialog(r).showAndWait().ifPresent(t -> vm.setNote(r, t));
        });
        Button delete = new Button("Delete...");
        delete.setId("delete-runs");
        delete.setOnAction(e -> {
            List<RunSummary> sel = List.copyOf(runs.getSelectionModel().getSelectedItems());
            if (sel.isEmpty()) return;
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Delete " + sel.size() + (sel.size() == 1 ? " run" : " runs")
                    + " and all their metrics? This cannot be undone.", ButtonType.OK, ButtonType.CANCEL);
            a.setHeaderText("Delete runs");
            a.initOwner(getScene().getWindow());
            a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.delete(sel));
        });
        Button cmp = new Button("Compare selected");
        cmp.setId("compare-selected");
        cmp.getStyleClass().add("accent");
        cmp.setOnAction(e -> compare.accept(List.copyOf(vm.selected())));
        for (Button b : List.of(rename, tags, note, delete, cmp)) {
            b.disableProperty().bind(runs.getSelectionModel().selectedItemProperty().isNull());
        }
        Label status = new Label();
        status.getStyleClass().add("hint");
        status.textProperty().bind(vm.statusProperty());
        Label heading = title("Runs");
        heading.setMinWidth(Region.USE_PREF_SIZE);
        refresh.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(6, heading, filter, refresh);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        // the actions wrap onto a second line instead of shortening their labels (presentation mode at 1280 px)
        javafx.scene.layout.FlowPane more = new javafx.scene.layout.FlowPane(6, 6, rename, tags, note, delete, cmp,
                columnPicker(), viewsMenu(), groupToggle(), parallel(compare));
        more.setId("runs-actions");
        for (Node n : more.getChildren()) if (n instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
        VBox box = new VBox(6, bar, more, runs, status);
        VBox.setVgrow(runs, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /** The Note column: the note's first line, the whole note in the tooltip. */
    private TableColumn<RunSummary, String> noteColumn() {
        TableColumn<RunSummary, String> c = new TableColumn<>("Note");
        c.setCellValueFactory(d -> new SimpleStringProperty(vm.annotation(d.getValue()).note()));
        c.setComparator(java.util.Comparator.comparing(RunsViewModel::firstLine, String.CASE_INSENSITIVE_ORDER));
        c.setCellFactory(x -> new TableCell<>() {
            @Override protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                boolean none = empty || v == null || v.isBlank();
                setText(none ? "" : RunsViewModel.firstLine(v));
                setTooltip(none ? null : new Tooltip(v.strip()));
            }
        });
        return c;
    }

    /** A multi-line dialog for the run's note, filled with the current one. */
    private Dialog<String> noteDialog(RunSummary r) {
        Dialog<String> d = new Dialog<>();
        d.setTitle("Note");
        d.setHeaderText("Note of run " + r.id() + " (" + Messages.printable(r.name()) + ")");
        TextArea text = new TextArea(vm.annotation(r).note());
        text.setId("note-text");
        text.setWrapText(true);
        text.setPrefRowCount(6);
        text.setPrefColumnCount(40);
        d.getDialogPane().setContent(text);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK ? text.getText() : null);
        d.setOnShown(e -> text.requestFocus());
        if (getScene() != null) d.initOwner(getScene().getWindow());
        return d;
    }

    /** A configuration group as a cell: sorts by number, shows the label. */
    record GroupCell(int number, String label) implements Comparable<GroupCell> {
        @Override public int compareTo(GroupCell o) { return Integer.compare(number, o.number); }
        @Override public String toString() { return label; }
    }

    private final List<TableColumn<RunSummary, ?>> baseColumns = new ArrayList<>();
    private final TableColumn<RunSummary, GroupCell> groupColumn = new TableColumn<>("Configuration");
    private boolean syncingSort;

    /** Base columns, the group column after the name, then one column per chosen spec path. */
    private void rebuildColumns() {
        List<TableColumn<RunSummary, ?>> cols = new ArrayList<>(baseColumns);
        cols.add(2, groupColumn);
        for (String path : vm.columns()) cols.add(specColumn(path));
        List<TableColumn<RunSummary, ?>> order = new ArrayList<>(runs.getSortOrder());
        runs.getColumns().setAll(cols);
        order.removeIf(c -> !cols.contains(c));
        syncingSort = true;
        try {
            runs.getSortOrder().setAll(order);
        } finally {
            syncingSort = false;
        }
        sortFromViewModel();
        fitColumns(live.presentationProperty().get());
        // with spec columns the table scrolls sideways instead of squeezing every column below its header
        runs.setColumnResizePolicy(vm.columns().isEmpty() ? TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN
                : TableView.UNCONSTRAINED_RESIZE_POLICY);
    }

    private TableColumn<RunSummary, Object> specColumn(String path) {
        String id = RunsViewModel.SPEC_PREFIX + path;
        for (TableColumn<RunSummary, ?> c : runs.getColumns()) {
            if (id.equals(c.getId())) {
                @SuppressWarnings("unchecked") TableColumn<RunSummary, Object> same = (TableColumn<RunSummary, Object>) c;
                return same;
            }
        }
        TableColumn<RunSummary, Object> c = new TableColumn<>(path);
        c.setId(id);
        c.setCellValueFactory(d -> new SimpleObjectProperty<>(vm.specValue(d.getValue(), path)));
        c.setCellFactory(x -> new TableCell<>() {
            @Override protected void updateItem(Object v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? "" : SpecFields.format(v));
            }
        });
        c.setComparator(SpecFields::compare);
        c.setPrefWidth(110);
        c.sortTypeProperty().addListener((o, a, b) -> sortToViewModel());
        return c;
    }

    private void sortToViewModel() {
        if (syncingSort) return;
        syncingSort = true;
        try {
            vm.sortProperty().set(runs.getSortOrder().stream()
                    .map(c -> new SavedView.Sort(c.getId(), c.getSortType() == TableColumn.SortType.ASCENDING)).toList());
        } finally {
            syncingSort = false;
        }
    }

    private void sortFromViewModel() {
        if (syncingSort) return;
        syncingSort = true;
        try {
            List<TableColumn<RunSummary, ?>> order = new ArrayList<>();
            for (SavedView.Sort s : vm.sortProperty().get()) {
                for (TableColumn<RunSummary, ?> c : runs.getColumns()) {
                    if (s.column().equals(c.getId())) {
                        c.setSortType(s.ascending() ? TableColumn.SortType.ASCENDING : TableColumn.SortType.DESCENDING);
                        order.add(c);
                    }
                }
            }
            if (vm.groupedProperty().get() && !order.contains(groupColumn)) order.add(0, groupColumn);
            runs.getSortOrder().setAll(order);
        } finally {
            syncingSort = false;
        }
    }

    /** "Columns": one check item per spec path of the stored runs. */
    private MenuButton columnPicker() {
        MenuButton m = new MenuButton("Columns");
        m.setId("runs-columns");
        m.setTooltip(new Tooltip("Show spec fields (JSON paths such as optimizer.type, sparsity.density) as columns"));
        Runnable fill = () -> {
            List<MenuItem> items = new ArrayList<>();
            if (vm.specPaths().isEmpty()) {
                MenuItem none = new MenuItem("No stored specs yet");
                none.setDisable(true);
                items.add(none);
            }
            for (String path : vm.specPaths()) {
                CheckMenuItem i = new CheckMenuItem(path);
                i.setId("column-" + path);
                i.setSelected(vm.columns().contains(path));
                i.selectedProperty().addListener((o, a, on) -> {
                    if (on && !vm.columns().contains(path)) vm.columns().add(path);
                    if (!on) vm.columns().remove(path);
                });
                items.add(i);
            }
            m.getItems().setAll(items);
        };
        fill.run();
        m.setOnShowing(e -> fill.run());
        vm.specPaths().addListener((ListChangeListener<String>) c -> { if (!m.isShowing()) fill.run(); });
        m.setMinWidth(Region.USE_PREF_SIZE);
        return m;
    }

    /** "Views": save the table's state under a name, or load a saved one. */
    private MenuButton viewsMenu() {
        MenuButton m = new MenuButton("Views");
        m.setId("runs-views");
        Runnable fill = () -> {
            vm.refreshViewNames();
            MenuItem save = new MenuItem("Save view as...");
            save.setId("save-view");
            save.setOnAction(e -> {
                TextInputDialog d = new TextInputDialog();
                d.setHeaderText("Save the columns, filter, sort and grouping as a view");
                d.setContentText("Name");
                if (getScene() != null) d.initOwner(getScene().getWindow());
                d.showAndWait().ifPresent(vm::saveView);
            });
            List<MenuItem> items = new ArrayList<>(List.of(save));
            if (!vm.viewNames().isEmpty()) items.add(new SeparatorMenuItem());
            for (String n : vm.viewNames()) {
                MenuItem i = new MenuItem(n);
                i.setId("view-" + n);
                i.setMnemonicParsing(false);
                i.setOnAction(e -> vm.loadView(n));
                items.add(i);
            }
            m.getItems().setAll(items);
        };
        fill.run();
        m.setOnShowing(e -> fill.run());
        m.setMinWidth(Region.USE_PREF_SIZE);
        return m;
    }

    private CheckBox groupToggle() {
        CheckBox c = new CheckBox("Group by configuration");
        c.setId("runs-group");
        c.setTooltip(new Tooltip("Runs whose specs are equal except for the seed and the name form one configuration;"
                + " Compare draws each as the mean with a 95 % band over its seeds"));
        c.selectedProperty().bindBidirectional(vm.groupedProperty());
        c.setMinWidth(Region.USE_PREF_SIZE);
        return c;
    }

    private Button parallel(Consumer<List<RunSummary>> compare) {
        Button b = new Button("Parallel coordinates...");
        b.setId("runs-parallel");
        b.setTooltip(new Tooltip("The runs the filter shows as a sweep: one axis per varying spec field and the results;"
                + " drag on an axis to select runs, then compare them"));
        b.setOnAction(e -> ParallelView.open(this, vm, List.copyOf(runs.getItems()), compare));
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private static Label title(String t) {
        Label l = new Label(t);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static <T extends Comparable<T>> TableColumn<RunSummary, T> col(String title, Function<RunSummary, T> f) {
        TableColumn<RunSummary, T> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleObjectProperty<>(f.apply(d.getValue())));
        return c;
    }

    private static TableColumn<RunSummary, Double> col(String title, Function<RunSummary, Double> f, String format) {
        TableColumn<RunSummary, Double> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleObjectProperty<>(f.apply(d.getValue())));
        c.setCellFactory(x -> new TableCell<>() {
            @Override protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? "" : String.format(Locale.ROOT, format, v));
            }
        });
        return c;
    }

    public TableView<RunSummary> runsTable() { return runs; }
    public LiveView liveView() { return live; }
}
