package dev.gradflow.app.compare;

import dev.gradflow.app.task.TaskExecutor;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Runs chosen for comparison and their evaluation points, loaded in the background. The view draws the selected
 * {@link Measure} at the evaluation points of every run, overlaid, next to test loss and accuracy.
 */
public final class CompareViewModel {
    /** Network-level measures at evaluation points (PAPER.md). */
    public enum Measure {
        EGF2("EGF_2", p -> p.flow().egf2()), EGF1("EGF_1", p -> p.flow().egf1()),
        GF2("||g||_2", p -> p.flow().gf2()), GF1("||g||_1", p -> p.flow().gf1()),
        EGF2_PER_ACTIVE("EGF_2 per active weight", p -> p.flow().egf2PerActive()),
        EGF1_PER_ACTIVE("EGF_1 per active weight", p -> p.flow().egf1PerActive());

        private final String label;
        private final ToDoubleFunction<EvalPoint> value;

        Measure(String label, ToDoubleFunction<EvalPoint> value) {
            this.label = label;
            this.value = value;
        }

        public String label() { return label; }

        public double of(EvalPoint p) {
            NetworkFlow f = p.flow();
            return f == null ? Double.NaN : value.applyAsDouble(p);
        }

        @Override public String toString() { return label; }
    }

    /** One run with its evaluation points. */
    public record Loaded(RunSummary run, List<EvalPoint> points) {
        public String label() { return run.id() + " " + run.name(); }
    }

    private final Supplier<RunStore> store;
    private final TaskExecutor tasks;
    private final ObservableList<Loaded> loaded = FXCollections.observableArrayList();
    private final ObjectProperty<Measure> measure = new SimpleObjectProperty<>(Measure.EGF2);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Select runs in the Runs view, then Compare.");

    public CompareViewModel(Supplier<RunStore> store, TaskExecutor tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    public void compare(List<RunSummary> runs) {
        status.set("Loading " + runs.size() + " runs...");
        tasks.background(() -> {
            try {
                List<Loaded> out = new ArrayList<>();
                for (RunSummary r : runs) out.add(new Loaded(r, store.get().evalPoints(r.id())));
                tasks.ui(() -> {
                    loaded.setAll(out);
                    status.set(out.size() + (out.size() == 1 ? " run" : " runs") + (out.size() == 2 ? " (difference available)" : ""));
                });
            } catch (RuntimeException e) {
                tasks.ui(() -> status.set("Cannot load runs: " + e.getMessage()));
            }
        });
    }

    public ObservableList<Loaded> loaded() { return loaded; }
    public ObjectProperty<Measure> measureProperty() { return measure; }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
}
