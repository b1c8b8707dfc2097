package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Weight initialization (biases start at 0). With fan {@code n}:
 * He: std = sqrt(2/n); LeCun: std = sqrt(1/n); Glorot: std = sqrt(2/(n_in + n_out)).
 * {@code normal} draws N(0, std^2); {@code uniform} draws U(-a, a) with a = std * sqrt(3) (same variance).
 * {@code fan = dense} uses the dense layer's fan-in/fan-out; {@code fan = sparse} multiplies them by the layer's
 * density (the expected number of active connections), which scales active weights by 1/sqrt(density).
 * {@code layerStd} (optional, one per weight layer, hidden layers then output) overrides the scheme and fan: layer
 * l's weights are drawn with exactly that standard deviation. SC-SDC uses it to give a wide sparse net and its
 * narrow dense counterpart the same per-layer law (the dense net's). Left out of the JSON when unset, so the hashes
 * of specs without it are unchanged.
 */
public record InitSpec(Scheme scheme, Law distribution, Fan fan,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> layerStd) {
    @JsonCreator
    public InitSpec {
        if (scheme == null) scheme = Scheme.HE;
        if (distribution == null) distribution = Law.NORMAL;
        if (fan == null) fan = Fan.DENSE;
        if (layerStd != null) layerStd = List.copyOf(layerStd);
    }

    /** The scheme, law and fan (null = default each), without per-layer standard deviations. */
    public static InitSpec of(Scheme scheme, Law distribution, Fan fan) {
        return new InitSpec(scheme, distribution, fan, null);
    }

    /** He, normal, dense fan. */
    public static InitSpec defaults() {
        return of(null, null, null);
    }

    public InitSpec withFan(Fan v) {
        return new InitSpec(scheme, distribution, v, layerStd);
    }

    public InitSpec withLayerStd(List<Double> std) {
        return new InitSpec(scheme, distribution, fan, std);
    }

    public enum Scheme implements SpecEnum {
        HE("he"), GLOROT("glorot"), LECUN("lecun");
        private final String id;
        Scheme(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Scheme of(String id) { return SpecEnum.parse(Scheme.class, id); }
    }

    public enum Law implements SpecEnum {
        NORMAL("normal"), UNIFORM("uniform");
        private final String id;
        Law(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Law of(String id) { return SpecEnum.parse(Law.class, id); }
    }

    public enum Fan implements SpecEnum {
        DENSE("dense"), SPARSE("sparse");
        private final String id;
        Fan(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Fan of(String id) { return SpecEnum.parse(Fan.class, id); }
    }
}
