package dev.gradflow.model.cli;

import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.study.StudyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Read commands on a store in a read-only folder with a read-only file: they work, and they write nothing at all
 * (no -wal, -shm or journal file, the store's bytes unchanged). The second check is what makes the test meaningful
 * when it runs as root, for whom chmod does not prevent writes; only the check that a writing command is refused
 * cannot be made as root (chmod cannot stop root), and is skipped then.
 */
class ReadOnlyStoreTest {
    @TempDir
    Path tmp;
    private Path roDir;

    @AfterEach
    void restore() throws Exception {
        if (roDir != null) Files.setPosixFilePermissions(roDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String sha(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A closed store with one run and one (empty) study, then made read-only; true if writes are really refused. */
    private boolean readOnlyStore(Path db) throws Exception {
        StoreFixture.addRun(db, "one");
        try (StudyStore s = StudyStore.open(db)) {
            s.ensureStudy("st", "sweep", "{}");
        }
        roDir = db.getParent();
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(roDir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Files.createFile(roDir.resolve("probe"));
            Files.delete(roDir.resolve("probe"));
            return false; // root: permissions are not enforced
        } catch (java.nio.file.AccessDeniedException expected) {
            return true;
        }
    }

    @Test
    void everyReadCommandWorksAndWritesNothing() throws Exception {
        Path db = Files.createDirectory(tmp.resolve("ro")).resolve("runs.db");
        readOnlyStore(db);
        List<String> before = listing(roDir);
        assertThat(before).containsExactly("runs.db");
        String hash = sha(db);
        Path out = Files.createDirectory(tmp.resolve("out"));

        List<String[]> commands = List.of(
                new String[]{"runs", "--store", db.toString()},
                new String[]{"runs", "--store", db.toString(), "--json"},
                new String[]{"show", "1", "--store", db.toString()},
                new String[]{"show", "one", "--store", db.toString(), "--json"},
                new String[]{"export", "1", "--store", db.toString(), "--format", "csv", "--out", out.resolve("m.csv").toString()},
                new String[]{"export", "1", "--store", db.toString(), "--format", "npz", "--out", out.resolve("w.npz").toString()},
                new String[]{"export", "1", "--store", db.toString(), "--format", "spec", "--out", out.resolve("s.json").toString()},
                new String[]{"study", "list", "--store", db.toString()},
                new String[]{"study", "report", "1", "--store", db.toString()});
        for (String[] c : commands) {
            CliRun r = CliRun.of(c);
            assertThat(r.code()).as(String.join(" ", c) + "\n" + r).isZero();
            assertThat(listing(roDir)).as("files beside the store after " + String.join(" ", c)).isEqualTo(before);
        }
        assertThat(sha(db)).isEqualTo(hash);
        assertThat(CliRun.of("study", "list", "--store", db.toString()).out()).contains("st");
        // the study's name, as study list shows it, works like its id; an unknown name is one line
        assertThat(CliRun.of("study", "report", "st", "--store", db.toString()).out())
                .isEqualTo(CliRun.of("study", "report", "1", "--store", db.toString()).out());
        CliRun unknown = CliRun.of("study", "report", "nosuch", "--store", db.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("error: no study or study file 'nosuch'").doesNotContain("\n");
    }

    @Test
    void aStoreWithoutStudyTablesListsNoStudiesWithoutWriting() throws Exception {
        Path db = Files.createDirectory(tmp.resolve("plain")).resolve("runs.db");
        StoreFixture.addRun(db, "one");
        String hash = sha(db);
        CliRun r = CliRun.of("study", "list", "--store", db.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(listing(db.getParent())).containsExactly("runs.db");
        assertThat(sha(db)).isEqualTo(hash);
    }

    @Test
    void aLiveStoreIsReadWithWhatTheWriterCommitted() throws Exception {
        Path db = tmp.resolve("live.db");
        StoreFixture.addRun(db, "first");
        try (RunStore w = RunStore.open(db)) {
            long id = w.createRun(new dev.gradflow.model.store.NewRun("second", "{}", "h2", "blobs", "sgd", "relu", 1, 1,
                    java.util.Map.of(), StoreFixture.LAYERS));
            try (MetricsWriter mw = w.writer(id)) {
                mw.flush();
                assertThat(db.resolveSibling("live.db-wal")).exists();
                CliRun r = CliRun.of("runs", "--store", db.toString(), "--json");
                assertThat(r.code()).as(r.toString()).isZero();
                var list = MachineReadableOutputTest.STRICT.readTree(r.out());
                assertThat(list).hasSize(2);
                assertThat(list.get(1).get("status").asText()).isEqualTo("running");
            }
        }
    }

    @Test
    void emptyAndForeignFilesAreNotStoresAndAreNotTurnedIntoOnes() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.db"));
        CliRun r = CliRun.of("runs", "--store", empty.toString());
        assertThat(r.code()).isEqualTo(GradflowCli.USER_ERROR);
        assertThat(r.err()).contains("empty file, not a GradFlow run store");
        assertThat(Files.size(empty)).isZero();
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        r = CliRun.of("show", "1", "--store", text.toString());
        assertThat(r.code()).isEqualTo(GradflowCli.USER_ERROR);
        assertThat(r.err()).contains("not a GradFlow run store");
    }

    @Test
    void writingCommandsSayTheLocationIsReadOnly() throws Exception {
        Path db = Files.createDirectory(tmp.resolve("ro2")).resolve("runs.db");
        boolean enforced = readOnlyStore(db);
        assumeFalse(!enforced, "running as root: chmod does not stop root from writing, so a refused write cannot be "
                + "provoked here (the read-only checks above still ran)");
        Path spec = Files.writeString(tmp.resolve("s.json"), "{\"dataset\": {\"id\": \"xor\", \"examples\": 40}, "
                + "\"architecture\": {\"layers\": [{\"width\": 4}]}, \"evaluation\": {\"points\": 1, \"examples\": 8}}");
        CliRun r = CliRun.of("train", spec.toString(), "--store", db.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(GradflowCli.ENVIRONMENT_ERROR);
        assertThat(r.err()).contains("read-only");
        r = CliRun.of("train", spec.toString(), "--store", roDir.resolve("new.db").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(GradflowCli.ENVIRONMENT_ERROR);
        assertThat(r.err()).contains("read-only");
    }
}
