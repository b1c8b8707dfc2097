package dev.gradflow.model.spec;

import dev.gradflow.model.spec.DatasetSpec.DatasetId;

import java.util.Arrays;
import java.util.List;

/**
 * Rules that need the shape of the data: the feature map after every convolution and pooling of a {@code cnn} or
 * {@code residual-cnn} (DL4J's arithmetic, so that nothing {@code validate} accepts fails when the network is built or
 * first trained), and bounds on the sizes a network can train with (docs/spec.md, "Size limits").
 * <p>
 * The shape is the dataset's known input shape ({@link #knownInputShape}); for {@code idx} folders it is known only
 * once the files are read, and {@code train} checks again with the shape it loaded.
 */
public final class ShapeRules {
    /** At most this many weight layers (convolutions, hidden layers, projections and the output layer). */
    static final int MAX_WEIGHT_LAYERS = 256;
    /** At most this many weights (masked positions included) in the whole network. */
    static final long MAX_WEIGHTS = 100_000_000L;
    /**
     * At most this many activation values in one forward pass: max(batchSize, evaluation.examples) times the values
     * each example produces in the weight layers' outputs (and pooling outputs). 5e8 float32 values are 2 GB, and
     * training keeps several such copies (pre-activations, activations, their gradients).
     */
    static final long MAX_ACTIVATION_VALUES = 500_000_000L;

    private ShapeRules() {
    }

    /** The per-example shape of a dataset id when it is fixed ([1,28,28], [3,32,32], [2]); null for {@code idx}. */
    public static int[] knownInputShape(DatasetSpec d) {
        return switch (d.id()) {
            case FASHION_MNIST, FASHION_MNIST_SAMPLE -> new int[]{1, 28, 28};
            case CIFAR10, CIFAR100 -> new int[]{3, 32, 32};
            case SPIRALS, CIRCLES, XOR, BLOBS -> new int[]{2};
            case IDX -> null;
        };
    }

    /** The number of classes when fixed by the dataset id; null for {@code idx} (max label + 1). */
    public static Integer knownClasses(DatasetSpec d) {
        return switch (d.id()) {
            case FASHION_MNIST, FASHION_MNIST_SAMPLE, CIFAR10 -> 10;
            case CIFAR100 -> d.labels() == DatasetSpec.CifarLabels.COARSE ? 20 : 100;
            case SPIRALS, CIRCLES, XOR, BLOBS -> d.classes();
            case IDX -> null;
        };
    }

    interface Sink {
        void add(String path, Object value, String expected);
    }

    /**
     * Checks {@code s} against input examples of shape {@code shape} ([features] or [channels, height, width]) and
     * {@code classes} classes (null: unknown, the output layer is then left out of the weight count).
     */
    static void check(ExperimentSpec s, int[] shape, Integer classes, String shapeSource, Sink sink) {
        ArchitectureSpec a = s.architecture();
        String against = "checked against the input shape " + Arrays.toString(shape) + " of " + shapeSource;
        long weights = 0;
        long valuesPerExample = 0;
        int nIn;
        if (a.type() == ArchitectureSpec.Type.CNN || a.type() == ArchitectureSpec.Type.RESIDUAL_CNN) {
            if (shape.length != 3) {
                sink.add("architecture.type", "\"" + a.type().id() + "\"", "mlp or residual-mlp for examples of shape "
                        + Arrays.toString(shape) + " (" + a.type().id() + " needs images [channels, height, width]; "
                        + against + ")");
                return;
            }
            int c = shape[0], h = shape[1], w = shape[2];
            if (a.type() == ArchitectureSpec.Type.CNN) {
                int pooled = 0;
                for (int i = 0; i < a.blocks().size(); i++) {
                    ConvBlockSpec b = a.blocks().get(i);
                    if (b.filters() == null || b.filters() < 1 || b.kernel() < 1 || b.stride() < 1 || b.poolSize() < 1
                            || b.padding() < 0) {
                        return; // range rules report these
                    }
                    String p = "architecture.blocks[" + i + "]";
                    int k = b.kernel(), st = b.stride();
                    String input = h + "x" + w + " input of this block" + (i == 0 ? "" : " (after " + i + " block"
                            + (i == 1 ? "" : "s") + ")");
                    if (b.same()) {
                        if (!sameOk(h, k, st) || !sameOk(w, k, st)) {
                            sink.add(p + ".stride", st, "a stride whose kernel windows cover the " + input
                                    + " with same padding (any stride up to kernel + 1 = " + (k + 1) + " does): with "
                                    + "stride " + st + " some input rows are never read, and DL4J would need negative "
                                    + "padding (" + against + ")");
                            return;
                        }
                        h = ceilDiv(h, st);
                        w = ceilDiv(w, st);
                    } else {
                        int pad = b.padding();
                        if (k > h + 2 * pad || k > w + 2 * pad) {
                            sink.add(p + ".kernel", k, "a kernel of at most " + (Math.min(h, w) + 2 * pad) + " for the "
                                    + input + (pad > 0 ? " padded by " + pad : "") + " with same: false, or same: true ("
                                    + against + ")");
                            return;
                        }
                        h = (h + 2 * pad - k) / st + 1;
                        w = (w + 2 * pad - k) / st + 1;
                    }
                    weights += (long) c * k * k * b.filters();
                    c = b.filters();
                    valuesPerExample += (long) c * h * w;
                    if (b.pooling() != ConvBlockSpec.Pooling.NONE) {
                        if (b.poolSize() > h || b.poolSize() > w) {
                            String why = pooled > 0 ? "; " + pooled + " earlier pooling block" + (pooled == 1 ? "" : "s")
                                    + " already shrank the map: too many pooling blocks for this input" : "";
                            sink.add(p + ".poolSize", b.poolSize(), "a pooling window of at most " + Math.min(h, w)
                                    + " for the " + h + "x" + w + " feature map of this block" + why + " (" + against + ")");
                            return;
                        }
                        h /= b.poolSize();
                        w /= b.poolSize();
                        pooled++;
                        valuesPerExample += (long) c * h * w;
                    }
                }
                nIn = a.globalPooling() != ConvBlockSpec.Pooling.NONE ? c : c * h * w;
                if ((long) c * h * w > Integer.MAX_VALUE) nIn = Integer.MAX_VALUE;
            } else {
                if (a.stages() == null || a.blocksPerStage() == null || a.baseChannels() == null || a.widthFactor() == null
                        || a.stages() < 1 || a.stages() > 6 || a.blocksPerStage() < 1 || a.blocksPerStage() > 32
                        || a.baseChannels() < 1 || a.baseChannels() > 1024 || a.widthFactor() < 1 || a.widthFactor() > 32) {
                    return; // range rules report these
                }
                // stem: 3x3 stride 1, same
                weights += (long) c * 9 * a.baseChannels();
                c = a.baseChannels();
                valuesPerExample += (long) c * h * w;
                for (int st = 1; st <= a.stages(); st++) {
                    long width = a.stageChannels(st);
                    for (int b = 1; b <= a.blocksPerStage(); b++) {
                        int stride = st > 1 && b == 1 ? 2 : 1;
                        if (!sameOk(h, 3, stride) || !sameOk(w, 3, stride) || !sameOk(h, 1, stride) || !sameOk(w, 1, stride)) {
                            sink.add("architecture.stages", a.stages(), "fewer stages for the " + h + "x" + w
                                    + " feature map of stage " + st + " (" + against + ")");
                            return;
                        }
                        int h2 = ceilDiv(h, stride), w2 = ceilDiv(w, stride);
                        weights += c * 9 * width + width * 9 * width;
                        if (c != width || stride != 1) weights += c * width;
                        valuesPerExample += 3 * width * h2 * w2;
                        h = h2;
                        w = w2;
                        c = (int) Math.min(width, Integer.MAX_VALUE);
                    }
                }
                nIn = c;
            }
        } else {
            long in = 1;
            for (int d : shape) in *= d;
            nIn = (int) Math.min(in, Integer.MAX_VALUE);
        }
        List<LayerSpec> layers = a.layers();
        int prev = nIn;
        for (LayerSpec l : layers) {
            if (l.width() == null || l.width() < 1) return;
            weights += (long) prev * l.width();
            if (a.type() == ArchitectureSpec.Type.RESIDUAL_MLP && prev != l.width() && l != layers.get(0)) {
                weights += (long) prev * l.width();
            }
            valuesPerExample += l.width();
            prev = l.width();
        }
        if (classes != null) {
            weights += (long) prev * classes;
            valuesPerExample += classes;
        }
        if (weights > MAX_WEIGHTS) {
            sink.add("architecture", String.format("%,d weights", weights), String.format("at most %,d weights "
                    + "(a network this large cannot train in the workbench's memory; %s)", MAX_WEIGHTS, against));
        }
        int batch = s.training().batchSize(), evalExamples = s.evaluation().examples();
        long examples = Math.max(batch, evalExamples);
        if (valuesPerExample > 0 && examples * valuesPerExample > MAX_ACTIVATION_VALUES) {
            long fits = Math.max(1, MAX_ACTIVATION_VALUES / valuesPerExample);
            String path = batch >= evalExamples ? "training.batchSize" : "evaluation.examples";
            sink.add(path, examples, String.format("at most %,d for this network: each example produces %,d activation "
                    + "values, and one pass may hold at most %,d (%s)", fits, valuesPerExample, MAX_ACTIVATION_VALUES, against));
        }
    }

    /**
     * DL4J's same-mode padding for one dimension is ((ceil(in/s) - 1) * s + k - in) / 2 in integer arithmetic, and
     * the layer is rejected at build or first use when that is negative.
     */
    static boolean sameOk(int in, int k, int stride) {
        int out = ceilDiv(in, stride);
        return ((out - 1) * stride + k - in) / 2 >= 0;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static String describe(DatasetSpec d) {
        return d.id() == DatasetId.IDX ? "the idx files" : "dataset " + d.id().id();
    }
}
