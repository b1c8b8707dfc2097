package dev.gradflow.model.data;

import java.util.List;

/**
 * Parses the CIFAR binary formats. CIFAR-10: records of 1 label byte + 3072 pixel bytes. CIFAR-100: records of
 * 1 coarse label byte + 1 fine label byte + 3072 pixel bytes. Pixels are 1024 red, 1024 green, 1024 blue values,
 * each plane row-major 32x32, kept in that channel-major order (shape {@code [3, 32, 32]}).
 */
final class CifarReader {
    private CifarReader() {}

    static final int PIXELS = 3 * 32 * 32;
    static final int[] SHAPE = {3, 32, 32};

    /** Features (0..255) and labels parsed from a list of files, concatenated in order. */
    record Parsed(float[] features, int[] labels) {}

    /** CIFAR-10 files: every label must be 0..9. */
    static Parsed cifar10(List<SourceFiles.Named> files) {
        return parse(files, "CIFAR-10", new int[] {10}, 0);
    }

    /** CIFAR-100 files: coarse labels 0..19, fine labels 0..99; {@code fine} picks which one is returned. */
    static Parsed cifar100(List<SourceFiles.Named> files, boolean fine) {
        return parse(files, "CIFAR-100", new int[] {20, 100}, fine ? 1 : 0);
    }

    private static Parsed parse(List<SourceFiles.Named> files, String format, int[] labelLimits, int labelIndex) {
        int labelBytes = labelLimits.length;
        int record = labelBytes + PIXELS;
        long total = 0;
        for (SourceFiles.Named f : files) {
            if (f.data().length == 0 || f.data().length % record != 0) {
                throw new DataException(f.name() + ": file length " + f.data().length + " is not a multiple of the "
                        + format + " record size " + record + " (" + labelBytes + " label byte(s) + " + PIXELS
                        + " pixel bytes); truncated or not a " + format + " binary file");
            }
            total += f.data().length / record;
        }
        if (total * PIXELS > Integer.MAX_VALUE - 16) throw new DataException(format + ": too many records to load");
        float[] features = new float[(int) (total * PIXELS)];
        int[] labels = new int[(int) total];
        int n = 0;
        for (SourceFiles.Named f : files) {
            byte[] d = f.data();
            for (int r = 0, off = 0; off < d.length; r++, off += record, n++) {
                for (int b = 0; b < labelBytes; b++) {
                    int v = d[off + b] & 0xFF;
                    if (v >= labelLimits[b]) {
                        String which = labelBytes == 1 ? "label" : b == 0 ? "coarse label" : "fine label";
                        throw new DataException(f.name() + ": record " + r + " has " + which + " " + v + ", outside 0.."
                                + (labelLimits[b] - 1) + "; corrupt or not a " + format + " binary file");
                    }
                }
                labels[n] = d[off + labelIndex] & 0xFF;
                int base = n * PIXELS;
                for (int p = 0; p < PIXELS; p++) features[base + p] = d[off + labelBytes + p] & 0xFF;
            }
        }
        return new Parsed(features, labels);
    }
}
