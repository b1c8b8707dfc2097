package dev.gradflow.model.sparse;

import dev.gradflow.model.spec.InitSpec;

import java.util.SplittableRandom;

/**
 * Draws initial weights for one layer (row-major, masked positions set to exactly 0), following {@link InitSpec}:
 * std = sqrt(2 / fanIn) (He), sqrt(1 / fanIn) (LeCun) or sqrt(2 / (fanIn + fanOut)) (Glorot); normal draws
 * N(0, std^2), uniform draws U(-std*sqrt(3), std*sqrt(3)). With {@code fan = sparse} both fans are multiplied by the
 * layer's density, so every active weight is drawn with std / sqrt(density).
 * Active weights of a sparse layer and of a dense layer are drawn from the same law for the same fans, which is what
 * SC-SDC pairs need.
 */
public final class Initializer {
    private Initializer() {
    }

    public static double std(InitSpec init, WeightShape shape, double density) {
        double scale = init.fan() == InitSpec.Fan.SPARSE ? density : 1.0;
        double fanIn = Math.max(1e-12, shape.fanIn() * scale);
        double fanOut = Math.max(1e-12, shape.fanOut() * scale);
        return switch (init.scheme()) {
            case HE -> Math.sqrt(2.0 / fanIn);
            case LECUN -> Math.sqrt(1.0 / fanIn);
            case GLOROT -> Math.sqrt(2.0 / (fanIn + fanOut));
        };
    }

    public static float[] draw(InitSpec init, LayerMask mask, SplittableRandom rng) {
        return draw(init, -1, mask, rng);
    }

    /** As {@link #draw(InitSpec, LayerMask, SplittableRandom)}; {@code init.layerStd()[layer]}, if set, is the std. */
    public static float[] draw(InitSpec init, int layer, LayerMask mask, SplittableRandom rng) {
        double std = init.layerStd() != null && layer >= 0 && layer < init.layerStd().size()
                ? init.layerStd().get(layer) : std(init, mask.shape(), mask.density());
        float[] m = mask.values();
        float[] w = new float[m.length];
        double a = std * Math.sqrt(3.0);
        for (int i = 0; i < w.length; i++) {
            // Draw for every position so that the active weights of a layer do not depend on which are masked.
            double v = init.distribution() == InitSpec.Law.NORMAL ? rng.nextGaussian() * std : (rng.nextDouble() * 2 - 1) * a;
            w[i] = m[i] != 0f ? (float) v : 0f;
        }
        return w;
    }
}
