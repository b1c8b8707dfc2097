package dev.gradflow.app.runs;

import dev.gradflow.model.spec.ExperimentSpec;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.concurrent.atomic.AtomicBoolean;

/** One queued or running training job as the UI sees it. Properties change on the UI thread only. */
public final class RunJob {
    public enum State { QUEUED, RUNNING, FINISHED, CANCELLED, DIVERGED, FAILED;
        public boolean done() { return this != QUEUED && this != RUNNING; }
    }

    private final ExperimentSpec spec;
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final LiveMetrics live = new LiveMetrics();
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.QUEUED);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty eta = new SimpleStringProperty("");
    private final StringProperty throughput = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("queued");
    private final LongProperty runId = new SimpleLongProperty(-1);

    public RunJob(ExperimentSpec spec) {
        this.spec = spec;
    }

    public ExperimentSpec spec() { return spec; }
    public String name() { return spec.name(); }
    public void cancel() { cancelRequested.set(true); }
    public boolean cancelRequested() { return cancelRequested.get(); }
    /** Metrics collected on the training thread, drained by live charts at their own pace. */
    public LiveMetrics live() { return live; }

    public ObjectProperty<State> stateProperty() { return state; }
    public State state() { return state.get(); }
    public DoubleProperty progressProperty() { return progress; }
    public StringProperty etaProperty() { return eta; }
    public StringProperty throughputProperty() { return throughput; }
    public StringProperty messageProperty() { return message; }
    public LongProperty runIdProperty() { return runId; }
}
