package dev.gradflow.model.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes NumPy {@code .npz} archives: a zip of {@code <name>.npy} files in NPY format version 1.0, each a
 * little-endian float32 ({@code '<f4'}) array in C (row-major) order. Readable with {@code numpy.load}.
 */
public final class NpzWriter {
    private NpzWriter() {}

    /** A float32 array with its shape; {@code data.length} must equal the product of {@code shape}. */
    public record NpyArray(long[] shape, float[] data) {
        public NpyArray {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(data, "data");
            long n = 1;
            for (long d : shape) {
                if (d < 0) throw new IllegalArgumentException("Negative dimension in shape " + Arrays.toString(shape));
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("Shape " + Arrays.toString(shape) + " needs " + n
                        + " values but data has " + data.length);
            }
        }

        /** A one-dimensional array. */
        public static NpyArray of(float... data) { return new NpyArray(new long[]{data.length}, data); }
    }

    /** Writes {@code arrays} (in iteration order) to {@code out}, creating parent directories and overwriting. */
    public static void write(Path out, LinkedHashMap<String, NpyArray> arrays) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16))) {
            zip.setLevel(1);
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                writeNpy(zip, e.getValue());
                zip.closeEntry();
            }
        }
    }

    /** Writes one array in NPY 1.0 format. */
    public static void writeNpy(OutputStream out, NpyArray array) throws IOException {
        out.write(npyHeader(array.shape()));
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = array.data();
        for (float v : data) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(v);
        }
        out.write(buf.array(), 0, buf.position());
    }

    /** Magic, version 1.0, header length and the header dict, padded with spaces to a multiple of 64 bytes. */
    static byte[] npyHeader(long[] shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) dims.append(", ");
            dims.append(shape[i]);
        }
        if (shape.length == 1) dims.append(',');
        dims.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
        int preamble = 6 + 2 + 2;
        int total = preamble + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        if (header.length() > 0xFFFF) throw new IllegalArgumentException("NPY header too long for version 1.0");
        ByteBuffer b = ByteBuffer.allocate(preamble + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
