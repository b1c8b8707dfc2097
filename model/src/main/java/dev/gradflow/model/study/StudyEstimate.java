package dev.gradflow.model.study;

/**
 * Rough time estimates for study plans: {@link StudyPlan#workUnits} (epochs x examples x weights) times a rate.
 * The default rate was measured on a 2-core laptop-class machine with DL4J on CPU, including evaluation points;
 * views refine it with the runs that have finished.
 */
public final class StudyEstimate {
    /** Seconds per work unit (epoch x example x weight). */
    public static final double SECONDS_PER_UNIT = 2.5e-9;

    private StudyEstimate() {
    }

    public static double seconds(StudyPlan plan) {
        return plan.runs().stream().mapToDouble(r -> StudyPlan.workUnits(r.spec())).sum() * SECONDS_PER_UNIT;
    }
}
