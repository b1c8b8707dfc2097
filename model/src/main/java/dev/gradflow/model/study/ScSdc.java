package dev.gradflow.model.study;

import dev.gradflow.model.sparse.Initializer;
import dev.gradflow.model.sparse.LayerMask;
import dev.gradflow.model.sparse.WeightShape;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.InitSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.SparsitySpec;

import java.util.ArrayList;
import java.util.List;

/**
 * SC-SDC (Same Capacity Sparse vs Dense Comparison, docs/science.md): from a sparse MLP spec (its hidden widths are the
 * sparse widths w_S) and a dense width w_D, derive
 * <ul>
 *   <li>the dense counterpart: the same spec with every hidden layer w_D wide and no sparsity, and</li>
 *   <li>the sparse net: the spec with explicit per-layer densities chosen so that layer l has exactly as many active
 *       weights as the dense net's layer l: density_l = (in_D * out_D) / (in_S * out_S), i.e. w_D/w_S for the input and
 *       output layers and (w_D/w_S)^2 for hidden-to-hidden layers (equal widths).</li>
 * </ul>
 * Masks activate {@code round(density * count)} weights; the density is nudged by ulps until that rounding gives the
 * target exactly ({@link LayerMatch#difference()} is 0 then; it is reported if that is impossible).
 *
 * <p>Initialization: both nets get the same explicit per-layer standard deviation ({@code init.layerStd}), namely the
 * std the spec's scheme gives the DENSE net's layer (dense fans). The active weights of both nets are then drawn from
 * exactly the same law, so an SC-SDC difference cannot come from a different initial scale. (With the scheme's own
 * fans the wide sparse net would draw smaller weights - fan_in w_S instead of w_D - and {@code fan: sparse} would not
 * match either: w_S * (w_D/w_S)^2 != w_D for hidden layers.)
 */
public final class ScSdc {
    private ScSdc() {
    }

    /** One weight layer of a pair: its sparse weight count, the target (dense counterpart's weights), and the result. */
    public record LayerMatch(String name, long sparseWeights, long target, long sparseActive, double density, double std) {
        /** sparse active minus dense weights: 0 when matched exactly. */
        public long difference() { return sparseActive - target; }
    }

    public record Pair(int denseWidth, ExperimentSpec sparse, ExperimentSpec dense, List<LayerMatch> layers) {
        public boolean exact() { return layers.stream().allMatch(l -> l.difference() == 0); }
        public long activeWeights() { return layers.stream().mapToLong(LayerMatch::target).sum(); }
    }

    /** Input features and classes of a dataset, without loading it; null when only loading can tell (idx). */
    public static int[] dims(DatasetSpec d) {
        return switch (d.id()) {
            case FASHION_MNIST, FASHION_MNIST_SAMPLE -> new int[]{784, 10};
            case CIFAR10 -> new int[]{3072, 10};
            case CIFAR100 -> new int[]{3072, d.labels() == DatasetSpec.CifarLabels.COARSE ? 20 : 100};
            case SPIRALS, BLOBS, XOR, CIRCLES -> new int[]{2, d.classes()};
            default -> null;
        };
    }

    public static Pair derive(ExperimentSpec sparseSpec, int denseWidth, int inputs, int classes) {
        List<LayerSpec> hidden = sparseSpec.architecture().layers();
        if (hidden.isEmpty()) throw new IllegalArgumentException("SC-SDC needs an MLP with at least one hidden layer");
        if (denseWidth < 1) throw new IllegalArgumentException("dense width must be >= 1, got " + denseWidth);
        List<LayerSpec> denseLayers = new ArrayList<>();
        for (LayerSpec l : hidden) {
            if (l.width() < denseWidth) {
                throw new IllegalArgumentException("dense width " + denseWidth + " exceeds the sparse width " + l.width()
                        + ": the sparse net must be at least as wide as its dense counterpart");
            }
            denseLayers.add(l.withWidth(denseWidth));
        }
        List<LayerMatch> matches = new ArrayList<>();
        List<Double> densities = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        InitSpec init = InitSpec.of(sparseSpec.init().scheme(), sparseSpec.init().distribution(), InitSpec.Fan.DENSE);
        long inS = inputs, inD = inputs;
        for (int i = 0; i <= hidden.size(); i++) {
            long outS = i < hidden.size() ? hidden.get(i).width() : classes;
            long outD = i < hidden.size() ? denseWidth : classes;
            String name = i < hidden.size() ? "dense" + (i + 1) : "output";
            long count = inS * outS, target = inD * outD;
            double density = densityFor(target, count);
            long active = activeFor(density, count);
            double std = Initializer.std(init, WeightShape.dense(name, inD, outD), 1.0);
            matches.add(new LayerMatch(name, count, target, active, density, std));
            densities.add(density);
            stds.add(std);
            inS = outS;
            inD = outD;
        }
        InitSpec sharedInit = sparseSpec.init().withLayerStd(stds);
        ExperimentSpec sparse = sparseSpec.withSparsity(SparsitySpec.explicit(densities)).withInit(sharedInit);
        ExperimentSpec dense = sparseSpec
                .withArchitecture(ArchitectureSpec.of(sparseSpec.architecture().type(), denseLayers))
                .withSparsity(SparsitySpec.dense()).withInit(sharedInit);
        return new Pair(denseWidth, sparse, dense, matches);
    }

    /** The number of active weights {@link LayerMask#random} gives for a density. */
    static long activeFor(double density, long count) {
        return Math.max(1, Math.min(count, Math.round(density * count)));
    }

    /** A density in (0, 1] whose mask has exactly {@code target} active weights when that is possible. */
    static double densityFor(long target, long count) {
        if (target >= count) return 1.0;
        double d = (double) target / count;
        for (int i = 0; i < 64 && activeFor(d, count) != target; i++) {
            d = activeFor(d, count) < target ? Math.nextUp(d) : Math.nextDown(d);
        }
        return Math.min(1.0, d);
    }
}
