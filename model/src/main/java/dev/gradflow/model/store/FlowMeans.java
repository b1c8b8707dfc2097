package dev.gradflow.model.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A run's mean of each network gradient-flow measure: the arithmetic mean over the run's evaluation points, i.e.
 * over the {@code evaluation.points} = P points spread evenly through training with initialization and the end
 * included (docs/metrics.md, "A run's mean"). A point where a measure is NaN (stored as NULL) does not count for that
 * measure; a run that stopped early (cancelled, diverged) averages over the points it reached. This one definition is
 * used by {@code runs.mean_egf2}, {@code gradflow show} and the study reports.
 *
 * @param points number of evaluation points averaged over
 * @param gf1    mean of {@code gf1}; null when no point has a value, likewise for the others
 */
public record FlowMeans(int points, Double gf1, Double gf2, Double egf1, Double egf2, Double egf1PerActive,
                        Double egf2PerActive) {

    /** The query behind every run mean; one parameter, the run id. */
    public static final String SQL = "SELECT count(*), avg(gf1), avg(gf2), avg(egf1), avg(egf2), avg(egf1_pa), "
            + "avg(egf2_pa) FROM eval_points WHERE run_id = ?";

    /** The same mean of one column as a scalar subquery (for {@code runs.mean_egf2}); one parameter, the run id. */
    static String subquery(String column) {
        return "(SELECT avg(" + column + ") FROM eval_points WHERE run_id = ?)";
    }

    /** Reads the means of run {@code runId} with {@link #SQL} on any connection to a run store. */
    public static FlowMeans read(Connection conn, long runId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(SQL)) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new FlowMeans(rs.getInt(1), dbl(rs, 2), dbl(rs, 3), dbl(rs, 4), dbl(rs, 5), dbl(rs, 6), dbl(rs, 7));
            }
        }
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        return o == null ? null : ((Number) o).doubleValue();
    }
}
