package dev.gradflow.model.store;

import dev.gradflow.model.metrics.MaskEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Reads and binds the {@code mask_events} columns added in schema 2 (dynamic sparse training), NULL-aware. */
final class MaskEventColumns {
    static final String NAMES = "dropped, regrown, ever_active";
    /** The same columns as missing values, for a schema-1 store read without upgrading it. */
    static final String MISSING = "NULL AS dropped, NULL AS regrown, NULL AS ever_active";

    private MaskEventColumns() {
    }

    /** Binds dropped, regrown and ever_active at parameters from, from + 1, from + 2. */
    static void bind(PreparedStatement ps, int from, MaskEvent m) throws SQLException {
        if (m.dropped() == null) ps.setNull(from, Types.INTEGER); else ps.setLong(from, m.dropped());
        if (m.regrown() == null) ps.setNull(from + 1, Types.INTEGER); else ps.setLong(from + 1, m.regrown());
        if (m.everActive() == null) ps.setNull(from + 2, Types.REAL); else ps.setDouble(from + 2, m.everActive());
    }

    /** The event of the current row (columns step, layer, name, density_before, density_after and {@link #NAMES}). */
    static MaskEvent read(ResultSet rs) throws SQLException {
        long dropped = rs.getLong("dropped");
        Long d = rs.wasNull() ? null : dropped;
        long regrown = rs.getLong("regrown");
        Long r = rs.wasNull() ? null : regrown;
        double ever = rs.getDouble("ever_active");
        Double e = rs.wasNull() ? null : ever;
        return new MaskEvent(rs.getLong("step"), rs.getInt("layer"), rs.getString("name"),
                Codec.getDouble(rs, "density_before"), Codec.getDouble(rs, "density_after"), d, r, e);
    }
}
