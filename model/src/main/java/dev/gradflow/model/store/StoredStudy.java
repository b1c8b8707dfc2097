package dev.gradflow.model.store;

/**
 * One row of the {@code studies} table (docs/studies.md) and the number of runs linked to it.
 *
 * @param kind     {@code sweep} or {@code scsdc}
 * @param specJson the study file
 */
public record StoredStudy(long id, String name, String kind, String specJson, long createdMs, int runs) {
}
