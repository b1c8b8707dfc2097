package dev.gradflow.model.run;

import dev.gradflow.model.train.TrainingOutcome;

/** A run that went through the store: its id and how training ended. */
public record RunResult(long runId, TrainingOutcome outcome) {
}
