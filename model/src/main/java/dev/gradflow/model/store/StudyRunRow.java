package dev.gradflow.model.store;

/**
 * A run linked to a study, with the run's name, status (as stored) and cached final test accuracy and loss (null
 * until known).
 */
public record StudyRunRow(StudyLink link, String name, String status, Double finalTestAccuracy, Double finalTestLoss) {
}
