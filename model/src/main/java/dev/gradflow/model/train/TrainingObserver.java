package dev.gradflow.model.train;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;

/** Receives what a training run produces, on the training thread; implementations must return quickly. */
public interface TrainingObserver {
    default void started(SparseNetwork network, long totalSteps) { }

    default void step(StepRecord record) { }

    default void eval(EvalPoint point) { }

    default void epoch(EpochRecord record) { }

    default void snapshot(Snapshot snapshot) { }

    default void maskEvent(MaskEvent event) { }

    /** After every step: steps done, total steps, the step's loss, and training throughput in examples per second. */
    default void progress(long stepsDone, long totalSteps, double loss, double examplesPerSecond) { }
}
