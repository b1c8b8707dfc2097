package dev.gradflow.model.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.zip.Deflater;
import java.util.zip.InflaterInputStream;
import java.io.ByteArrayInputStream;

/** Conversions between Java values and their representation in the store. */
final class Codec {
    private Codec() {}

    /**
     * Binds a double; NaN and the infinities as SQL NULL (a REAL column never holds Inf: SQLite would store it as a
     * REAL that most readers turn into 9e999 or an error, and a diverged step must read as "no value").
     */
    static void setDouble(PreparedStatement ps, int index, double value) throws SQLException {
        if (!Double.isFinite(value)) ps.setNull(index, Types.REAL);
        else ps.setDouble(index, value);
    }

    /** Reads a double, SQL NULL as NaN. */
    static double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    /** Reads a nullable double, SQL NULL as null. */
    static Double getNullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    /** A shape as a JSON array of integers, e.g. {@code [784,300]}. */
    static String shapeToText(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }

    static long[] parseShape(String text) {
        String body = text.trim();
        if (!body.startsWith("[") || !body.endsWith("]")) throw new StoreException("Malformed shape in store: " + text);
        body = body.substring(1, body.length() - 1).trim();
        if (body.isEmpty()) return new long[0];
        String[] parts = body.split(",");
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) shape[i] = Long.parseLong(parts[i].trim());
        return shape;
    }

    /** float32 little-endian, zlib (deflate) compressed; null stays null. */
    static byte[] encodeFloats(float[] data) {
        if (data == null) return null;
        ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw.array());
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.capacity() / 2));
            byte[] buf = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static float[] decodeFloats(byte[] blob) {
        if (blob == null) return null;
        byte[] raw;
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(blob))) {
            raw = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt array blob in store", e);
        }
        if (raw.length % Float.BYTES != 0) throw new StoreException("Corrupt array blob in store: " + raw.length + " bytes");
        FloatBuffer fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] data = new float[fb.remaining()];
        fb.get(data);
        return data;
    }
}
