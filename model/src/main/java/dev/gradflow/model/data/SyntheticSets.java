package dev.gradflow.model.data;

import dev.gradflow.model.spec.DatasetSpec.DatasetId;

import java.util.Random;

/**
 * Seeded 2-D toy sets, all on a scale of radius 1 with isotropic gaussian noise of standard deviation {@code noise}
 * added to both coordinates. Example {@code i} belongs to class {@code i % classes}, so classes are balanced.
 * <ul>
 *   <li>spirals: arm c, t uniform in [0,1): r = t, angle = 2&pi;c/classes + 4t (radians)</li>
 *   <li>circles: 2 classes, class 0 on the circle of radius 1, class 1 on radius 0.5, angle uniform</li>
 *   <li>xor: 4 gaussian clusters centred at (&plusmn;0.5, &plusmn;0.5); class 0 for quadrants I and III, class 1 for II and IV</li>
 *   <li>blobs: class c is a gaussian blob centred at (cos, sin)(2&pi;c/classes)</li>
 * </ul>
 */
final class SyntheticSets {
    private SyntheticSets() {}

    /** Bumped whenever a formula changes, and part of the checksum, so old runs never alias new data. */
    static final int VERSION = 1;

    /** All {@code examples} points (train and test together), shape [2]. */
    static Dataset generate(DatasetId id, int examples, double noise, int classes, long seed) {
        Random random = new Random(seed);
        float[] xy = new float[2 * examples];
        int[] labels = new int[examples];
        for (int i = 0; i < examples; i++) {
            double x, y;
            int label = i % classes;
            switch (id) {
                case SPIRALS -> {
                    double t = random.nextDouble();
                    double angle = 2 * Math.PI * label / classes + 4 * t;
                    x = t * Math.cos(angle);
                    y = t * Math.sin(angle);
                }
                case CIRCLES -> {
                    double r = label == 0 ? 1.0 : 0.5;
                    double angle = 2 * Math.PI * random.nextDouble();
                    x = r * Math.cos(angle);
                    y = r * Math.sin(angle);
                }
                case XOR -> {
                    int quadrant = i % 4;                   // I, II, III, IV
                    label = quadrant % 2;
                    x = quadrant == 0 || quadrant == 3 ? 0.5 : -0.5;
                    y = quadrant < 2 ? 0.5 : -0.5;
                }
                case BLOBS -> {
                    double angle = 2 * Math.PI * label / classes;
                    x = Math.cos(angle);
                    y = Math.sin(angle);
                }
                default -> throw new IllegalArgumentException(id.id() + " is not a synthetic dataset");
            }
            xy[2 * i] = (float) (x + noise * random.nextGaussian());
            xy[2 * i + 1] = (float) (y + noise * random.nextGaussian());
            labels[i] = label;
        }
        return new Dataset(id.id(), xy, labels, new int[] {2}, classes);
    }
}
