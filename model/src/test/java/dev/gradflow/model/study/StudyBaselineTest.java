package dev.gradflow.model.study;

import dev.gradflow.model.cli.GradflowCli;
import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.study.StudyStore.StudyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * `study report --baseline`: each configuration against the one with the baseline's values on the named axes, paired
 * by seed, checked against SciPy (`scipy.stats.ttest_rel`, `t.ppf`) and a Holm adjustment worked out by hand.
 */
class StudyBaselineTest {
    // test accuracy per seed 1..4: the baseline (l2 = 0), l2 = 0.01 and l2 = 0.1; the l2 = 0.1 configuration also has a
    // fifth seed the baseline lacks, which must not be paired
    static final double[] A = {0.870, 0.875, 0.868, 0.872};
    static final double[] B = {0.861, 0.870, 0.860, 0.866};
    static final double[] C = {0.700, 0.690, 0.720, 0.705, 0.5};

    static String json(String l2) {
        return "{\"optimizer.type\":\"adam\",\"optimizer.l2\":" + l2 + ",\"dataset.augmentation\":\"none\"}";
    }

    static List<StudyRun> runs() {
        List<StudyRun> out = new ArrayList<>();
        long id = 1;
        // the baseline is written "0" here and "0.0" in the --baseline argument; 1.0E-2 vs 0.01 likewise
        String[][] configs = {{"0", "type=adam,l2=0,augmentation=none"}, {"1.0E-2", "type=adam,l2=0.01,augmentation=none"},
                {"0.1", "type=adam,l2=0.1,augmentation=none"}};
        double[][] acc = {A, B, C};
        for (int c = 0; c < 3; c++) {
            for (int s = 0; s < acc[c].length; s++) {
                out.add(new StudyRun(id, "r" + id, "finished", "run", null, configs[c][1], json(configs[c][0]), null, s + 1, null,
                        acc[c][s], 1 - acc[c][s], 11, 1.0, 1.0, 1.0, 0.2 + 0.01 * c, 0.1, 0.1));
                id++;
            }
        }
        // a failed run of the baseline with seed 5 does not count either
        out.add(new StudyRun(id, "r" + id, "failed", "run", null, configs[0][1], json("0"), null, 5, null, 0.1, 2.0, 11,
                1.0, 1.0, 1.0, 0.2, 0.1, 0.1));
        return out;
    }

    @Test
    void eachConfigurationAgainstItsBaselinePairedBySeedWithScipyValuesAndHolm() {
        List<StudyBaseline.Effect> e = StudyBaseline.effects(runs(), StudyBaseline.parse("l2=0.0"), "test_accuracy");
        assertThat(e).extracting(StudyBaseline.Effect::config)
                .containsExactly("type=adam,l2=0.01,augmentation=none", "type=adam,l2=0.1,augmentation=none");
        assertThat(e).extracting(StudyBaseline.Effect::baseline).containsOnly("type=adam,l2=0,augmentation=none");
        assertThat(e).extracting(StudyBaseline.Effect::pairs).containsExactly(4, 4);
        // SciPy: d = B - A, mean -0.007, 95 % t interval, ttest_rel(B, A) two-sided
        StudyBaseline.Effect b = e.get(0), c = e.get(1);
        assertThat(b.diff().mean()).isCloseTo(-0.007000000000000006, within(1e-12));
        assertThat(b.diff().ciLow()).isCloseTo(-0.009905162715754774, within(1e-9));
        assertThat(b.diff().ciHigh()).isCloseTo(-0.004094837284245239, within(1e-9));
        assertThat(b.t().statistic()).isCloseTo(-7.6681158050723255, within(1e-9));
        assertThat(b.t().p()).isCloseTo(0.004607172438392134, within(1e-9));
        assertThat(c.diff().mean()).isCloseTo(-0.16750000000000004, within(1e-12));
        assertThat(c.diff().ciLow()).isCloseTo(-0.19168449811485255, within(1e-9));
        assertThat(c.diff().ciHigh()).isCloseTo(-0.14331550188514752, within(1e-9));
        assertThat(c.t().statistic()).isCloseTo(-22.041381781152246, within(1e-9));
        assertThat(c.t().p()).isCloseTo(0.00020443038871721997, within(1e-10));
        // Holm over the two rows: the smaller p times 2, the larger times 1 (kept monotone)
        assertThat(c.tHolm()).isCloseTo(2 * 0.00020443038871721997, within(1e-10));
        assertThat(b.tHolm()).isCloseTo(0.004607172438392134, within(1e-9));
    }

    @Test
    void namesThatAreNotAxesAndStudiesWithoutABaselineGetAOneLineError() {
        assertThatThrownBy(() -> StudyBaseline.effects(runs(), StudyBaseline.parse("l3=0"), "test_accuracy"))
                .isInstanceOf(StudyException.class).hasMessage("--baseline: 'l3' is not an axis of the study (axes: type, l2, augmentation)");
        assertThatThrownBy(() -> StudyBaseline.effects(runs(), StudyBaseline.parse("l2=0.5"), "test_accuracy"))
                .isInstanceOf(StudyException.class).hasMessageStartingWith("--baseline: no configuration of the study differs");
        assertThatThrownBy(() -> StudyBaseline.parse("l2")).isInstanceOf(StudyException.class)
                .hasMessage("--baseline: expected key=value[,key=value...], got 'l2'");
    }

    @Test
    void theReportOfAStoreCarriesTheTablesAndTheirCsvParses(@TempDir Path dir) {
        Path db = dir.resolve("runs.db");
        List<LayerInfo> layers = List.of(new LayerInfo(0, "dense1", "dense", new long[]{4, 3}, 12, 6));
        List<StudyRun> runs = runs().stream().filter(r -> r.status().equals("finished")).toList();
        try (StudyStore st = StudyStore.open(db); RunStore rs = RunStore.open(db)) {
            long study = st.ensureStudy("reg", "grid", "{\"name\":\"reg\"}");
            int i = 0;
            for (StudyRun r : runs) {
                String name = "reg/" + r.config() + "/s" + r.seed();
                long id = rs.createRun(new NewRun(name, "{}", "h" + i, "blobs", "adam", "relu", 0.5, r.seed(), Map.of(), layers));
                try (MetricsWriter w = rs.writer(id)) {
                    w.epoch(new EpochRecord(0, 100, 0.3, 0.9, r.testLoss(), r.testAccuracy(), 1.0));
                }
                rs.finish(id, RunStatus.FINISHED, "ok");
                st.link(study, id, new PlannedRun(i, name, null, "h" + i, r.config(), r.configJson(), "run", null, null, r.seed(), 6));
                i++;
            }
        }
        String[] run = cli("study", "report", "reg", "--store", db.toString(), "--baseline", "l2=0", "--format", "csv");
        assertThat(run[0]).as(run[2]).isEqualTo("0");
        var tables = StudyReportTest.parseCsv(run[1]);
        List<List<String>> rows = StudyReportTest.table(tables, StudyBaseline.TITLE + " (l2=0), test accuracy");
        assertThat(rows.get(0)).containsExactly("config", "baseline", "role", "dense width", "pairs", "diff", "CI low", "CI high",
                "t", "p (t)", "p Holm (t)");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).subList(0, 5)).containsExactly("type=adam,l2=0.01,augmentation=none",
                "type=adam,l2=0,augmentation=none", "run", "", "4");
        assertThat(Double.parseDouble(rows.get(1).get(5))).isCloseTo(-0.0070, within(5e-5));
        assertThat(Double.parseDouble(rows.get(2).get(10))).isCloseTo(4.0886e-4, within(5e-5)); // printed to 4 decimals
        assertThat(StudyReportTest.table(tables, StudyBaseline.TITLE + " (l2=0), test loss")).hasSize(3);

        String[] bad = cli("study", "report", "reg", "--store", db.toString(), "--baseline", "rate=0");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[1]).isEmpty();
        assertThat(bad[2].strip()).isEqualTo("error: --baseline: 'rate' is not an axis of the study (axes: type, l2, augmentation)");
    }

    /** The CLI run in this JVM: {exit status, stdout, stderr}. */
    static synchronized String[] cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = GradflowCli.execute(args);
            return new String[]{"" + code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
