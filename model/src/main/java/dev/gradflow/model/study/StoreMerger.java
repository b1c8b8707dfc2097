package dev.gradflow.model.study;

import dev.gradflow.model.store.StoreException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges run stores into one (e.g. the shards of a sweep): every run with all its rows, and the study tables with
 * run ids remapped. A run is identified by its spec hash (which includes the seed):
 * <ul>
 *   <li>not in the target yet: copied;</li>
 *   <li>already there with the same status and final test accuracy/loss: a duplicate, skipped;</li>
 *   <li>there but not finished while the incoming one finished: the finished one is copied (both kept);</li>
 *   <li>otherwise (e.g. both finished with different results - non-determinism across machines): a conflict,
 *       reported; the target's run is kept.</li>
 * </ul>
 * Runs still {@code running} in a source are not copied (reported).
 */
public final class StoreMerger {
    private StoreMerger() {
    }

    public record Report(int copied, int duplicates, int conflicts, int skippedRunning, int studyLinks, List<String> messages) {
    }

    private static final List<String> RUN_TABLES = List.of("run_provenance", "layers", "steps", "step_layers",
            "eval_points", "eval_layers", "epochs", "mask_events", "snapshots");

    /**
     * Merges {@code sources} into {@code into}, all or nothing: every source is checked (read-only; sources are never
     * modified) before anything is written, the sources are merged into a temporary store beside the target, and only
     * when every source merged is that result linked into place (a new target) or copied into the existing target in
     * one transaction. A bad source therefore leaves no half-merged target, and no empty new one.
     */
    public static Report merge(List<Path> sources, Path into) {
        Path target = into.toAbsolutePath().normalize();
        for (Path src : sources) {
            Path s = src.toAbsolutePath().normalize();
            if (!Files.isRegularFile(s)) throw new StudyException("no store at " + s);
            if (s.equals(target)) throw new StudyException(s + " is the merge target itself");
            dev.gradflow.model.store.RunStore.openReadOnly(s).close(); // a GradFlow store of a schema this version reads
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + ".merge-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
        try {
            Report merged = mergeInto(sources, tmp, p -> p.getFileName().toString());
            if (!Files.exists(target)) {
                try {
                    Files.createLink(target, tmp);
                    return merged;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // created meanwhile: merge into it below
                } catch (UnsupportedOperationException | java.io.IOException e) {
                    try {
                        Files.move(tmp, target);
                        return merged;
                    } catch (java.nio.file.FileAlreadyExistsException ignored) {
                        // created meanwhile
                    } catch (java.io.IOException m) {
                        throw new StoreException("Cannot create merge target " + target + ": " + m.getMessage(), m, true);
                    }
                }
            }
            String label = sources.size() == 1 ? sources.get(0).getFileName().toString() : "the merged sources";
            Report last = mergeInto(List.of(tmp), target, p -> label);
            List<String> messages = new ArrayList<>(merged.messages());
            messages.addAll(last.messages());
            return new Report(last.copied(), merged.duplicates() + last.duplicates(), merged.conflicts() + last.conflicts(),
                    merged.skippedRunning(), last.studyLinks(), messages);
        } finally {
            for (String suffix : new String[]{"", "-wal", "-shm", "-journal"}) {
                try {
                    Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + suffix));
                } catch (java.io.IOException ignored) {
                    // a leftover hidden temporary file is harmless
                }
            }
        }
    }

    /** Merges each source into {@code into} in its own transaction; sources are attached read-only. */
    private static Report mergeInto(List<Path> sources, Path into, java.util.function.Function<Path, String> label) {
        try (StudyStore ignored = StudyStore.open(into)) {
            // creates the run and study schema in the target
        }
        int copied = 0, duplicates = 0, conflicts = 0, running = 0, links = 0;
        List<String> messages = new ArrayList<>();
        Path target = into.toAbsolutePath().normalize();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 30000");
            }
            for (Path src : sources) {
                Path s = src.toAbsolutePath().normalize();
                boolean live = Files.exists(s.resolveSibling(s.getFileName() + "-wal"));
                try (PreparedStatement ps = c.prepareStatement("ATTACH DATABASE ? AS src")) {
                    ps.setString(1, s.toUri() + (live ? "?mode=ro" : "?mode=ro&immutable=1"));
                    ps.execute();
                }
                try {
                    c.setAutoCommit(false);
                    Map<Long, Long> idMap = new HashMap<>();
                    List<String> runCols = columns(c, "runs");
                    runCols.remove("id");
                    String colList = String.join(", ", runCols);
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                            "SELECT id, spec_hash, status, final_test_accuracy, final_test_loss, name FROM src.runs ORDER BY id")) {
                        List<Object[]> rows = new ArrayList<>();
                        while (rs.next()) rows.add(new Object[]{rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4), rs.getObject(5), rs.getString(6)});
                        for (Object[] row : rows) {
                            long oldId = (Long) row[0];
                            String hash = (String) row[1], status = (String) row[2], name = (String) row[5];
                            if ("running".equals(status)) {
                                running++;
                                messages.add(label.apply(s) + ": run " + oldId + " (" + name + ") is still running; not copied");
                                continue;
                            }
                            Object[] existing = find(c, hash);
                            if (existing != null) {
                                long existingId = (Long) existing[0];
                                String exStatus = (String) existing[1];
                                boolean same = exStatus.equals(status) && close(existing[2], row[3]) && close(existing[3], row[4]);
                                if (same) {
                                    duplicates++;
                                    idMap.put(oldId, existingId);
                                    continue;
                                }
                                if (!StudyStore.DONE.contains(exStatus) && StudyStore.DONE.contains(status)) {
                                    messages.add(name + ": target run " + existingId + " is " + exStatus + "; copying the " + status + " one");
                                } else {
                                    conflicts++;
                                    idMap.put(oldId, existingId);
                                    messages.add("conflict: " + name + " (spec " + hash.substring(0, 12) + "): target run " + existingId
                                            + " " + exStatus + " acc " + existing[2] + " vs " + label.apply(s) + " run " + oldId
                                            + " " + status + " acc " + row[3] + "; kept the target's");
                                    continue;
                                }
                            }
                            long newId;
                            try (PreparedStatement ins = c.prepareStatement("INSERT INTO main.runs (" + colList + ") SELECT "
                                    + colList + " FROM src.runs WHERE id = ?", Statement.RETURN_GENERATED_KEYS)) {
                                ins.setLong(1, oldId);
                                ins.executeUpdate();
                                try (ResultSet k = ins.getGeneratedKeys()) {
                                    k.next();
                                    newId = k.getLong(1);
                                }
                            }
                            for (String table : RUN_TABLES) copyRows(c, table, oldId, newId);
                            idMap.put(oldId, newId);
                            copied++;
                        }
                    }
                    links += mergeStudies(c, idMap);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                    try (Statement st = c.createStatement()) {
                        st.execute("DETACH DATABASE src");
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot merge into " + target + ": " + e.getMessage(), e);
        }
        return new Report(copied, duplicates, conflicts, running, links, messages);
    }

    private static boolean close(Object a, Object b) {
        if (a == null || b == null) return Objects.equals(a, b);
        double x = ((Number) a).doubleValue(), y = ((Number) b).doubleValue();
        return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
    }

    /** id, status, final_test_accuracy, final_test_loss of the best target run with this hash (finished first). */
    private static Object[] find(Connection c, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status, final_test_accuracy, final_test_loss FROM main.runs "
                + "WHERE spec_hash = ? ORDER BY CASE WHEN status IN ('finished', 'diverged') THEN 0 ELSE 1 END, id LIMIT 1")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Object[]{rs.getLong(1), rs.getString(2), rs.getObject(3), rs.getObject(4)} : null;
            }
        }
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA main.table_info(" + table + ")")) {
            while (rs.next()) cols.add(rs.getString("name"));
        }
        return cols;
    }

    private static void copyRows(Connection c, String table, long oldId, long newId) throws SQLException {
        List<String> cols = columns(c, table);
        boolean ownId = cols.contains("id");
        cols.remove("id");
        List<String> select = cols.stream().map(col -> col.equals("run_id") ? "?" : col).toList();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO main." + table + " (" + String.join(", ", cols) + ") SELECT "
                + String.join(", ", select) + " FROM src." + table + " WHERE run_id = ?" + (ownId ? " ORDER BY id" : ""))) {
            ps.setLong(1, newId);
            ps.setLong(2, oldId);
            ps.executeUpdate();
        }
    }

    private static int mergeStudies(Connection c, Map<Long, Long> idMap) throws SQLException {
        int links = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM src.sqlite_master WHERE type = 'table' AND name IN ('studies', 'study_runs')")) {
            if (!rs.next() || rs.getInt(1) < 2) return 0; // a store without studies
        }
        Map<Long, Long> studyMap = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, name, kind, spec_json, created_ms FROM src.studies ORDER BY id")) {
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) rows.add(new Object[]{rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)});
            for (Object[] r : rows) {
                Long found = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM main.studies WHERE name = ? AND spec_json = ? ORDER BY id LIMIT 1")) {
                    ps.setString(1, (String) r[1]);
                    ps.setString(2, (String) r[3]);
                    try (ResultSet f = ps.executeQuery()) {
                        if (f.next()) found = f.getLong(1);
                    }
                }
                if (found == null) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO main.studies (name, kind, spec_json, created_ms) VALUES (?, ?, ?, ?)",
                            Statement.RETURN_GENERATED_KEYS)) {
                        ps.setString(1, (String) r[1]);
                        ps.setString(2, (String) r[2]);
                        ps.setString(3, (String) r[3]);
                        ps.setLong(4, (Long) r[4]);
                        ps.executeUpdate();
                        try (ResultSet k = ps.getGeneratedKeys()) {
                            k.next();
                            found = k.getLong(1);
                        }
                    }
                }
                studyMap.put((Long) r[0], found);
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT study_id, run_id, role, pair_key, config, config_json, dense_width, seed, active_weights FROM src.study_runs");
             PreparedStatement ins = c.prepareStatement("INSERT OR IGNORE INTO main.study_runs (study_id, run_id, role, pair_key, "
                     + "config, config_json, dense_width, seed, active_weights) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            while (rs.next()) {
                Long study = studyMap.get(rs.getLong(1));
                Long run = idMap.get(rs.getLong(2));
                if (study == null || run == null) continue;
                ins.setLong(1, study);
                ins.setLong(2, run);
                for (int i = 3; i <= 9; i++) ins.setObject(i, rs.getObject(i));
                links += ins.executeUpdate();
            }
        }
        return links;
    }
}
