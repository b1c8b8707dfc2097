package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * One block of a convolutional network ({@code architecture.type = cnn}): a 2-D convolution (masked kernel of shape
 * [filters, inChannels, kernel, kernel]), optional BatchNorm, the activation, then optional pooling.
 *
 * @param filters    output channels (>= 1)
 * @param kernel     square kernel size (>= 1)
 * @param stride     convolution stride (>= 1)
 * @param same       {@code true}: "same" padding (output size = ceil(input / stride), DL4J ConvolutionMode.Same);
 *                   {@code false}: explicit zero {@code padding} and output floor((in + 2 padding - kernel)/stride) + 1
 * @param padding    zero padding on every side when {@code same} is false
 * @param activation activation after the (optionally batch-normalized) convolution; PReLU/SReLU parameters are per
 *                   channel, shared over the spatial positions
 * @param batchNorm  BatchNorm (per channel) between convolution and activation
 * @param pooling    {@code none}, {@code max} or {@code avg} pooling after the activation
 * @param poolSize   pooling window and stride
 */
public record ConvBlockSpec(Integer filters, Integer kernel, Integer stride, Boolean same, Integer padding,
                            Activation activation, Boolean batchNorm, Pooling pooling, Integer poolSize) {
    public ConvBlockSpec {
        if (kernel == null) kernel = 3;
        if (stride == null) stride = 1;
        if (same == null) same = true;
        if (padding == null) padding = 0;
        if (activation == null) activation = Activation.RELU;
        if (batchNorm == null) batchNorm = false;
        if (pooling == null) pooling = Pooling.NONE;
        if (poolSize == null) poolSize = 2;
    }

    public static ConvBlockSpec of(int filters, int kernel, Activation activation, Pooling pooling) {
        return new ConvBlockSpec(filters, kernel, 1, true, 0, activation, false, pooling, 2);
    }

    public ConvBlockSpec withStride(Integer v) {
        return new ConvBlockSpec(filters, kernel, v, same, padding, activation, batchNorm, pooling, poolSize);
    }

    /** Explicit zero padding on every side ({@code same} off). */
    public ConvBlockSpec withPadding(Integer v) {
        return new ConvBlockSpec(filters, kernel, stride, false, v, activation, batchNorm, pooling, poolSize);
    }

    /** "same" padding on or off (padding kept). */
    public ConvBlockSpec withSame(Boolean v) {
        return new ConvBlockSpec(filters, kernel, stride, v, padding, activation, batchNorm, pooling, poolSize);
    }

    public ConvBlockSpec withBatchNorm(Boolean v) {
        return new ConvBlockSpec(filters, kernel, stride, same, padding, activation, v, pooling, poolSize);
    }

    public ConvBlockSpec withPoolSize(Integer v) {
        return new ConvBlockSpec(filters, kernel, stride, same, padding, activation, batchNorm, pooling, v);
    }

    public enum Pooling implements SpecEnum {
        NONE("none"), MAX("max"), AVG("avg");
        private final String id;
        Pooling(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Pooling of(String id) { return SpecEnum.parse(Pooling.class, id); }
    }
}
