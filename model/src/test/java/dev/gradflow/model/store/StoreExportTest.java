package dev.gradflow.model.store;

import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StoreExportTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    /** A parsed .npy file. */
    record Npy(String descr, boolean fortran, long[] shape, float[] data, int headerTotal) {}

    static Npy parseNpy(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertThat(magic).containsExactly((byte) 0x93, 'N', 'U', 'M', 'P', 'Y');
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.get()).isEqualTo((byte) 0);
        int len = Short.toUnsignedInt(b.getShort());
        byte[] headerBytes = new byte[len];
        b.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.US_ASCII);
        assertThat(header).endsWith("\n");
        Matcher m = Pattern.compile("\\{'descr': '([^']+)', 'fortran_order': (True|False), 'shape': \\(([^)]*)\\), }\\s*")
                .matcher(header);
        assertThat(m.matches()).as("header %s", header).isTrue();
        String dims = m.group(3).trim();
        long[] shape = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        float[] data = new float[b.remaining() / 4];
        b.asFloatBuffer().get(data);
        return new Npy(m.group(1), m.group(2).equals("True"), shape, data, 10 + len);
    }

    static Map<String, Npy> readNpz(Path file) throws IOException {
        Map<String, Npy> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                assertThat(e.getName()).endsWith(".npy");
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(e.getName().substring(0, e.getName().length() - 4), parseNpy(in.readAllBytes()));
                }
            }
        }
        return out;
    }

    private long runWithData(RunStore store) {
        long id = store.createRun(Fixtures.newRun("export"));
        try (MetricsWriter w = store.writer(id)) {
            w.snapshot(Fixtures.snapshot("init", 0));
            w.snapshot(Fixtures.snapshot("eval01", 40));
            w.snapshot(Fixtures.snapshot("final", 80));
            for (long s = 0; s < 80; s++) w.step(Fixtures.step(s));
            List<LayerStats> ls = List.of(new LayerStats(0, "dense1", 1, 2, 3, 4, 12, 6, 5, Double.NaN));
            w.step(new StepRecord(80, 0, Double.NaN, 0.5, NetworkFlow.of(ls), ls)); // layer 1 missing
        }
        return id;
    }

    @Test
    void npyHeadersAreAlignedAndDescribeTheShape() {
        for (long[] shape : List.of(new long[0], new long[]{3}, new long[]{4, 3}, new long[]{2, 3, 5, 5})) {
            byte[] header = NpzWriter.npyHeader(shape);
            assertThat(header.length % 64).isZero();
            Npy parsed = parseNpy(header);
            assertThat(parsed.shape()).containsExactly(shape);
            assertThat(parsed.descr()).isEqualTo("<f4");
            assertThat(parsed.fortran()).isFalse();
        }
        assertThat(new String(NpzWriter.npyHeader(new long[]{3}), StandardCharsets.US_ASCII)).contains("'shape': (3,)");
        assertThat(new String(NpzWriter.npyHeader(new long[0]), StandardCharsets.US_ASCII)).contains("'shape': ()");
        assertThatThrownBy(() -> new NpzWriter.NpyArray(new long[]{2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4");
    }

    @Test
    void npzExportContainsEverySnapshotArray() throws Exception {
        Path out = dir.resolve("exports/deep/run.npz");
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            long id = runWithData(store);
            Files.createDirectories(out.getParent());
            Files.writeString(out, "stale content to be overwritten");
            RunExport.npz(store, id, out);
        }
        Map<String, Npy> arrays = readNpz(out);
        List<String> expected = new ArrayList<>();
        for (String label : List.of("init", "eval01", "final")) {
            for (String layer : List.of("dense1", "output")) {
                for (String kind : List.of("weight", "bias", "mask")) expected.add(label + "/" + layer + "/" + kind);
            }
        }
        expected.add("steps");
        assertThat(arrays.keySet()).containsExactlyElementsOf(expected);
        Snapshot eval01 = Fixtures.snapshot("eval01", 40);
        Npy w = arrays.get("eval01/dense1/weight");
        assertThat(w.descr()).isEqualTo("<f4");
        assertThat(w.shape()).containsExactly(4, 3);
        assertThat(w.data()).containsExactly(eval01.layers().get(0).weights());
        assertThat(arrays.get("eval01/dense1/mask").data()).containsExactly(eval01.layers().get(0).mask());
        assertThat(arrays.get("final/output/bias").shape()).containsExactly(2);
        assertThat(arrays.get("final/output/bias").data()).containsExactly(-0.125f, -1.125f);
        assertThat(arrays.get("steps").data()).containsExactly(0f, 40f, 80f);
        for (Npy a : arrays.values()) assertThat(a.headerTotal() % 64).isZero();
    }

    @Test
    void npzExportLoadsInNumpy() throws Exception {
        assumeTrue(pythonWorks("import numpy"), "numpy is not available to " + PYTHON);
        Path out = dir.resolve("run.npz");
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            RunExport.npz(store, runWithData(store), out);
        }
        String script = "import numpy as np, sys\n"
                + "z = np.load(sys.argv[1])\n"
                + "w = z['eval01/dense1/weight']\n"
                + "assert w.dtype == np.float32 and w.shape == (4, 3), (w.dtype, w.shape)\n"
                + "assert w[1, 0] == 40 + 3 * 0.5 - 0, w\n"
                + "assert list(z['steps']) == [0, 40, 80]\n"
                + "assert z['final/output/mask'].shape == (3, 2)\n"
                + "print(len(z.files))\n";
        assertThat(runPython(script, out.toString())).isEqualTo("19");
    }

    @Test
    void tablesAreReadableFromPythonSqlite3() throws Exception {
        assumeTrue(pythonWorks("import sqlite3, zlib, struct"), PYTHON + " with sqlite3 is not available");
        Path db = dir.resolve("runs.db");
        try (RunStore store = RunStore.open(db)) {
            runWithData(store);
        }
        // the example of docs/store.md, without pandas
        String script = "import sqlite3, zlib, struct, json, sys\n"
                + "con = sqlite3.connect(sys.argv[1])\n"
                + "assert con.execute('PRAGMA user_version').fetchone()[0] == 3\n"
                + "n, last = con.execute('SELECT count(*), max(step) FROM steps WHERE run_id = 1').fetchone()\n"
                + "loss = con.execute('SELECT loss FROM steps WHERE run_id = 1 AND step = 80').fetchone()[0]\n"
                + "shape, blob = con.execute(\"SELECT shape, weights FROM snapshots WHERE run_id = 1 AND label = 'final' AND layer = 0\").fetchone()\n"
                + "shape = json.loads(shape)\n"
                + "raw = zlib.decompress(blob)\n"
                + "w = struct.unpack('<%df' % (len(raw) // 4), raw)\n"
                + "assert len(w) == shape[0] * shape[1]\n"
                + "print(n, last, loss, shape, w[3])\n";
        assertThat(runPython(script, db.toString())).isEqualTo("81 80 None [4, 3] 81.5");
    }

    @Test
    void csvExportHasOneRowPerStepWithPerLayerColumns() throws Exception {
        Path out = dir.resolve("csv/run.csv");
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            RunExport.csv(store, runWithData(store), out);
            assertThatThrownBy(() -> RunExport.csv(store, 999, dir.resolve("x.csv"))).hasMessageContaining("999");
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(82);
        assertThat(lines.get(0)).isEqualTo("step,epoch,loss,lr,gf1,gf2,egf1,egf2,egf1_pa,egf2_pa,"
                + "dense1.l1_all,dense1.l2_all,dense1.l1_active,dense1.l2_active,dense1.weight_l2,dense1.update_ratio,"
                + "output.l1_all,output.l2_all,output.l1_active,output.l2_active,output.weight_l2,output.update_ratio");
        StepRecord s5 = Fixtures.step(5);
        String[] row = lines.get(6).split(",");
        assertThat(row).hasSize(22);
        assertThat(row[0]).isEqualTo("5");
        assertThat(Double.parseDouble(row[2])).isEqualTo(s5.loss());
        assertThat(Double.parseDouble(row[7])).isEqualTo(s5.flow().egf2());
        assertThat(Double.parseDouble(row[16])).isEqualTo(s5.layers().get(1).l1All());
        assertThat(Double.parseDouble(row[21])).isEqualTo(s5.layers().get(1).updateRatio());
        String[] last = lines.get(81).split(",");
        assertThat(last[2]).isEqualTo("NaN");
        assertThat(last[15]).isEqualTo("NaN");
        assertThat(Arrays.copyOfRange(last, 16, 22)).containsOnly("NaN");
    }

    private static boolean pythonWorks(String code) {
        if (!Files.isExecutable(Path.of(PYTHON))) return false;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", code).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String runPython(String script, String arg) throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", script, arg).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python output: %s", output).isZero();
        return output.strip();
    }
}
