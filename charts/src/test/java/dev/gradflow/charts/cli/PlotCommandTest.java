package dev.gradflow.charts.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.cli.GradflowCli;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code gradflow plot}: bad options and destinations are one clear line; its CSV and sidecar parse. */
class PlotCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        boolean clean() {
            String all = out + err;
            return !all.contains("Exception") && !all.contains("\tat ") && !all.contains("java.");
        }
    }

    static synchronized Run plot(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            String[] all = new String[args.length + 1];
            all[0] = "plot";
            System.arraycopy(args, 0, all, 1, args.length);
            int code = GradflowMain.commandLine().execute(all);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A finished run with the given weight layers and 6 logged steps. */
    static long addRun(Path db, String name, List<String> layers) {
        List<LayerInfo> infos = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) infos.add(new LayerInfo(i, layers.get(i), "dense", new long[]{3, 2}, 6, 3));
        try (RunStore s = RunStore.open(db)) {
            long id = s.createRun(new NewRun(name, "{}", "h" + name, "blobs", "sgd", "relu", 0.5, 1, Map.of(), infos));
            try (MetricsWriter w = s.writer(id)) {
                for (int step = 0; step < 6; step++) {
                    List<LayerStats> ls = new ArrayList<>();
                    for (LayerInfo l : infos) ls.add(new LayerStats(l.index(), l.name(), 1 + step, 2 + step, 0.5 + step, 1.5 + step, 6, 3, 1, 0.1));
                    w.step(new StepRecord(step, 0, 2.0 / (step + 1), 0.1, NetworkFlow.of(ls), ls));
                }
                List<LayerStats> ls = new ArrayList<>();
                for (LayerInfo l : infos) ls.add(new LayerStats(l.index(), l.name(), 1, 2, 0.5, 1.5, 6, 3, 1, Double.NaN));
                w.eval(new EvalPoint(0, 0, 2, 2, 0.3, 2, 0.3, NetworkFlow.of(ls), ls));
            }
            s.finish(id, RunStatus.FINISHED, "ok");
            return id;
        }
    }

    private Path store() {
        Path db = tmp.resolve("runs.db");
        addRun(db, "a", List.of("dense1", "output"));
        addRun(db, "b", List.of("dense1", "dense2", "output"));
        return db;
    }

    private static void assertOneLine(Run r, int code, String... contains) {
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.clean()).as(r.toString()).isTrue();
        assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains(contains);
    }

    @Test
    void smoothingOutOfRangeIsRejected() {
        Path db = store();
        assertOneLine(plot("1", "--store", db.toString(), "--figure", "curves", "--smoothing", "5", "--out",
                tmp.resolve("c.png").toString()), GradflowCli.USER_ERROR, "--smoothing 5.0");
        assertThat(tmp.resolve("c.png")).doesNotExist();
    }

    @Test
    void unknownSeriesAreRejectedNotIgnored() {
        Path db = store();
        assertOneLine(plot("1", "--store", db.toString(), "--figure", "curves", "--series", "loss,bogus", "--out",
                tmp.resolve("c.png").toString()), GradflowCli.USER_ERROR, "--series bogus is not known", "egf2");
    }

    @Test
    void diffOfRunsWithDifferentLayersIsRejected() {
        Path db = store();
        assertOneLine(plot("1", "2", "--store", db.toString(), "--figure", "diff", "--out", tmp.resolve("d.png").toString()),
                GradflowCli.USER_ERROR, "same layers", "[dense1, output]", "[dense1, dense2, output]");
    }

    @Test
    void unwritableDestinationsAreOneLine() throws Exception {
        Path db = store();
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertOneLine(plot("1", "--store", db.toString(), "--out", file.resolve("h.png").toString()),
                GradflowCli.ENVIRONMENT_ERROR, "is a file, not a folder");
        assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        assertOneLine(plot("1", "--store", db.toString(), "--out", "/proc/gradflow-h.png"),
                GradflowCli.ENVIRONMENT_ERROR, "/proc/gradflow-h.png", "cannot write");
    }

    @Test
    void curvesCsvAndProvenanceSidecarParse() throws Exception {
        Path db = store();
        Path out = tmp.resolve("figs").resolve("c.csv");
        Run r = plot("1", "2", "--store", db.toString(), "--figure", "curves", "--series", "loss,egf2", "--smoothing", "0",
                "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("run,series,step,raw,smoothed");
        assertThat(lines).hasSize(1 + 2 * 2 * 6);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSize(5);
            Long.parseLong(cells[2]);
            assertThat(Double.parseDouble(cells[3])).isEqualTo(Double.parseDouble(cells[4]));
        }
        var side = new ObjectMapper().readTree(Files.readString(out.resolveSibling("c.csv.provenance.json")));
        assertThat(side.get("format").asText()).isEqualTo("csv");
        assertThat(side.get("extra").get("runIds")).hasSize(2);
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("c.csv", "c.csv.provenance.json");
        }
    }

    @Test
    void heatmapCsvParses() throws Exception {
        Path db = store();
        Path out = tmp.resolve("h.csv");
        Run r = plot("2", "--store", db.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> lines = Files.readAllLines(out);
        int width = lines.get(0).split(",", -1).length;
        assertThat(lines.size()).isGreaterThan(1);
        for (String line : lines) assertThat(line.split(",", -1)).hasSize(width);
    }

    @Test
    void plotReadsAStoreWithoutWritingBesideIt() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("ro"));
        Path db = dir.resolve("runs.db");
        addRun(db, "a", List.of("dense1", "output"));
        byte[] before = Files.readAllBytes(db);
        Files.setPosixFilePermissions(db, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Run r = plot("1", "--store", db.toString(), "--out", tmp.resolve("h.svg").toString());
            assertThat(r.code()).as(r.toString()).isZero();
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("runs.db");
            }
            assertThat(Files.readAllBytes(db)).isEqualTo(before);
        } finally {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
