package dev.gradflow.app.runs;

import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.TaskExecutor;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The runs table over the run store: loads summaries in the background, filters them by a free-text query
 * (name, status, dataset, optimizer, activation, tags), and renames, tags and deletes runs.
 */
public final class RunsViewModel {
    private final Supplier<RunStore> store;
    private final TaskExecutor tasks;
    private final ObservableList<RunSummary> all = FXCollections.observableArrayList();
    private final FilteredList<RunSummary> filtered = new FilteredList<>(all, r -> true);
    private final ObservableList<RunSummary> selected = FXCollections.observableArrayList();
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final AtomicLong generation = new AtomicLong();

    public RunsViewModel(Supplier<RunStore> store, TaskExecutor tasks) {
        this.store = store;
        this.tasks = tasks;
        filter.addListener((o, a, b) -> filtered.setPredicate(r -> matches(r, b)));
    }

    static boolean matches(RunSummary r, String query) { return RunFilter.matches(r, query); }

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
        BackgroundTask.<List<RunSummary>>wrap(task -> store.get().listRuns()).onSuccess(runs -> {
            if (ticket != generation.get()) return;
            List<RunSummary> newest = new ArrayList<>(runs);
            Collections.reverse(newest);
            update(all, newest);
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

    public void setTags(RunSummary run, String tags) {
        write(() -> store.get().setTags(run.id(), tags == null ? "" : tags.trim()), "tagged run " + run.id());
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
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
}
