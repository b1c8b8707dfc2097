package dev.gradflow.model.study;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.spec.Messages;
import dev.gradflow.model.store.FlowMeans;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.StudyLink;
import dev.gradflow.model.store.StudyRunRow;

import java.nio.file.Files;
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

    /** A run's per-epoch records (test loss and accuracy after each epoch), in epoch order. */
    public List<EpochRecord> epochs(long runId) {
        return store.epochs(runId);
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

    /** The stored spec (JSON) of a run. */
    public String specJson(long runId) {
        return store.specJson(runId);
    }

    /** The columns of {@code eval_points} a study figure can plot over training ({@link #evalSeries}). */
    public static final List<String> EVAL_COLUMNS = List.of("egf1", "egf2", "egf1_pa", "egf2_pa", "gf1", "gf2",
            "test_loss", "test_accuracy", "train_loss", "train_accuracy", "eval_loss");

    /** One evaluation point of a run: its index, step and the value of one column (NaN when not stored). */
    public record EvalValue(int index, long step, double value) {
    }

    /** A run's evaluation points (index order) with the value of {@code column}, one of {@link #EVAL_COLUMNS}. */
    public List<EvalValue> evalSeries(long runId, String column) {
        if (!EVAL_COLUMNS.contains(column)) throw new IllegalArgumentException("not an evaluation-point column: " + column);
        List<EvalValue> out = new ArrayList<>();
        for (EvalPoint p : store.evalPoints(runId)) out.add(new EvalValue(p.index(), p.step(), value(p, column)));
        return out;
    }

    private static double value(EvalPoint p, String column) {
        NetworkFlow f = p.flow();
        return switch (column) {
            case "egf1" -> f.egf1();
            case "egf2" -> f.egf2();
            case "egf1_pa" -> f.egf1PerActive();
            case "egf2_pa" -> f.egf2PerActive();
            case "gf1" -> f.gf1();
            case "gf2" -> f.gf2();
            case "test_loss" -> p.testLoss();
            case "test_accuracy" -> p.testAccuracy();
            case "train_loss" -> p.trainLoss();
            case "train_accuracy" -> p.trainAccuracy();
            case "eval_loss" -> p.evalLoss();
            default -> throw new IllegalArgumentException(column);
        };
    }

    /**
     * The study a command-line argument names: a study id (as {@code gradflow study list} shows), a study name (the
     * newest study of that name) or a study file that has been run into this store. A wrong argument is a {@link
     * StudyException} naming what was expected.
     */
    public long resolve(String study) {
        Path asFile = Path.of(study);
        if (study.matches("\\d+") && !Files.exists(asFile)) {
            long id = Long.parseLong(study);
            if (study(id).isEmpty()) throw new StudyException("no study " + id + " in " + file() + " (see `gradflow study list`)");
            return id;
        }
        if (!Files.exists(asFile)) {
            return studies().stream().filter(i -> i.name().equals(study)).mapToLong(StudyInfo::id).max()
                    .orElseThrow(() -> new StudyException("no study or study file '" + Messages.printable(study)
                            + "' (in " + file() + ": see `gradflow study list`)"));
        }
        StudyFile f = StudyFile.read(asFile);
        Optional<StudyInfo> exact = study(f.name(), f.json());
        if (exact.isPresent()) return exact.get().id();
        if (studies().stream().anyMatch(i -> i.name().equals(f.name()))) {
            // the same name, other content: an edited file (even only its description) is another study
            throw new StudyException("study file " + study + " differs from the study '" + Messages.printable(f.name())
                    + "' in " + file() + " (the file was edited after its sweep); name the stored study instead of the file: '"
                    + Messages.printable(f.name()) + "'");
        }
        throw new StudyException("study file " + study + " has not been run into " + file() + " (gradflow sweep " + study + " --store ...)");
    }

    @Override
    public void close() {
        store.close();
    }
}
