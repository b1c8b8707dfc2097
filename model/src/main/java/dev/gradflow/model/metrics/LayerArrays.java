package dev.gradflow.model.metrics;

/**
 * A snapshot of one weight layer's parameters, row-major float32. {@code weightShape} is the DL4J shape of
 * the weight tensor ([nIn, nOut] for dense layers, [out, in, kh, kw] for convolutions); the mask has the same
 * shape, 1 = active, 0 = masked. Bias has shape [nOut].
 */
public record LayerArrays(String name, long[] weightShape, float[] weights, float[] bias, float[] mask) {
}
