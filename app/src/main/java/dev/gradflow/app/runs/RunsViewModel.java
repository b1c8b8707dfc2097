package dev.gradflow.app.runs;

import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.TaskExecutor;
import dev.gradflow.model.store.RunAnnotation;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The runs table over the run store: loads summaries (and each run's stored spec, flattened to JSON paths by
 * {@link SpecFields}) in the background, filters them ({@link RunFilter}, spec paths included), offers spec fields
 * as extra columns, groups runs by configuration (specs equal except for the seed and the name), keeps saved views
 * ({@link SavedViews}), reads each run's tags and note ({@link RunAnnotation}, reloaded with every refresh), and
 * renames, tags, annotates and deletes runs.
 */
public final class RunsViewModel {
    /** Column id of the configuration-group column. */
    public static final String GROUP_COLUMN = "group";
    /** Prefix of a spec column's id: {@code spec:optimizer.type}. */
    public static final String SPEC_PREFIX = "spec:";

    private final Supplier<RunStore> store;
    private final TaskExecutor tasks;
    private final SavedViews views;
    private final Map<Long, Map<String, Object>> specs = new ConcurrentHashMap<>();
    private final Map<Long, String> configKeys = new ConcurrentHashMap<>();
    private volatile Map<Long, RunAnnotation> annotations = Map.of();
    private final ReadOnlyIntegerWrapper annotationsVersion = new ReadOnlyIntegerWrapper(0);
    private final Map<String, Integer> groupNumbers = new HashMap<>();
    private final Map<String, Integer> groupSizes = new HashMap<>();
    private final ObservableList<String> specPaths = FXCollections.observableArrayList();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final BooleanProperty grouped = new SimpleBooleanProperty(false);
    private final ObjectProperty<List<SavedView.Sort>> sort = new SimpleObjectProperty<>(List.of());
    private final ReadOnlyIntegerWrapper specsVersion = new ReadOnlyIntegerWrapper(0);
    private final ObservableList<String> viewNames = FXCollections.observableArrayList();
    private final ObservableList<RunSummary> all = FXCollections.observableArrayList();
    private final FilteredList<RunSummary> filtered = new FilteredList<>(all, r -> true);
    private final ObservableList<RunSummary> selected = FXCollections.observableArrayList();
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final AtomicLong generation = new AtomicLong();

    public RunsViewModel(Supplier<RunStore> store, TaskExecutor tasks) { this(store, tasks, SavedViews.defaults()); }

    public RunsViewModel(Supplier<RunStore> store, TaskExecutor tasks, SavedViews views) {
        this.store = store;
        this.tasks = tasks;
        this.views = views;
        filter.addListener((o, a, b) -> applyFilter());
        viewNames.setAll(views.names());
    }

    private void applyFilter() {
        String q = filter.get();
        filtered.setPredicate(r -> RunFilter.matches(r, q, path -> specValueIgnoringCase(r, path), annotation(r)));
    }

    /**
     * The run's tags and note as last loaded: the store's annotation, or (a run without one, or before the first
     * refresh) the tags of its tags column and no note.
     */
    public RunAnnotation annotation(RunSummary r) {
        RunAnnotation a = annotations.get(r.id());
        return a != null ? a : new RunAnnotation(r.id(), RunAnnotation.decode(r.tags()), "");
    }

    /** The note's first line, as the Note column shows it ("" when none). */
    public static String firstLine(String note) {
        if (note == null) return "";
        String s = note.strip();
        int nl = s.indexOf('\n');
        int cr = s.indexOf('\r');
        int end = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
        return end < 0 ? s : s.substring(0, end).strip();
    }

    static boolean matches(RunSummary r, String query) { return RunFilter.matches(r, query); }

    /** The run's value of a spec path (exact spelling), or null. */
    public Object specValue(RunSummary r, String path) {
        Map<String, Object> f = specs.get(r.id());
        return f == null ? null : f.get(path);
    }

    private Object specValueIgnoringCase(RunSummary r, String path) {
        Map<String, Object> f = specs.get(r.id());
        if (f == null) return null;
        Object v = f.get(path);
        if (v != null) return v;
        for (var e : f.entrySet()) if (e.getKey().equalsIgnoreCase(path)) return e.getValue();
        return null;
    }

    /** The run's flattened spec (empty until loaded or when the run has none). */
    public Map<String, Object> specFields(RunSummary r) { return specs.getOrDefault(r.id(), Map.of()); }

    /** Configuration key of a run ({@link SpecFields#configKey}); a run without a stored spec is its own group. */
    public String configKey(RunSummary r) { return configKeys.getOrDefault(r.id(), "run:" + r.id()); }

    /**
     * The configuration group as the table shows it: {@code config 2 · 3 runs}, numbered in table order of the
     * newest run of each configuration.
     */
    public String groupLabel(RunSummary r) {
        String k = configKey(r);
        Integer n = groupNumbers.get(k);
        int size = groupSizes.getOrDefault(k, 1);
        return "config " + (n == null ? "?" : n) + " · " + size + (size == 1 ? " run" : " runs");
    }

    /** Sort key of the group column: the group's number. */
    public int groupNumber(RunSummary r) { return groupNumbers.getOrDefault(configKey(r), Integer.MAX_VALUE); }

    private void regroup() {
        groupNumbers.clear();
        groupSizes.clear();
        for (RunSummary r : all) {
            String k = configKey(r);
            groupNumbers.putIfAbsent(k, groupNumbers.size() + 1);
            groupSizes.merge(k, 1, Integer::sum);
        }
    }

    /**
     * What the runs table shows when it has no rows: that the store is empty, or that the filter hides every run.
     */
    public StringBinding placeholderText() {
        return Bindings.createStringBinding(() -> all.isEmpty() ? "No runs in this store yet."
                : "No runs match \"" + filter.get().trim() + "\" (" + all.size() + (all.size() == 1 ? " run" : " runs")
                + " in the store). Examples: density < 0.2, optimizer = adam, acc >= 0.8", all, filter);
    }

    /** Refreshes in the background; a result older than the newest requested refresh is dropped. */
    public void refresh() {
        long ticket = generation.incrementAndGet();
        BackgroundTask.<Listed>wrap(task -> {
            RunStore s = store.get();
            List<RunSummary> runs = s.listRuns();
            Map<Long, Map<String, Object>> fresh = new HashMap<>();
            for (RunSummary r : runs) {
                if (specs.containsKey(r.id())) continue;
                String json;
                try {
                    json = s.specJson(r.id());
                } catch (RuntimeException e) {
                    json = null;
                }
                fresh.put(r.id(), SpecFields.flatten(json));
            }
            Map<Long, RunAnnotation> notes = new HashMap<>();
            for (RunAnnotation a : s.annotations()) notes.put(a.runId(), a);
            return new Listed(runs, fresh, Map.copyOf(notes));
        }).onSuccess(listed -> {
            if (ticket != generation.get()) return;
            List<RunSummary> runs = listed.runs();
            boolean annotationsChanged = !listed.annotations().equals(annotations);
            annotations = listed.annotations();
            listed.specs().forEach((id, f) -> {
                specs.put(id, f);
                if (!f.isEmpty()) configKeys.put(id, SpecFields.configKey(f));
            });
            List<RunSummary> newest = new ArrayList<>(runs);
            Collections.reverse(newest);
            update(all, newest);
            regroup();
            List<String> paths = SpecFields.paths(all.stream().map(r -> specs.getOrDefault(r.id(), Map.of())).toList());
            if (!paths.equals(specPaths)) specPaths.setAll(paths);
            if (!listed.specs().isEmpty() || annotationsChanged) applyFilter();
            if (!listed.specs().isEmpty()) specsVersion.set(specsVersion.get() + 1);
            if (annotationsChanged) annotationsVersion.set(annotationsVersion.get() + 1);
            status.set(runs.size() + (runs.size() == 1 ? " run" : " runs") + " in " + store.get().file());
        }).onFailure(e -> status.set("Cannot read runs: " + e.getMessage())).executeWith(tasks);
    }

    /**
     * Makes {@code target} equal to {@code source} with the smallest change when runs were only added at the front
     * and some changed in place (the usual case: a run started or ended): replacing all items made the table
     * rebuild and restyle every row on the FX thread at the start of each run.
     */
    static <T> void update(List<T> target, List<T> source) {
        int added = source.size() - target.size();
        if (added < 0 || added > 8 || target.isEmpty()) {
            if (!target.equals(source)) replaceAll(target, source);
            return;
        }
        for (int i = 0; i < target.size(); i++) {
            T now = source.get(i + added);
            if (!sameRow(target.get(i), now)) {
                replaceAll(target, source);
                return;
            }
        }
        for (int i = 0; i < target.size(); i++) {
            T now = source.get(i + added);
            if (!target.get(i).equals(now)) target.set(i, now);
        }
        if (added > 0) target.addAll(0, source.subList(0, added));
    }

    private record Listed(List<RunSummary> runs, Map<Long, Map<String, Object>> specs, Map<Long, RunAnnotation> annotations) {
    }

    // ---- saved views ----

    /** The table's current state as a view named {@code name}. */
    public SavedView currentView(String name) {
        return new SavedView(name, List.copyOf(columns), filter.get(), sort.get(), grouped.get());
    }

    /** Saves the current state under {@code name} (replacing a view of that name). */
    public void saveView(String name) {
        if (name == null || name.isBlank()) return;
        try {
            views.save(currentView(name.trim()));
            viewNames.setAll(views.names());
            status.set("Saved view \"" + name.trim() + "\" in " + views.file(name.trim()));
        } catch (Exception e) {
            status.set("Cannot save view " + views.file(name.trim()) + ": " + e.getMessage());
        }
    }

    /**
     * Applies a saved view: its columns, filter, sort and grouping. A corrupt file changes nothing and sets a
     * one-line status naming the file.
     */
    public boolean loadView(String name) {
        SavedView v;
        try {
            v = views.load(name);
        } catch (SavedViews.BadViewFile e) {
            status.set(e.getMessage());
            return false;
        }
        columns.setAll(v.columns());
        filter.set(v.filter());
        grouped.set(v.grouped());
        sort.set(v.sort());
        status.set("View \"" + v.name() + "\"");
        return true;
    }

    /** Re-reads the names of the saved views (the menu calls this before it opens). */
    public void refreshViewNames() { viewNames.setAll(views.names()); }

    private static <T> void replaceAll(List<T> target, List<T> source) {
        if (target instanceof ObservableList<T> o) o.setAll(source);
        else {
            target.clear();
            target.addAll(source);
        }
    }

    private static boolean sameRow(Object a, Object b) {
        if (a instanceof RunSummary x && b instanceof RunSummary y) return x.id() == y.id();
        return a.equals(b);
    }

    public void rename(RunSummary run, String name) {
        if (name == null || name.isBlank()) return;
        write(() -> store.get().rename(run.id(), name.trim()), "renamed run " + run.id());
    }

    /**
     * Sets the run's tags from text as typed ("paper, fig3", split at commas by {@link RunAnnotation#decode}),
     * keeping its note. A tag with a line break is refused with one line in the status bar and nothing is written.
     */
    public void setTags(RunSummary run, String tags) {
        List<String> list = RunAnnotation.decode(tags);
        String bad = tagProblem(list);
        if (bad != null) {
            status.set("Tags of run " + run.id() + " not saved: " + bad);
            return;
        }
        write(() -> {
            RunStore s = store.get();
            s.annotate(run.id(), list, s.annotation(run.id()).note());
        }, "tagged run " + run.id());
    }

    /** Sets the run's note (free text, several lines allowed), keeping its tags. */
    public void setNote(RunSummary run, String note) {
        String text = note == null ? "" : note.strip();
        write(() -> {
            RunStore s = store.get();
            RunAnnotation now = s.annotation(run.id());
            List<String> tags = now.tags().isEmpty() ? RunAnnotation.decode(run.tags()) : now.tags();
            s.annotate(run.id(), tags, text);
        }, "noted run " + run.id());
    }

    /**
     * Sets the run's tags (each a list element) and note. A tag with a comma or a line break is refused with one
     * line in the status bar and nothing is written.
     */
    public void annotate(RunSummary run, List<String> tags, String note) {
        String bad = tagProblem(tags);
        if (bad != null) {
            status.set("Tags of run " + run.id() + " not saved: " + bad);
            return;
        }
        List<String> list = List.copyOf(tags);
        String text = note == null ? "" : note.strip();
        write(() -> store.get().annotate(run.id(), list, text), "annotated run " + run.id());
    }

    /** What is wrong with a tag list (one line), or null: a tag cannot contain a comma or a line break. */
    static String tagProblem(List<String> tags) {
        for (String t : tags) {
            if (t == null) continue;
            if (t.contains(",") || t.contains("\n") || t.contains("\r")) {
                return "tag \"" + dev.gradflow.model.spec.Messages.printable(t.strip())
                        + "\" contains a comma or a line break (tags are separated by commas, one line)";
            }
        }
        return null;
    }

    /** Deletes the runs (the view asks for confirmation first). */
    public void delete(List<RunSummary> runs) {
        List<Long> ids = runs.stream().map(RunSummary::id).toList();
        write(() -> ids.forEach(id -> store.get().delete(id)), "deleted " + ids.size() + (ids.size() == 1 ? " run" : " runs"));
    }

    private void write(Runnable change, String done) {
        BackgroundTask.wrap(change).onSuccess(v -> {
            status.set(done);
            refresh();
        }).onFailure(e -> status.set("Failed: " + e.getMessage())).executeWith(tasks);
    }

    public ObservableList<RunSummary> allRuns() { return all; }
    public FilteredList<RunSummary> runs() { return filtered; }

    /** The runs selected in the table, in table order (the view keeps it in step with the table's selection). */
    public ObservableList<RunSummary> selected() { return selected; }
    public StringProperty filterProperty() { return filter; }
    /** Every spec path found in the runs' stored specs, sorted (the column picker's list). */
    public ObservableList<String> specPaths() { return specPaths; }
    /** The spec columns shown, as JSON paths, in order. */
    public ObservableList<String> columns() { return columns; }
    /** Whether the table shows the configuration group column and sorts by it first. */
    public BooleanProperty groupedProperty() { return grouped; }
    /** The table's sort order (column ids: {@code name}, {@code density}, {@code group}, {@code spec:<path>} ...). */
    public ObjectProperty<List<SavedView.Sort>> sortProperty() { return sort; }
    /** Increases whenever newly loaded specs change what spec columns and groups show. */
    public ReadOnlyIntegerProperty specsVersionProperty() { return specsVersion.getReadOnlyProperty(); }
    /** Increases whenever a refresh finds tags or notes changed (the table redraws its Tags and Note cells). */
    public ReadOnlyIntegerProperty annotationsVersionProperty() { return annotationsVersion.getReadOnlyProperty(); }
    public ObservableList<String> viewNames() { return viewNames; }
    public SavedViews savedViews() { return views; }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
}
