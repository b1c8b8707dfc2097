package dev.gradflow.model.data;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Parses IDX files (the MNIST format): two zero bytes, a type byte (only {@code 0x08}, unsigned byte, is supported),
 * a dimension count, one big-endian int per dimension, then the data. Every inconsistency is a {@link DataException}
 * naming the file.
 */
final class IdxReader {
    private IdxReader() {}

    /** Images: {@code count} examples of the given per-example shape, pixel values 0..255. */
    record Images(int count, int[] shape, float[] pixels) {}

    static Images images(String file, byte[] data) {
        int[] dims = header(file, data, 2, 4, 0x803);
        int count = dims[0];
        long perExample = 1;
        for (int i = 1; i < dims.length; i++) perExample *= dims[i];
        long expected = count * perExample;
        checkLength(file, data, dims, expected, count + " images of " + dimsText(dims, 1));
        if (expected > Integer.MAX_VALUE - 16) {
            throw new DataException(file + ": " + count + " images of " + dimsText(dims, 1) + " are too large to load");
        }
        int offset = 4 + 4 * dims.length;
        float[] pixels = new float[(int) expected];
        for (int i = 0; i < pixels.length; i++) pixels[i] = data[offset + i] & 0xFF;
        int[] shape = dims.length == 3 ? new int[] {1, dims[1], dims[2]} : Arrays.copyOfRange(dims, 1, dims.length);
        return new Images(count, shape, pixels);
    }

    static int[] labels(String file, byte[] data) {
        int[] dims = header(file, data, 1, 1, 0x801);
        checkLength(file, data, dims, dims[0], dims[0] + " labels");
        int[] labels = new int[dims[0]];
        for (int i = 0; i < labels.length; i++) labels[i] = data[8 + i] & 0xFF;
        return labels;
    }

    private static int[] header(String file, byte[] data, int minDims, int maxDims, int example) {
        if (data.length < 4) {
            throw new DataException(file + ": only " + data.length + " bytes, too short for an IDX header");
        }
        int magic = ByteBuffer.wrap(data, 0, 4).getInt();
        int ndims = data[3] & 0xFF;
        if ((magic >>> 16) != 0) {
            throw new DataException(String.format("%s: bad IDX magic number 0x%08X, expected 0x%08X; not an IDX file",
                    file, magic, example));
        }
        int type = data[2] & 0xFF;
        if (type != 0x08) {
            throw new DataException(String.format("%s: IDX data type 0x%02X is not supported, only 0x08 (unsigned byte)",
                    file, type));
        }
        if (ndims < minDims || ndims > maxDims) {
            throw new DataException(String.format("%s: IDX magic number 0x%08X declares %d dimensions, expected %s "
                    + "(magic 0x%08X)", file, magic, ndims,
                    minDims == maxDims ? String.valueOf(minDims) : minDims + " to " + maxDims, example));
        }
        if (data.length < 4 + 4 * ndims) {
            throw new DataException(file + ": truncated IDX header (" + data.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(data, 4, 4 * ndims);
        int[] dims = new int[ndims];
        for (int i = 0; i < ndims; i++) {
            dims[i] = buf.getInt();
            if (dims[i] <= 0) throw new DataException(file + ": IDX dimension " + i + " is " + dims[i] + ", must be positive");
        }
        return dims;
    }

    private static void checkLength(String file, byte[] data, int[] dims, long expected, String what) {
        long available = data.length - 4L - 4L * dims.length;
        if (available < expected) {
            throw new DataException(file + ": truncated: header declares " + what + " (" + expected
                    + " bytes of data) but only " + available + " bytes follow");
        }
        if (available > expected) {
            throw new DataException(file + ": header declares " + what + " (" + expected + " bytes of data) but "
                    + (available - expected) + " extra bytes follow; corrupt or not matching its header");
        }
    }

    private static String dimsText(int[] dims, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < dims.length; i++) sb.append(i > from ? "x" : "").append(dims[i]);
        return sb.toString();
    }
}
