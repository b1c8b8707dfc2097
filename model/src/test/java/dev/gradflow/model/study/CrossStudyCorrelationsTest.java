package dev.gradflow.model.study;

import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.study.CrossStudyCorrelations.Role;
import dev.gradflow.model.study.CrossStudyCorrelations.StudyRuns;
import dev.gradflow.model.study.StudyStore.StudyRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Pooling runs of several studies for the correlation table (docs/studies.md): the pooled sparse row equals Kendall
 * tau and Spearman rho computed here by their textbook definitions over exactly the finished sparse runs of all
 * studies.
 */
class CrossStudyCorrelationsTest {
    static StudyRun run(long id, String status, String role, double egf1, double loss, double acc) {
        return new StudyRun(id, "r" + id, status, role, null, "c" + (id % 3), "{}", null, id, null, acc, loss, 11,
                egf1 * 3, egf1 * 2, egf1, egf1 / 2, egf1 / 5, egf1 / 7);
    }

    /** Kendall tau-a = tau-b without ties: (concordant - discordant) / (n(n-1)/2). */
    static double kendall(double[] x, double[] y) {
        int c = 0, d = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double s = Math.signum(x[i] - x[j]) * Math.signum(y[i] - y[j]);
                if (s > 0) c++; else if (s < 0) d++;
            }
        }
        return (c - d) / (x.length * (x.length - 1) / 2.0);
    }

    /** Spearman without ties: 1 - 6 sum d^2 / (n (n^2 - 1)). */
    static double spearman(double[] x, double[] y) {
        int n = x.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int rx = 0, ry = 0;
            for (int j = 0; j < n; j++) {
                if (x[j] < x[i]) rx++;
                if (y[j] < y[i]) ry++;
            }
            sum += (rx - ry) * (double) (rx - ry);
        }
        return 1 - 6 * sum / (n * ((double) n * n - 1));
    }

    @Test
    void pooledSparseRowIsTheCorrelationOverTheFinishedSparseRunsOfAllStudies() {
        Random rnd = new Random(7);
        List<StudyRuns> studies = new ArrayList<>();
        List<double[]> sparse = new ArrayList<>();   // {egf1, loss, acc}
        long id = 1;
        for (String name : List.of("a", "b")) {
            List<StudyRun> runs = new ArrayList<>();
            Map<Long, Role> roles = new HashMap<>();
            for (int k = 0; k < 9; k++, id++) {
                double egf = rnd.nextDouble(), loss = egf + rnd.nextGaussian() * 0.3, acc = 1 - loss / 3 + rnd.nextGaussian() * 0.05;
                String status = k == 4 ? "diverged" : "finished";
                Role role = k % 3 == 0 ? Role.DENSE : Role.SPARSE;
                runs.add(run(id, status, null, egf, loss, acc));
                roles.put(id, role);
                if (role == Role.SPARSE && status.equals("finished")) sparse.add(new double[]{egf, loss, acc});
            }
            studies.add(new StudyRuns(name, runs, roles));
        }
        double[] x = sparse.stream().mapToDouble(v -> v[0]).toArray();
        double[] loss = sparse.stream().mapToDouble(v -> v[1]).toArray();
        double[] acc = sparse.stream().mapToDouble(v -> v[2]).toArray();

        Table pooled = CrossStudyCorrelations.tables(studies).get(0);
        List<String> row = pooled.rows().stream()
                .filter(r -> r.get(0).equals("sparse runs, all studies") && r.get(1).equals("egf1")).findFirst().orElseThrow();
        assertThat(Integer.parseInt(row.get(2))).isEqualTo(sparse.size()).isEqualTo(10);
        assertThat(Double.parseDouble(row.get(3))).isCloseTo(kendall(x, loss), within(1e-4));
        assertThat(Double.parseDouble(row.get(5))).isCloseTo(spearman(x, loss), within(1e-4));
        assertThat(Double.parseDouble(row.get(7))).isCloseTo(kendall(x, acc), within(1e-4));
        assertThat(Double.parseDouble(row.get(9))).isCloseTo(spearman(x, acc), within(1e-4));
        assertThat(CrossStudyCorrelations.tables(studies).get(1).rows()).extracting(r -> r.get(0)).contains("a sparse", "b dense");
    }

    @Test
    void aRunIsSparseWhenAnyLayerIsMasked() {
        assertThat(CrossStudyCorrelations.roleOf(null)).isEqualTo(Role.DENSE);
        assertThat(CrossStudyCorrelations.roleOf(SparsitySpec.dense())).isEqualTo(Role.DENSE);
        assertThat(CrossStudyCorrelations.roleOf(new SparsitySpec(0.1, null, null, null, null, null, null))).isEqualTo(Role.SPARSE);
        assertThat(CrossStudyCorrelations.roleOf(new SparsitySpec(null, SparsitySpec.Distribution.EXPLICIT,
                List.of(1.0, 0.5, 1.0), null, null, null, null))).isEqualTo(Role.SPARSE);
    }
}
