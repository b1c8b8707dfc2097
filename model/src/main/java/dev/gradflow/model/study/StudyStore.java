package dev.gradflow.model.study;

import dev.gradflow.model.store.FlowMeans;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.StoreException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The study tables of a run store, kept beside the run tables in the same SQLite file (additive: created with
 * {@code CREATE TABLE IF NOT EXISTS}; the run store's schema version is unchanged):
 * <pre>
 * studies(id, name, kind, spec_json, created_ms)                  -- kind: sweep | scsdc; spec_json: the study file
 * study_runs(study_id, run_id, role, pair_key, config, config_json, dense_width, seed, active_weights)
 * </pre>
 * Open the file with {@link RunStore#open} first (it creates and checks the run schema).
 */
public final class StudyStore implements AutoCloseable {
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS studies (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, "
                    + "kind TEXT NOT NULL, spec_json TEXT NOT NULL, created_ms INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS study_runs (study_id INTEGER NOT NULL, run_id INTEGER NOT NULL, "
                    + "role TEXT NOT NULL, pair_key TEXT, config TEXT, config_json TEXT, dense_width INTEGER, "
                    + "seed INTEGER, active_weights INTEGER, PRIMARY KEY (study_id, run_id))",
            "CREATE INDEX IF NOT EXISTS study_runs_by_run ON study_runs (run_id)");

    /** Statuses whose run is a result: not redone on resume. */
    public static final List<String> DONE = List.of("finished", "diverged");

    private final Path file;
    private final Connection conn;

    private StudyStore(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
    }

    public static StudyStore open(Path file) {
        try (RunStore ignored = RunStore.open(file)) {
            // creates / checks the run schema
        }
        Path abs = file.toAbsolutePath().normalize();
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + abs);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 30000");
                st.execute("PRAGMA journal_mode=WAL");
                for (String sql : SCHEMA) st.execute(sql);
            }
            return new StudyStore(abs, c);
        } catch (SQLException e) {
            throw new StoreException("Cannot open the study tables of " + abs + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the study tables for reading only (nothing in the file or its folder is changed: works on read-only
     * locations; see {@link RunStore#openReadOnly}). A store without study tables reads as having no studies.
     */
    public static StudyStore openReadOnly(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        RunStore.openReadOnly(abs).close(); // checks that it is a GradFlow store
        boolean live = java.nio.file.Files.exists(abs.resolveSibling(abs.getFileName() + "-wal"));
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(30_000);
            Connection c = config.createConnection(live ? "jdbc:sqlite:" + abs : "jdbc:sqlite:" + abs.toUri() + "?immutable=1");
            boolean tables;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('studies', 'study_runs')")) {
                tables = rs.next() && rs.getInt(1) == 2;
            }
            if (!tables) {
                // an empty in-memory copy of the study tables: no studies
                c.close();
                c = DriverManager.getConnection("jdbc:sqlite::memory:");
                try (Statement st = c.createStatement()) {
                    st.execute("ATTACH DATABASE '" + abs.toUri().toString().replace("'", "''") + "?mode=ro&immutable=1' AS store");
                    for (String sql : SCHEMA) st.execute(sql);
                    for (String t : new String[]{"runs", "layers", "eval_points", "eval_layers", "epochs", "steps", "step_layers",
                            "run_provenance", "snapshots", "mask_events"}) {
                        st.execute("CREATE TEMP VIEW IF NOT EXISTS " + t + " AS SELECT * FROM store." + t);
                    }
                }
            }
            return new StudyStore(abs, c);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the study tables of " + abs + ": " + e.getMessage(), e, true);
        }
    }

    public Path file() { return file; }

    public record StudyInfo(long id, String name, String kind, String specJson, long createdMs, int runs) {
    }

    /** The study with this name and study file, created if new. */
    public synchronized long ensureStudy(String name, String kind, String specJson) {
        try {
            try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM studies WHERE name = ? AND spec_json = ? ORDER BY id LIMIT 1")) {
                ps.setString(1, name);
                ps.setString(2, specJson);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getLong(1);
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO studies (name, kind, spec_json, created_ms) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, kind);
                ps.setString(3, specJson);
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw fail("create study " + name, e);
        }
    }

    public synchronized void link(long studyId, long runId, PlannedRun r) {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO study_runs (study_id, run_id, role, "
                + "pair_key, config, config_json, dense_width, seed, active_weights) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, studyId);
            ps.setLong(2, runId);
            ps.setString(3, r.role());
            ps.setString(4, r.pairKey());
            ps.setString(5, r.config());
            ps.setString(6, r.configJson());
            ps.setObject(7, r.denseWidth());
            ps.setLong(8, r.seed());
            ps.setObject(9, r.activeWeights() >= 0 ? r.activeWeights() : null);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("link run " + runId + " to study " + studyId, e);
        }
    }

    /** The newest finished (or diverged) run with this spec hash. */
    public synchronized Optional<Long> doneRun(String specHash) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM runs WHERE spec_hash = ? AND status IN ('finished', 'diverged') ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, specHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("look up runs", e);
        }
    }

    /** The newest run with this spec hash, whatever its status. */
    public synchronized Optional<Long> latestRun(String specHash) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM runs WHERE spec_hash = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, specHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("look up runs", e);
        }
    }

    public synchronized List<StudyInfo> studies() {
        List<StudyInfo> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT s.id, s.name, s.kind, s.spec_json, s.created_ms, (SELECT count(*) FROM study_runs r WHERE r.study_id = s.id) "
                        + "FROM studies s ORDER BY s.id")) {
            while (rs.next()) out.add(new StudyInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getInt(6)));
        } catch (SQLException e) {
            throw fail("list studies", e);
        }
        return out;
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

    public synchronized List<StudyRun> runs(long studyId) {
        List<StudyRun> out = new ArrayList<>();
        String sql = "SELECT r.id, r.name, r.status, l.role, l.pair_key, l.config, l.config_json, l.dense_width, l.seed, "
                + "l.active_weights, r.final_test_accuracy, r.final_test_loss "
                + "FROM study_runs l JOIN runs r ON r.id = l.run_id "
                + "WHERE l.study_id = ? ORDER BY r.id";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long runId = rs.getLong(1);
                    FlowMeans m = FlowMeans.read(conn, runId);
                    out.add(new StudyRun(runId, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), (Integer) intOrNull(rs, 8), rs.getLong(9),
                            rs.getObject(10) == null ? null : rs.getLong(10), dbl(rs, 11), dbl(rs, 12), m.points(),
                            m.gf1(), m.gf2(), m.egf1(), m.egf2(), m.egf1PerActive(), m.egf2PerActive()));
                }
            }
        } catch (SQLException e) {
            throw fail("read study " + studyId, e);
        }
        return out;
    }

    /** The columns of {@code eval_points} a study figure can plot over training ({@link #evalSeries}). */
    public static final List<String> EVAL_COLUMNS = List.of("egf1", "egf2", "egf1_pa", "egf2_pa", "gf1", "gf2",
            "test_loss", "test_accuracy", "train_loss", "train_accuracy", "eval_loss");

    /** One evaluation point of a run: its index, step and the value of one column (NaN when not stored). */
    public record EvalValue(int index, long step, double value) {
    }

    /** A run's evaluation points (index order) with the value of {@code column}, one of {@link #EVAL_COLUMNS}. */
    public synchronized List<EvalValue> evalSeries(long runId, String column) {
        if (!EVAL_COLUMNS.contains(column)) throw new IllegalArgumentException("not an evaluation-point column: " + column);
        List<EvalValue> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT idx, step, " + column + " FROM eval_points WHERE run_id = ? ORDER BY idx")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Double v = dbl(rs, 3);
                    out.add(new EvalValue(rs.getInt(1), rs.getLong(2), v == null ? Double.NaN : v));
                }
            }
        } catch (SQLException e) {
            throw fail("read the evaluation points of run " + runId, e);
        }
        return out;
    }

    /**
     * The study a command-line argument names: a study id (as {@code gradflow study list} shows), a study name (the
     * newest study of that name) or a study file that has been run into this store. A wrong argument is a {@link
     * StudyException} naming what was expected.
     */
    public long resolve(String study) {
        java.nio.file.Path asFile = java.nio.file.Path.of(study);
        if (study.matches("\\d+") && !java.nio.file.Files.exists(asFile)) {
            long id = Long.parseLong(study);
            if (study(id).isEmpty()) throw new StudyException("no study " + id + " in " + file + " (see `gradflow study list`)");
            return id;
        }
        if (!java.nio.file.Files.exists(asFile)) {
            return studies().stream().filter(i -> i.name().equals(study)).mapToLong(StudyInfo::id).max()
                    .orElseThrow(() -> new StudyException("no study or study file '" + dev.gradflow.model.spec.Messages.printable(study)
                            + "' (in " + file + ": see `gradflow study list`)"));
        }
        StudyFile f = StudyFile.read(asFile);
        return study(f.name(), f.json()).orElseThrow(() -> new StudyException("study file " + study
                + " has not been run into " + file + " (gradflow sweep " + study + " --store ...)")).id();
    }

    private static Object intOrNull(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        return o == null ? null : ((Number) o).intValue();
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        return o == null ? null : ((Number) o).doubleValue();
    }

    private StoreException fail(String what, SQLException e) {
        return new StoreException("Cannot " + what + " in " + file + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }
}
