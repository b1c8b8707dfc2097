package dev.gradflow.model.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes unsigned-byte IDX files (gzipped if the name ends in .gz); used by tests and the sample generator. */
final class IdxWriter {
    private IdxWriter() {}

    /** The bytes of an IDX file: 0, 0, type 0x08, dims.length, big-endian dims, then {@code data}. */
    static byte[] idx(int[] dims, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) out.writeInt(d);
            out.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return idx(new int[] {count, rows, cols}, pixels);
    }

    static byte[] labels(byte[] labels) {
        return idx(new int[] {labels.length}, labels);
    }

    /** Writes {@code content} to {@code file}, gzipping it if the file name ends in .gz. */
    static Path write(Path file, byte[] content) throws IOException {
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }
}
