package dev.gradflow.model.study;

import dev.gradflow.model.store.FlowMeans;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.StudyLink;
import dev.gradflow.model.store.StudyRunRow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The studies of a run store (docs/studies.md): which runs belong to which study, and their results. The tables
 * ({@code studies}, {@code study_runs}) are part of the run store's schema (version 3), owned by {@link RunStore};
 * this class reads and writes them through the store's API and adds what studies need (resume look-ups, the run
 * means of the gradient-flow measures).
 */
public final class StudyStore implements AutoCloseable {
    /** Statuses whose run is a result: not redone on resume. */
    public static final List<String> DONE = List.of("finished", "diverged");

    private final RunStore store;

    private StudyStore(RunStore store) {
        this.store = store;
    }

    /** Opens (creating or migrating it if needed, see {@link RunStore#open}) the store in {@code file}. */
    public static StudyStore open(Path file) {
        return new StudyStore(RunStore.open(file));
    }

    /**
     * Opens the studies for reading only (nothing in the file or its folder is changed: works on read-only
     * locations; see {@link RunStore#openReadOnly}). A store without study tables reads as having no studies.
     */
    public static StudyStore openReadOnly(Path file) {
        return new StudyStore(RunStore.openReadOnly(file));
    }

    public Path file() { return store.file(); }

    public record StudyInfo(long id, String name, String kind, String specJson, long createdMs, int runs) {
    }

    /** The study with this name and study file, created if new. */
    public long ensureStudy(String name, String kind, String specJson) {
        return store.ensureStudy(name, kind, specJson);
    }

    public void link(long studyId, long runId, PlannedRun r) {
        store.linkStudyRun(new StudyLink(studyId, runId, r.role(), r.pairKey(), r.config(), r.configJson(),
                r.denseWidth(), r.seed(), r.activeWeights() >= 0 ? r.activeWeights() : null));
    }

    /** The newest finished (or diverged) run with this spec hash. */
    public Optional<Long> doneRun(String specHash) {
        return store.newestResultOfSpec(specHash);
    }

    /** The newest run with this spec hash, whatever its status. */
    public Optional<Long> latestRun(String specHash) {
        return store.newestRunOfSpec(specHash);
    }

    public List<StudyInfo> studies() {
        return store.studies().stream().map(s -> new StudyInfo(s.id(), s.name(), s.kind(), s.specJson(), s.createdMs(),
                s.runs())).toList();
    }

    public Optional<StudyInfo> study(long id) {
        return studies().stream().filter(s -> s.id() == id).findFirst();
    }

    /** The newest study with this name and file content. */
    public Optional<StudyInfo> study(String name, String specJson) {
        return studies().stream().filter(s -> s.name().equals(name) && s.specJson().equals(specJson))
                .reduce((a, b) -> b);
    }

    /**
     * One run of a study with its results: final test accuracy and loss (runs table) and each gradient-flow
     * measure's run mean, the arithmetic mean over the run's evaluation points with initialization and the end
     * included ({@link FlowMeans}, docs/metrics.md); {@code evalPoints} is how many points that mean is over.
     */
    public record StudyRun(long runId, String name, String status, String role, String pairKey, String config,
                           String configJson, Integer denseWidth, long seed, Long activeWeights, Double testAccuracy,
                           Double testLoss, int evalPoints, Double gf1, Double gf2, Double egf1, Double egf2,
                           Double egf1Pa, Double egf2Pa) {
        public double measure(String m) {
            Double v = switch (m) {
                case "test_accuracy" -> testAccuracy;
                case "test_loss" -> testLoss;
                case "gf1" -> gf1;
                case "gf2" -> gf2;
                case "egf1" -> egf1;
                case "egf2" -> egf2;
                case "egf1_pa" -> egf1Pa;
                case "egf2_pa" -> egf2Pa;
                default -> throw new IllegalArgumentException(m);
            };
            return v == null ? Double.NaN : v;
        }
    }

    public List<StudyRun> runs(long studyId) {
        List<StudyRun> out = new ArrayList<>();
        for (StudyRunRow row : store.studyRuns(studyId)) {
            StudyLink l = row.link();
            FlowMeans m = store.flowMeans(l.runId());
            out.add(new StudyRun(l.runId(), row.name(), row.status(), l.role(), l.pairKey(), l.config(), l.configJson(),
                    l.denseWidth(), l.seed(), l.activeWeights(), row.finalTestAccuracy(), row.finalTestLoss(),
                    m.points(), m.gf1(), m.gf2(), m.egf1(), m.egf2(), m.egf1PerActive(), m.egf2PerActive()));
        }
        return out;
    }

    @Override
    public void close() {
        store.close();
    }
}
