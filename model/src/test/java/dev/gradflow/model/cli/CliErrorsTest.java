package dev.gradflow.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** User mistakes and environment problems: one line, no stack trace, the documented exit status. */
class CliErrorsTest {
    @TempDir
    Path tmp;

    private Path store() {
        Path db = tmp.resolve("runs.db");
        StoreFixture.addRun(db, "one");
        return db;
    }

    private static void assertOneCleanLine(CliRun r, int code, String... contains) {
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.clean()).as(r.toString()).isTrue();
        assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).startsWith("error: ").contains(contains);
    }

    @Test
    void exportUnderAFileIsAnEnvironmentError() throws Exception {
        Path db = store();
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        CliRun r = CliRun.of("export", "1", "--store", db.toString(), "--format", "csv", "--out", file.resolve("m.csv").toString());
        assertOneCleanLine(r, GradflowCli.ENVIRONMENT_ERROR, "is a file, not a folder");
    }

    @Test
    void exportIntoProcIsAnEnvironmentError() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        Path db = store();
        for (String format : new String[]{"csv", "npz", "spec"}) {
            CliRun r = CliRun.of("export", "1", "--store", db.toString(), "--format", format, "--out", "/proc/gradflow-x." + format);
            assertOneCleanLine(r, GradflowCli.ENVIRONMENT_ERROR, "/proc/gradflow-x." + format, "cannot write");
        }
    }

    @Test
    void exportToAFullDeviceSaysSo() {
        assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
        Path db = store();
        CliRun r = CliRun.of("export", "1", "--store", db.toString(), "--format", "csv", "--out", "/dev/full");
        assertOneCleanLine(r, GradflowCli.ENVIRONMENT_ERROR, "no space left on device");
    }

    @Test
    void exportToAFolderIsAUserError() {
        Path db = store();
        CliRun r = CliRun.of("export", "1", "--store", db.toString(), "--format", "csv", "--out", tmp.toString());
        assertOneCleanLine(r, GradflowCli.USER_ERROR, "is a folder");
    }

    @Test
    void aFailedWriteLeavesNeitherAHalfFileNorATemporaryFile() throws Exception {
        Path db = store();
        Path out = tmp.resolve("out").resolve("m.csv");
        CliRun ok = CliRun.of("export", "1", "--store", db.toString(), "--format", "csv", "--out", out.toString());
        assertThat(ok.code()).as(ok.toString()).isZero();
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("m.csv");
        }
    }

    @Test
    void benchHelpHasNoFormattingWarning() {
        CliRun r = CliRun.of("bench", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out() + r.err()).doesNotContain("WARN", "Could not format").contains("per-step gradient-flow logging");
    }

    @Test
    void helpListsTheExitStatuses() {
        CliRun r = CliRun.of("--help");
        assertThat(r.out()).contains("Exit status:", "0", "done", "2", "user mistake", "4", "environment", "130", "cancelled");
    }

    @Test
    void unknownRunAndMissingStoreAreUserErrors() {
        Path db = store();
        assertOneCleanLine(CliRun.of("show", "nope", "--store", db.toString()), GradflowCli.USER_ERROR, "no run 'nope'");
        assertOneCleanLine(CliRun.of("runs", "--store", tmp.resolve("missing.db").toString()), GradflowCli.USER_ERROR,
                "no run store");
    }

    @Test
    void runNamesAreShownWithControlCharactersEscaped() {
        Path db = tmp.resolve("evil.db");
        StoreFixture.addRun(db, "evil\nname\u001b[31mred\u0000end");
        CliRun r = CliRun.of("runs", "--store", db.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).doesNotContain("\u001b", "\u0000").contains("evil\\nname\\u001B[31mred\\0end");
        assertThat(r.out().lines().count()).isEqualTo(2);   // header and one row
        CliRun show = CliRun.of("show", "1", "--store", db.toString());
        assertThat(show.out()).doesNotContain("\u001b", "\u0000").contains("evil\\nname");
        CliRun json = CliRun.of("runs", "--store", db.toString(), "--json");
        // JSON keeps the real name, escaped the JSON way
        assertThat(json.out()).contains("evil\\nname\\u001B[31mred\\u0000end");
    }

    @Test
    void unknownOptionValuesAreRejectedNotIgnored() throws Exception {
        Path spec = Files.writeString(tmp.resolve("s.json"), "{\"dataset\": {\"id\": \"xor\"}, \"architecture\": "
                + "{\"layers\": [{\"width\": 8}]}}");
        assertOneCleanLine(CliRun.of("sweep", spec.toString(), "--report", "bogus"), GradflowCli.USER_ERROR, "--report bogus");
        assertOneCleanLine(CliRun.of("scsdc", spec.toString(), "--dense-widths", "4", "--format", "html", "--dry-run"),
                GradflowCli.USER_ERROR, "--format html");
        assertOneCleanLine(CliRun.of("scsdc", spec.toString(), "--dense-widths", "0", "--dry-run"),
                GradflowCli.USER_ERROR, "--dense-widths 0");
        assertOneCleanLine(CliRun.of("sweep", spec.toString(), "--workers", "0"), GradflowCli.USER_ERROR, "--workers 0");
        assertOneCleanLine(CliRun.of("export", "1", "--store", store().toString(), "--format", "xlsx", "--out", "x"),
                GradflowCli.USER_ERROR, "xlsx");
    }
}
