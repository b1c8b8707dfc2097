package dev.gradflow.charts.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.study.PlannedRun;
import dev.gradflow.model.study.StudyStore;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code gradflow study figure}: every kind writes PDF, PNG and SVG with a provenance sidecar, and its {@code --csv}
 * holds the plotted numbers, checked here against an independent computation from the store's raw values (read with
 * plain SQL): means, sds and 95% t bands with 3 seeds use the closed form of Student's t with 2 degrees of freedom
 * (CDF {@code 1/2 + t / (2 sqrt(2 + t^2))}, quantile {@code (2q-1)/sqrt(2q(1-q))}), the paired t p-values and their
 * Holm adjustment are computed by hand, Kendall tau-b and Spearman rho by their definitions.
 */
class StudyFigureCommandTest {
    @TempDir
    static Path tmp;
    static Path db;

    static final String[] TYPES = {"sgd", "sgd", "adam", "adam"};
    static final double[] L2 = {0, 0.001, 0, 0.001};
    static final int[] WIDTHS = {8, 16};
    static final int SEEDS = 3;

    static double acc(int c, int w, boolean sparse, int s) {
        return 0.6 + 0.03 * c + 0.04 * w + (sparse ? 0.02 * Math.sin(c + s) + 0.01 * s : 0.015 * Math.cos(2 * c + s));
    }

    static double egf2(int c, int w, boolean sparse, int s, int k) {
        return 0.5 + 0.1 * k * (c + 1) + 0.05 * s * s * (sparse ? 1 : 0.5) + (sparse ? 0.2 : 0) + 0.01 * w + 0.03 * Math.sin(7 * c + k);
    }

    record Run(int code, String out, String err) {
    }

    static synchronized Run cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            List<String> all = new ArrayList<>(List.of("study", "figure"));
            all.addAll(List.of(args));
            int code = GradflowMain.commandLine().execute(all.toArray(String[]::new));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** An SC-SDC study "fig" of 4 configurations x 2 dense widths x 3 seeds x sparse/dense, 3 evaluation points each. */
    @BeforeAll
    static void store() {
        db = tmp.resolve("fig.db");
        List<LayerInfo> layers = List.of(new LayerInfo(0, "dense1", "dense", new long[]{4, 3}, 12, 6));
        try (StudyStore st = StudyStore.open(db); RunStore rs = RunStore.open(db)) {
            long study = st.ensureStudy("fig", "scsdc", "{\"name\":\"fig\"}");
            for (int c = 0; c < TYPES.length; c++) {
                String config = "type=" + TYPES[c] + ",l2=" + L2[c];
                String json = "{\"optimizer.type\":\"" + TYPES[c] + "\",\"optimizer.l2\":" + L2[c] + "}";
                for (int w = 0; w < WIDTHS.length; w++) {
                    for (int s = 1; s <= SEEDS; s++) {
                        for (boolean sparse : new boolean[]{true, false}) {
                            String role = sparse ? "sparse" : "dense";
                            String name = "fig/" + config + "/w" + WIDTHS[w] + "/" + role + "/s" + s;
                            long id = rs.createRun(new NewRun(name, "{}", "h" + name, "blobs", TYPES[c], "relu", sparse ? 0.3 : 1, s, Map.of(), layers));
                            try (MetricsWriter mw = rs.writer(id)) {
                                for (int k = 0; k < 3; k++) {
                                    double e2 = egf2(c, w, sparse, s, k);
                                    double a = acc(c, w, sparse, s) - 0.1 * (2 - k);
                                    NetworkFlow f = new NetworkFlow(5 * e2 + 0.02 * s * s, 1.5 * e2 - 0.01 * k * s, 3 * e2 + 0.1 * k, e2,
                                            (3 * e2) / 100 + 0.001 * s, e2 / 10 - 0.002 * k);
                                    mw.eval(new EvalPoint(k, 5L * k, 1, 1, 0.5, 1.2 - a + 0.01 * s * s / (c + 1), a, f, List.of()));
                                }
                                // two epochs; the last one's test values are the final evaluation point's (the run's final values)
                                double a2 = acc(c, w, sparse, s), l2 = 1.2 - a2 + 0.01 * s * s / (c + 1);
                                mw.epoch(new EpochRecord(0, 5, 0.5, 0.8, l2 + 0.1 + 0.013 * s * s, a2 - 0.05, 1.0));
                                mw.epoch(new EpochRecord(1, 10, 0.5, 0.8, l2, a2, 1.0));
                            }
                            rs.finish(id, RunStatus.FINISHED, "ok");
                            st.link(study, id, new PlannedRun(0, name, null, "h" + name, config, json, role,
                                    config + "/w" + WIDTHS[w] + "/s" + s, WIDTHS[w], s, 6));
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- independent statistics

    static final double T975_2 = (2 * 0.975 - 1) / Math.sqrt(2 * 0.975 * 0.025); // Student t quantile, 2 df, closed form

    static double mean(double[] x) {
        return Arrays.stream(x).sum() / x.length;
    }

    static double sd(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return Math.sqrt(s / (x.length - 1));
    }

    /** One-sided p of H1 mean(d) > 0 for 3 paired differences: 1 - CDF_t2(t). */
    static double pGreater(double[] d) {
        double t = mean(d) / (sd(d) / Math.sqrt(d.length));
        return 0.5 - t / (2 * Math.sqrt(2 + t * t));
    }

    static double[] holm(double[] p) {
        Integer[] idx = new Integer[p.length];
        for (int i = 0; i < p.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(p[a], p[b]));
        double[] out = new double[p.length];
        double run = 0;
        for (int j = 0; j < p.length; j++) {
            run = Math.max(run, Math.min(1, (p.length - j) * p[idx[j]]));
            out[idx[j]] = run;
        }
        return out;
    }

    static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int less = 0, equal = 0;
            for (double w : v) { if (w < v[i]) less++; else if (w == v[i]) equal++; }
            r[i] = less + (equal + 1) / 2.0;
        }
        return r;
    }

    static double pearson(double[] x, double[] y) {
        double mx = mean(x), my = mean(y), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    static double kendallTauB(double[] x, double[] y) {
        double conc = 0, disc = 0, tx = 0, ty = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double a = Math.signum(x[i] - x[j]), b = Math.signum(y[i] - y[j]);
                if (a == 0 && b == 0) continue;
                if (a == 0) tx++;
                else if (b == 0) ty++;
                else if (a == b) conc++;
                else disc++;
            }
        }
        return (conc - disc) / Math.sqrt((conc + disc + tx) * (conc + disc + ty));
    }

    // ---------------------------------------------------------------- raw values from the store, plain SQL

    /** run id -> {config, role, width, seed, final acc, final loss} and eval values by run. */
    record Raw(long id, String config, String role, int width, long seed, double acc, double loss) {
    }

    static List<Raw> raw() throws Exception {
        List<Raw> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT r.id, l.config, l.role, l.dense_width, l.seed, r.final_test_accuracy, r.final_test_loss "
                     + "FROM runs r JOIN study_runs l ON l.run_id = r.id ORDER BY r.id")) {
            while (rs.next()) out.add(new Raw(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5), rs.getDouble(6), rs.getDouble(7)));
        }
        return out;
    }

    static Map<Long, double[]> evalValues(String column) throws Exception {
        Map<Long, double[]> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT run_id, idx, " + column + " FROM eval_points ORDER BY run_id, idx")) {
            while (rs.next()) out.computeIfAbsent(rs.getLong(1), k -> new double[3])[rs.getInt(2)] = rs.getDouble(3);
        }
        return out;
    }

    /** The CSV as rows of header -> cell (RFC 4180 quoting). */
    static List<Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        List<String> header = cells(lines.get(0));
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> c = cells(line);
            assertThat(c).as(line).hasSize(header.size());
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), c.get(i));
            out.add(row);
        }
        return out;
    }

    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.append(ch);
            } else if (ch == '"') quoted = true;
            else if (ch == ',') { out.add(cell.toString()); cell.setLength(0); }
            else cell.append(ch);
        }
        out.add(cell.toString());
        return out;
    }

    static double d(Map<String, String> row, String col) { return Double.parseDouble(row.get(col)); }

    static String configLabel(int c) { return "type=" + TYPES[c] + ",l2=" + L2[c]; }

    // ---------------------------------------------------------------- tests

    @Test
    void scsdcCsvHasTheMeansBandsAndHolmAdjustedPairedPValuesOfTheRawRuns() throws Exception {
        Path out = tmp.resolve("scsdc.pdf");
        Run r = cli("fig", "--store", db.toString(), "--kind", "scsdc", "--out", out.toString(), "--csv", "--preset", "double");
        assertThat(r.code()).as(r.err()).isZero();
        List<Map<String, String>> rows = csv(tmp.resolve("scsdc.csv"));
        assertThat(rows).hasSize(TYPES.length * WIDTHS.length * 2);
        List<Raw> raw = raw();
        // the 8 cells' raw p in the report's order (configurations, then widths) and their Holm adjustment by hand
        double[] p = new double[TYPES.length * WIDTHS.length];
        for (int c = 0; c < TYPES.length; c++) {
            for (int w = 0; w < WIDTHS.length; w++) {
                double[] dd = new double[SEEDS];
                for (int s = 1; s <= SEEDS; s++) dd[s - 1] = value(raw, c, w, "sparse", s) - value(raw, c, w, "dense", s);
                p[c * WIDTHS.length + w] = pGreater(dd);
            }
        }
        double[] ph = holm(p);
        int checked = 0;
        for (Map<String, String> row : rows) {
            int c = Arrays.asList(configLabel(0), configLabel(1), configLabel(2), configLabel(3)).indexOf(row.get("panel"));
            int w = Arrays.stream(WIDTHS).boxed().toList().indexOf((int) d(row, "x"));
            String role = row.get("series");
            double[] v = new double[SEEDS];
            for (int s = 1; s <= SEEDS; s++) v[s - 1] = value(raw, c, w, role, s);
            double half = T975_2 * sd(v) / Math.sqrt(SEEDS);
            assertThat(Integer.parseInt(row.get("n"))).isEqualTo(3);
            assertThat(d(row, "mean")).isCloseTo(mean(v), within(1e-12));
            assertThat(d(row, "sd")).isCloseTo(sd(v), within(1e-12));
            assertThat(d(row, "ci95_low")).isCloseTo(mean(v) - half, within(1e-9));
            assertThat(d(row, "ci95_high")).isCloseTo(mean(v) + half, within(1e-9));
            assertThat(d(row, "p")).as(row.toString()).isCloseTo(p[c * WIDTHS.length + w], within(1e-9));
            assertThat(d(row, "p_holm")).isCloseTo(ph[c * WIDTHS.length + w], within(1e-9));
            assertThat(row.get("pairs")).isEqualTo("3");
            checked++;
        }
        assertThat(checked).isEqualTo(16);
        assertThat(Files.readString(out, StandardCharsets.ISO_8859_1)).startsWith("%PDF");
        JsonNode prov = new ObjectMapper().readTree(tmp.resolve("scsdc.pdf.provenance.json").toFile());
        assertThat(prov.path("extra").path("study").path("name").asText()).isEqualTo("fig");
        assertThat(prov.path("figure").asText()).isEqualTo("study-scsdc");
        assertThat(prov.path("extra").path("runIds")).hasSize(48);
    }

    static double value(List<Raw> raw, int c, int w, String role, int seed) {
        return raw.stream().filter(x -> x.config().equals(configLabel(c)) && x.width() == WIDTHS[w] && x.role().equals(role) && x.seed() == seed)
                .findFirst().orElseThrow().acc();
    }

    @Test
    void pvalueTableCsvMatchesTheHandComputedPairedTests() throws Exception {
        Path out = tmp.resolve("p.png");
        Run r = cli("fig", "--store", db.toString(), "--kind", "pvalues", "--out", out.toString(), "--out", tmp.resolve("p.svg").toString(), "--csv", "--preset", "single");
        assertThat(r.code()).as(r.err()).isZero();
        List<Raw> raw = raw();
        double[] p = new double[8];
        for (int c = 0; c < 4; c++) for (int w = 0; w < 2; w++) {
            double[] dd = new double[SEEDS];
            for (int s = 1; s <= SEEDS; s++) dd[s - 1] = value(raw, c, w, "sparse", s) - value(raw, c, w, "dense", s);
            p[c * 2 + w] = pGreater(dd);
        }
        double[] ph = holm(p);
        List<Map<String, String>> rows = csv(tmp.resolve("p.csv"));
        assertThat(rows).hasSize(8);
        for (int i = 0; i < 8; i++) {
            Map<String, String> row = rows.get(i);
            assertThat(row.get("config")).isEqualTo(configLabel(i / 2));
            assertThat(row.get("dense_width")).isEqualTo("" + WIDTHS[i % 2]);
            assertThat(d(row, "p")).isCloseTo(p[i], within(1e-9));
            assertThat(d(row, "p_holm")).isCloseTo(ph[i], within(1e-9));
            assertThat(Boolean.parseBoolean(row.get("significant"))).isEqualTo(ph[i] < 0.05);
        }
        assertThat(Files.size(out)).isGreaterThan(1000);
        assertThat(Files.readString(tmp.resolve("p.svg"))).contains("<svg");
    }

    /** The row's mean and 95% t band are those of the three seeds' values {@code v} (closed-form t quantile, 2 df). */
    static void assertBandOfThreeSeeds(Map<String, String> row, double[] v) {
        assertThat(v).hasSize(3);
        double half = T975_2 * sd(v) / Math.sqrt(3);
        assertThat(d(row, "mean")).isCloseTo(mean(v), within(1e-12));
        assertThat(d(row, "ci95_low")).isCloseTo(mean(v) - half, within(1e-9));
        assertThat(d(row, "ci95_high")).isCloseTo(mean(v) + half, within(1e-9));
    }

    @Test
    void egfCsvIsTheMeanAndBandOverSeedsAtEachEvaluationPoint() throws Exception {
        Run r = cli("fig", "--store", db.toString(), "--kind", "egf", "--measure", "egf2", "--config", "adam", "--role", "sparse",
                "--log-y", "--out", tmp.resolve("egf.png").toString(), "--csv");
        assertThat(r.code()).as(r.err()).isZero();
        List<Raw> raw = raw();
        Map<Long, double[]> egf = evalValues("egf2");
        List<Map<String, String>> rows = csv(tmp.resolve("egf.csv"));
        // 2 adam configurations x 2 widths (panels) x 3 points
        assertThat(rows).hasSize(12);
        for (Map<String, String> row : rows) {
            int w = row.get("panel").endsWith("width 8") ? 8 : 16;
            assertThat(row.get("panel")).startsWith("sparse, dense width ");
            assertThat(row.get("series")).contains("type=adam");
            int k = (int) (d(row, "x") / 5); // steps 0, 5, 10
            double[] v = raw.stream().filter(x -> x.config().equals(row.get("series")) && x.width() == w && x.role().equals("sparse"))
                    .mapToDouble(x -> egf.get(x.id())[k]).toArray();
            assertBandOfThreeSeeds(row, v);
            assertThat(row.get("p")).isEmpty();
        }
    }

    @Test
    void epochsCsvIsTheMeanAndBandOverSeedsOfTheTestLossAfterEachEpoch() throws Exception {
        Run r = cli("fig", "--store", db.toString(), "--kind", "epochs", "--config", "adam", "--role", "sparse",
                "--out", tmp.resolve("epochs.png").toString(), "--csv");
        assertThat(r.code()).as(r.err()).isZero();
        List<Raw> raw = raw();
        Map<Long, double[]> loss = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT run_id, epoch, test_loss FROM epochs ORDER BY run_id, epoch")) {
            while (rs.next()) loss.computeIfAbsent(rs.getLong(1), k -> new double[2])[rs.getInt(2)] = rs.getDouble(3);
        }
        List<Map<String, String>> rows = csv(tmp.resolve("epochs.csv"));
        // 2 adam configurations x 2 widths (panels) x 2 epochs
        assertThat(rows).hasSize(8);
        for (Map<String, String> row : rows) {
            int w = row.get("panel").endsWith("width 8") ? 8 : 16;
            int e = (int) d(row, "x") - 1; // epochs 1 and 2
            assertThat(e).isBetween(0, 1);
            double[] v = raw.stream().filter(x -> x.config().equals(row.get("series")) && x.width() == w && x.role().equals("sparse"))
                    .mapToDouble(x -> loss.get(x.id())[e]).toArray();
            assertBandOfThreeSeeds(row, v);
        }
        Run bad = cli("fig", "--store", db.toString(), "--kind", "epochs", "--measure", "egf2", "--out", tmp.resolve("x.png").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("--measure egf2").contains("test_loss");
    }

    @Test
    void metricCsvPutsTheAxisValueOnXWithZeroADecadeBelowTheSmallest() throws Exception {
        Run r = cli("fig", "--store", db.toString(), "--kind", "metric", "--axis", "l2", "--measure", "test_accuracy,egf2",
                "--role", "sparse", "--width", "16", "--out", tmp.resolve("metric.pdf").toString(), "--csv", "--preset", "single");
        assertThat(r.code()).as(r.err()).isZero();
        List<Raw> raw = raw();
        Map<Long, double[]> egf = evalValues("egf2");
        List<Map<String, String>> rows = csv(tmp.resolve("metric.csv"));
        assertThat(rows).hasSize(2 * 2 * 2); // 2 measures x 2 optimizers x 2 strengths
        for (Map<String, String> row : rows) {
            String type = row.get("series").replace("type=", "");
            double l2 = row.get("x_label").equals("0") ? 0 : Double.parseDouble(row.get("x_label"));
            if (l2 == 0) assertThat(d(row, "x")).isCloseTo(1e-4, within(1e-15));
            String config = "type=" + type + ",l2=" + (l2 == 0 ? 0.0 : l2);
            boolean accuracy = row.get("panel").contains("accuracy");
            double[] v = raw.stream().filter(x -> x.config().equals(config) && x.width() == 16 && x.role().equals("sparse"))
                    .mapToDouble(x -> accuracy ? x.acc() : mean(egf.get(x.id()))).toArray();
            assertThat(v).as(config).hasSize(3);
            assertThat(d(row, "mean")).isCloseTo(mean(v), within(1e-12));
            assertThat(d(row, "ci95_high") - d(row, "mean")).isCloseTo(T975_2 * sd(v) / Math.sqrt(3), within(1e-9));
        }
    }

    @Test
    void correlationCsvHasKendallAndSpearmanOfTheRunMeansPooledBySparseAndDense() throws Exception {
        Run r = cli("fig", "--store", db.toString(), "--kind", "correlations", "--out", tmp.resolve("corr.png").toString(), "--csv");
        assertThat(r.code()).as(r.err()).isZero();
        List<Raw> raw = raw();
        Map<Long, double[]> egf = evalValues("egf2");
        List<Map<String, String>> rows = csv(tmp.resolve("corr.csv"));
        assertThat(rows).hasSize(2 * 2 * 6 * 2); // targets x groups x measures x coefficients
        int checked = 0;
        for (Map<String, String> row : rows) {
            if (!row.get("measure").equals("egf2")) continue;
            String role = row.get("group").replace(" runs", "");
            List<Raw> g = raw.stream().filter(x -> x.role().equals(role)).toList();
            double[] x = g.stream().mapToDouble(q -> mean(egf.get(q.id()))).toArray();
            double[] y = g.stream().mapToDouble(q -> row.get("target").equals("test_loss") ? q.loss() : q.acc()).toArray();
            double expected = row.get("coefficient").equals("spearman_rho") ? pearson(ranks(x), ranks(y)) : kendallTauB(x, y);
            assertThat(d(row, "value")).as(row.toString()).isCloseTo(expected, within(1e-12));
            assertThat(row.get("n")).isEqualTo("24");
            checked++;
        }
        assertThat(checked).isEqualTo(8);
    }

    @Test
    void mistakesAreOneLineWithExitStatusTwo() {
        for (String[] args : List.of(
                new String[]{"nosuch", "--store", db.toString(), "--kind", "egf", "--out", tmp.resolve("x.png").toString()},
                new String[]{"fig", "--store", db.toString(), "--kind", "metric", "--axis", "width", "--out", tmp.resolve("x.png").toString()},
                new String[]{"fig", "--store", db.toString(), "--kind", "egf", "--config", "type=rmsprop", "--out", tmp.resolve("x.png").toString()},
                new String[]{"fig", "--store", db.toString(), "--kind", "egf", "--measure", "accuracy", "--out", tmp.resolve("x.png").toString()},
                new String[]{"fig", "--store", db.toString(), "--kind", "egf", "--out", tmp.resolve("x.gif").toString()},
                new String[]{"fig", "--store", db.toString(), "--kind", "bars", "--out", tmp.resolve("x.png").toString()})) {
            Run r = cli(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("error: ").doesNotContain("Exception");
        }
        assertThat(Files.exists(tmp.resolve("x.png"))).isFalse();
    }

    @Test
    void theStoreIsNotWritten() throws Exception {
        long before = Files.getLastModifiedTime(db).toMillis();
        byte[] bytes = Files.readAllBytes(db);
        Run r = cli("fig", "--store", db.toString(), "--kind", "scsdc", "--out", tmp.resolve("ro.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(db)).isEqualTo(bytes);
        assertThat(Files.getLastModifiedTime(db).toMillis()).isEqualTo(before);
        assertThat(String.format(Locale.ROOT, "%s", r.out())).contains("wrote");
    }
}
