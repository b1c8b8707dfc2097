package dev.gradflow.model.train;

import dev.gradflow.model.spec.DatasetSpec.Augmentation;

import java.util.SplittableRandom;
import java.util.Arrays;

/**
 * Random augmentation of training minibatches of images laid out row-major as [channels, height, width] per example.
 * <ul>
 *   <li>{@code shift}: each example is shifted by (dy, dx), each drawn uniformly from {-p..p}; pixels shifted in are
 *       0 (the training mean after {@code standardize}).</li>
 *   <li>{@code crop-flip}: the image is zero-padded by p on every side and a random crop of the original size is taken
 *       (the same as a shift by offsets in {-p..p}), then flipped horizontally with probability 1/2 (the usual CIFAR
 *       augmentation, p = 4).</li>
 * </ul>
 * The random stream is derived from the spec seed and the epoch ({@code "augment"} purpose), so a run is repeatable
 * and changing augmentation never changes masks, initialization or data order. Only training minibatches pass through
 * here: evaluation sets, monitors and test data are never augmented.
 */
public final class Augmenter {
    private final Augmentation kind;
    private final int pixels;
    private final int channels, height, width;

    public Augmenter(Augmentation kind, int pixels, int[] shape) {
        if (kind != Augmentation.NONE && shape.length != 3) {
            throw new IllegalArgumentException("augmentation " + kind.id() + " needs image data of shape [channels, height, "
                    + "width]; this dataset's examples have shape " + Arrays.toString(shape));
        }
        this.kind = kind;
        this.pixels = pixels;
        this.channels = shape.length == 3 ? shape[0] : 1;
        this.height = shape.length == 3 ? shape[1] : 1;
        this.width = shape.length == 3 ? shape[2] : 1;
    }

    public boolean active() {
        return kind != Augmentation.NONE;
    }

    /** Augments {@code count} examples in {@code buf} in place, drawing from {@code rng}. */
    public void apply(float[] buf, int count, SplittableRandom rng) {
        if (!active()) return;
        int plane = height * width;
        int size = channels * plane;
        float[] src = new float[size];
        for (int e = 0; e < count; e++) {
            int dy = rng.nextInt(2 * pixels + 1) - pixels;
            int dx = rng.nextInt(2 * pixels + 1) - pixels;
            boolean flip = kind == Augmentation.CROP_FLIP && rng.nextBoolean();
            int base = e * size;
            System.arraycopy(buf, base, src, 0, size);
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < width; x++) {
                        int cx = flip ? width - 1 - x : x;
                        int sx = cx + dx;
                        float v = sy >= 0 && sy < height && sx >= 0 && sx < width ? src[c * plane + sy * width + sx] : 0f;
                        buf[base + c * plane + y * width + x] = v;
                    }
                }
            }
        }
    }
}
