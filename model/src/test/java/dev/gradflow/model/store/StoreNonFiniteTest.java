package dev.gradflow.model.store;

import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.StepRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Non-finite measurements (a diverged step) are stored as SQL NULL: never Inf (or a stand-in 0.0) in a REAL column. */
class StoreNonFiniteTest {
    @TempDir
    Path tmp;

    @Test
    void infinitiesAndNaNAreStoredAsNullAndReadBackAsNaN() throws Exception {
        Path db = tmp.resolve("runs.db");
        try (RunStore s = RunStore.open(db)) {
            long id = s.createRun(Fixtures.newRun("diverged"));
            List<LayerStats> ls = List.of(
                    new LayerStats(0, "dense1", Double.POSITIVE_INFINITY, Double.NaN, 1, 2, 12, 6, Double.NEGATIVE_INFINITY, 0.5),
                    new LayerStats(1, "output", 1, 2, 3, 4, 6, 6, 5, 0.25));
            try (MetricsWriter w = s.writer(id)) {
                w.step(new StepRecord(0, 0, Double.POSITIVE_INFINITY, 1e-3, NetworkFlow.of(ls), ls));
            }
            StepRecord back = s.steps(id, 0, 10).get(0);
            assertThat(back.loss()).isNaN();
            assertThat(back.flow().gf1()).isNaN();
            assertThat(back.layers().get(0).l1All()).isNaN();
            assertThat(back.layers().get(0).weightL2()).isNaN();
            assertThat(back.layers().get(1).l2Active()).isEqualTo(4);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT typeof(loss), typeof(gf1), typeof(gf2), typeof(lr) FROM steps")) {
                rs.next();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                        .containsExactly("null", "null", "null", "real");
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM step_layers WHERE typeof(l1_all) = 'real' "
                    + "AND (l1_all > 1e308 OR l1_all < -1e308 OR weight_l2 > 1e308 OR weight_l2 < -1e308)")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            try (ResultSet rs = st.executeQuery("SELECT typeof(l1_all), typeof(l2_all), typeof(weight_l2) FROM step_layers WHERE layer = 0")) {
                rs.next();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3))).containsExactly("null", "null", "null");
            }
        }
    }
}
