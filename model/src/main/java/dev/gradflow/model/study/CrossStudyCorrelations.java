package dev.gradflow.model.study;

import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.study.StudyStore.StudyRun;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Correlation of the gradient-flow measures with generalization over the runs of several studies (docs/science.md,
 * finding 4; docs/studies.md "Correlations across studies"). Each finished run contributes its run means over its
 * evaluation points and its final test loss and accuracy, exactly as in {@link StudyReport}; runs are split into
 * sparse and dense by {@link Role} (the SC-SDC link where there is one, else the run's spec), because the paper
 * reports the two separately.
 */
public final class CrossStudyCorrelations {
    private CrossStudyCorrelations() {
    }

    /** Whether a run's network is sparse or dense. */
    public enum Role {
        SPARSE, DENSE;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /** One study's finished runs with their roles. */
    public record StudyRuns(String study, List<StudyRun> runs, Map<Long, Role> roles) {
        List<StudyRun> of(Role role) {
            return runs.stream().filter(r -> "finished".equals(r.status()) && roles.get(r.runId()) == role).toList();
        }
    }

    /** A study's runs with their roles: the SC-SDC role where the run has one, else {@link #roleOf} its stored spec. */
    public static StudyRuns load(StudyStore store, long studyId) {
        List<StudyRun> runs = store.runs(studyId);
        Map<Long, Role> roles = new HashMap<>();
        for (StudyRun r : runs) {
            Role role = "sparse".equals(r.role()) ? Role.SPARSE : "dense".equals(r.role()) ? Role.DENSE
                    : roleOf(SpecIO.parse(store.specJson(r.runId()), "run " + r.runId()).sparsity());
            roles.put(r.runId(), role);
        }
        return new StudyRuns(store.study(studyId).orElseThrow().name(), runs, roles);
    }

    /** Sparse when the spec masks any weight layer (a density or an explicit layer density below 1). */
    public static Role roleOf(SparsitySpec sparsity) {
        if (sparsity == null) return Role.DENSE;
        boolean sparse = sparsity.density() < 1.0
                || (sparsity.layerDensities() != null && sparsity.layerDensities().stream().anyMatch(d -> d < 1.0));
        return sparse ? Role.SPARSE : Role.DENSE;
    }

    /**
     * The correlations of the first two tables of {@link #tables}, for figures: pooled over all studies per role
     * ({@code pooled}; groups "sparse runs, all studies", "dense runs, all studies"), then per study and role
     * ({@code perStudy}; groups "STUDY sparse", "STUDY dense").
     */
    public static List<StudyReport.Correlation> correlations(List<StudyRuns> studies, boolean pooled, boolean perStudy) {
        List<StudyReport.Correlation> out = new ArrayList<>();
        if (pooled) {
            for (Role role : Role.values()) {
                List<StudyRun> g = new ArrayList<>();
                for (StudyRuns s : studies) g.addAll(s.of(role));
                if (!g.isEmpty()) out.addAll(StudyReport.correlations(role.label() + " runs, all studies", g));
            }
        }
        if (perStudy) {
            for (StudyRuns s : studies) {
                for (Role role : Role.values()) {
                    List<StudyRun> g = s.of(role);
                    if (!g.isEmpty()) out.addAll(StudyReport.correlations(s.study() + " " + role.label(), g));
                }
            }
        }
        return out;
    }

    /**
     * Tables: pooled over all studies (sparse runs, dense runs), then per study and role, then per configuration
     * group of every study.
     */
    public static List<Table> tables(List<StudyRuns> studies) {
        List<Table> out = new ArrayList<>();
        List<StudyRun> all = studies.stream().flatMap(s -> s.runs().stream()).filter(r -> "finished".equals(r.status())).toList();
        String names = String.join(", ", studies.stream().map(StudyRuns::study).toList());
        Table.Builder pooled = new Table.Builder("Correlation over the runs of " + names + ", pooled per role: "
                + StudyReport.correlationNote(all), StudyReport.CORRELATION_HEADER);
        StudyReport.correlationRows(pooled, correlations(studies, true, false));
        out.add(pooled.build());
        Table.Builder perStudy = new Table.Builder("Correlation per study and role: " + StudyReport.correlationNote(all),
                StudyReport.CORRELATION_HEADER);
        StudyReport.correlationRows(perStudy, correlations(studies, false, true));
        out.add(perStudy.build());
        Table.Builder groups = new Table.Builder("Correlation per configuration group (within one configuration and role, "
                + "over its seeds and dense widths): " + StudyReport.correlationNote(all), StudyReport.CORRELATION_HEADER);
        for (StudyRuns s : studies) {
            Map<String, List<StudyRun>> byGroup = new LinkedHashMap<>();
            for (Role role : Role.values()) {
                for (StudyRun r : s.of(role)) {
                    byGroup.computeIfAbsent(s.study() + " " + r.config() + " " + role.label(), k -> new ArrayList<>()).add(r);
                }
            }
            byGroup.forEach((k, g) -> StudyReport.correlationRows(groups, StudyReport.correlations(k, g)));
        }
        out.add(groups.build());
        return out;
    }
}
