package dev.gradflow.model.study;

import dev.gradflow.model.study.StudyStore.StudyRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The study report's tables from synthetic runs (no training): SC-SDC paired per dense width with effect size, CI and
 * Holm; correlations pooled and per group with n. The CSV output is parsed back.
 */
class StudyReportTest {
    static final int[] WIDTHS = {6, 8};
    static final String[] OPTIMIZERS = {"sgd", "adam"};
    static final int SEEDS = 4;

    /** Accuracy of the sparse run minus the dense one, per (optimizer, width, seed): chosen so each cell differs. */
    static double gap(int o, int w, int s) {
        return o == 0 ? (w == 0 ? 0.01 * (s + 1) : -0.002 * (s + 1)) // sgd w6: all positive; sgd w8: all negative
                : (w == 0 ? 0.03 + 0.01 * ((s % 2) * 2 - 1) : 0.005 * (s - 1.5)); // adam: positive; mixed
    }

    static List<StudyRun> runs() {
        List<StudyRun> out = new ArrayList<>();
        long id = 1;
        for (int o = 0; o < OPTIMIZERS.length; o++) {
            String config = "type=" + OPTIMIZERS[o];
            String json = "{\"optimizer.type\":\"" + OPTIMIZERS[o] + "\"}";
            for (int w = 0; w < WIDTHS.length; w++) {
                for (int s = 0; s < SEEDS; s++) {
                    String pair = config + "/w" + WIDTHS[w] + "/s" + (s + 1);
                    double dense = 0.7 + 0.01 * s + 0.05 * w;
                    double sparse = dense + gap(o, w, s);
                    // gradient-flow means: egf2 rises with loss in the sparse runs
                    out.add(run(id++, "sparse", pair, config, json, WIDTHS[w], s + 1, sparse, 1 - sparse, 0.1 + (1 - sparse)));
                    out.add(run(id++, "dense", pair, config, json, WIDTHS[w], s + 1, dense, 1 - dense, 0.3 + 0.01 * s));
                }
            }
        }
        return out;
    }

    static StudyRun run(long id, String role, String pair, String config, String json, int width, long seed,
                        double acc, double loss, double egf2) {
        return new StudyRun(id, "r" + id, "finished", role, pair, config, json, width, seed, 100L, acc, loss, 11,
                2 * egf2, egf2, 3 * egf2, egf2, egf2 / 100, egf2 / 10);
    }

    /** Every table of a CSV report: title (from the "# " line) -> rows, each a list of cells (RFC 4180). */
    static Map<String, List<List<String>>> parseCsv(String csv) {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        List<List<String>> current = null;
        for (String line : csv.split("\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("# ")) {
                current = new ArrayList<>();
                out.put(line.substring(2), current);
                continue;
            }
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cell.append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else cell.append(c);
                } else if (c == '"') quoted = true;
                else if (c == ',') { cells.add(cell.toString()); cell.setLength(0); }
                else cell.append(c);
            }
            cells.add(cell.toString());
            current.add(cells);
        }
        return out;
    }

    static List<List<String>> table(Map<String, List<List<String>>> csv, String prefix) {
        return csv.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).findFirst().orElseThrow().getValue();
    }

    @Test
    void scsdcAccuracyTableIsPairedPerWidthWithEffectSizeAndHolm() {
        String csv = StudyReport.render(StudyReport.tables(runs()), "csv");
        Map<String, List<List<String>>> tables = parseCsv(csv);
        String title = tables.keySet().stream().filter(t -> t.startsWith(StudyReport.SCSDC_TITLE + ", test accuracy"))
                .findFirst().orElseThrow();
        assertThat(title).contains("H1 sparse > dense", "Holm-Bonferroni", "never pooled over widths", "4 rows");
        List<List<String>> t = tables.get(title);
        List<String> h = t.get(0);
        assertThat(h).containsExactly("type", "other axes", "dense width", "pairs", "diff (S-D)", "CI low", "CI high",
                "t", "p (t)", "p Holm (t)", "W+", "p (W)", "p Holm (W)");
        List<List<String>> rows = t.subList(1, t.size());
        assertThat(rows).extracting(r -> r.get(0) + "/" + r.get(2)).containsExactly("sgd/6", "sgd/8", "adam/6", "adam/8");
        assertThat(rows).allMatch(r -> r.get(3).equals("4"));

        for (int o = 0; o < 2; o++) {
            for (int w = 0; w < 2; w++) {
                List<String> r = rows.get(o * 2 + w);
                double[] d = new double[SEEDS];
                for (int s = 0; s < SEEDS; s++) d[s] = gap(o, w, s);
                double mean = (d[0] + d[1] + d[2] + d[3]) / 4, ss = 0;
                for (double v : d) ss += (v - mean) * (v - mean);
                double se = Math.sqrt(ss / 3 / 4);
                double half = 3.182446305284263 * se; // t(0.975, 3), SciPy stats.t.ppf
                assertThat(Double.parseDouble(r.get(4))).as("diff %s", r).isCloseTo(mean, within(6e-5));
                assertThat(Double.parseDouble(r.get(5))).isCloseTo(mean - half, within(6e-5));
                assertThat(Double.parseDouble(r.get(6))).isCloseTo(mean + half, within(6e-5));
                assertThat(Double.parseDouble(r.get(7))).isCloseTo(mean / se, within(6e-5 * Math.max(1, Math.abs(mean / se))));
            }
        }
        // Wilcoxon, n = 4 without ties: exact. All four differences positive -> W+ = 10, p = 1/16; all negative -> 1
        assertThat(rows.get(0).get(10)).isEqualTo("10.0000");
        assertThat(rows.get(0).get(11)).isEqualTo("0.0625");
        assertThat(rows.get(1).get(11)).isEqualTo("1.0000");
        // Holm over the 4 rows, per test: the smallest raw p times 4, then monotone
        for (int col : new int[]{8, 11}) {
            double[] raw = rows.stream().mapToDouble(r -> Double.parseDouble(r.get(col))).toArray();
            double[] adj = rows.stream().mapToDouble(r -> Double.parseDouble(r.get(col + 1))).toArray();
            Integer[] order = {0, 1, 2, 3};
            java.util.Arrays.sort(order, (a, b) -> Double.compare(raw[a], raw[b]));
            double running = 0;
            for (int j = 0; j < 4; j++) {
                running = Math.max(running, Math.min(1, (4 - j) * raw[order[j]]));
                assertThat(adj[order[j]]).as("Holm col %d", col).isCloseTo(running, within(4 * 5e-5 + 1e-12));
            }
        }
    }

    @Test
    void scsdcLossTableTestsLowerLossAndKeepsTheSignOfTheDifference() {
        var tables = parseCsv(StudyReport.render(StudyReport.tables(runs()), "csv"));
        List<List<String>> t = table(tables, StudyReport.SCSDC_TITLE + ", test loss: H1 sparse < dense");
        // loss = 1 - accuracy: the loss difference is minus the accuracy difference, the p-values the same
        List<List<String>> acc = table(tables, StudyReport.SCSDC_TITLE + ", test accuracy");
        for (int i = 1; i < t.size(); i++) {
            assertThat(Double.parseDouble(t.get(i).get(4))).isCloseTo(-Double.parseDouble(acc.get(i).get(4)), within(1e-4));
            assertThat(t.get(i).get(11)).isEqualTo(acc.get(i).get(11));
        }
    }

    @Test
    void correlationTablesArePooledAndPerGroupWithNAndTheAveragingStated() {
        var tables = parseCsv(StudyReport.render(StudyReport.tables(runs()), "csv"));
        String pooledTitle = tables.keySet().stream().filter(k -> k.startsWith("Correlation, pooled")).findFirst().orElseThrow();
        assertThat(pooledTitle).contains("run mean over its P = 11 evaluation points, initialization and end included",
                "Kendall tau-b", "Spearman rho", "two-sided");
        List<List<String>> pooled = tables.get(pooledTitle);
        assertThat(pooled.get(0)).containsExactly("group", "measure", "n", "tau (loss)", "p", "rho (loss)", "p",
                "tau (acc)", "p", "rho (acc)", "p");
        List<String> sparseEgf2 = pooled.stream().filter(r -> r.get(0).equals("sparse runs") && r.get(1).equals("egf2"))
                .findFirst().orElseThrow();
        assertThat(sparseEgf2.get(2)).isEqualTo("16");
        assertThat(sparseEgf2.get(3)).isEqualTo("1.0000"); // egf2 = 0.1 + loss in sparse runs
        assertThat(sparseEgf2.get(7)).isEqualTo("-1.0000");
        assertThat(pooled).extracting(r -> r.get(0)).contains("dense runs");

        List<List<String>> groups = table(tables, "Per configuration group: correlation");
        List<String> sgdSparse = groups.stream().filter(r -> r.get(0).equals("type=sgd sparse") && r.get(1).equals("egf2"))
                .findFirst().orElseThrow();
        assertThat(sgdSparse.get(2)).isEqualTo("8");
        // n = 8, perfect order, no ties: Kendall exact two-sided p = 2/8!
        assertThat(Double.parseDouble(sgdSparse.get(4))).isCloseTo(2.0 / 40320, within(1e-6));
    }

    @Test
    void textAndLatexNameTheAdjustment() {
        List<Table> tables = StudyReport.tables(runs());
        assertThat(StudyReport.render(tables, "text")).contains("Holm-Bonferroni", "p Holm (t)");
        String tex = StudyReport.render(tables, "latex");
        assertThat(tex).contains("p Holm (t)", "\\begin{tabular}", "% " + StudyReport.SCSDC_TITLE);
    }
}
