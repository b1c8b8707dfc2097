package dev.gradflow.charts.style;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * A continuous colour map sampled into a 256-entry lookup table, linear interpolation in sRGB between control
 * points. Position 0 is the low end, 1 the high end.
 */
public final class Palette {
    public enum Kind { SEQUENTIAL, DIVERGING }

    /** Names accepted by {@link #byName(String)}. */
    public static final List<String> NAMES = List.of("viridis", "magma", "cividis", "rdbu", "coolwarm");

    private final String name;
    private final Kind kind;
    private final int[] lut = new int[256];

    private Palette(String name, Kind kind, int... rgb) {
        this.name = name;
        this.kind = kind;
        int n = rgb.length;
        for (int i = 0; i < 256; i++) {
            double p = i / 255.0 * (n - 1);
            int a = Math.min(n - 2, (int) Math.floor(p));
            double f = p - a;
            lut[i] = 0xFF000000 | lerp(rgb[a], rgb[a + 1], f);
        }
    }

    private static int lerp(int c0, int c1, double f) {
        int r = (int) Math.round(((c0 >> 16) & 0xFF) * (1 - f) + ((c1 >> 16) & 0xFF) * f);
        int g = (int) Math.round(((c0 >> 8) & 0xFF) * (1 - f) + ((c1 >> 8) & 0xFF) * f);
        int b = (int) Math.round((c0 & 0xFF) * (1 - f) + (c1 & 0xFF) * f);
        return (r << 16) | (g << 8) | b;
    }

    private static int rgbf(double r, double g, double b) {
        return ((int) Math.round(r * 255) << 16) | ((int) Math.round(g * 255) << 8) | (int) Math.round(b * 255);
    }

    private static final Palette VIRIDIS = new Palette("viridis", Kind.SEQUENTIAL,
            // matplotlib's viridis (van der Walt & Smith, CC0), every 17th of its 256 entries
            rgbf(0.267004, 0.004874, 0.329415), rgbf(0.282656, 0.100196, 0.422160),
            rgbf(0.277134, 0.185228, 0.489898), rgbf(0.253935, 0.265254, 0.529983),
            rgbf(0.221989, 0.339161, 0.548752), rgbf(0.190631, 0.407061, 0.556089),
            rgbf(0.163625, 0.471133, 0.558148), rgbf(0.139147, 0.533812, 0.555298),
            rgbf(0.120565, 0.596422, 0.543611), rgbf(0.134692, 0.658636, 0.517649),
            rgbf(0.208030, 0.718701, 0.472873), rgbf(0.319809, 0.770914, 0.411152),
            rgbf(0.468053, 0.818921, 0.323998), rgbf(0.626579, 0.854645, 0.223353),
            rgbf(0.783315, 0.879285, 0.125405), rgbf(0.993248, 0.906157, 0.143936));

    private static final Palette MAGMA = new Palette("magma", Kind.SEQUENTIAL,
            0x000004, 0x180F3E, 0x451077, 0x721F81, 0x9F2F7F, 0xCD4071, 0xF1605D, 0xFD9567, 0xFEC98D, 0xFCFDBF);

    private static final Palette CIVIDIS = new Palette("cividis", Kind.SEQUENTIAL,
            0x00204D, 0x00336F, 0x39486B, 0x575C6D, 0x707173, 0x8A8779, 0xA69D75, 0xC4B56C, 0xE4CF5B, 0xFFEA46);

    /** ColorBrewer RdBu (11 classes), ordered blue (low, negative) - white - red (high, positive). */
    private static final Palette RDBU = new Palette("rdbu", Kind.DIVERGING,
            0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B, 0x67001F);

    /** Moreland's cool-warm diverging map. */
    private static final Palette COOLWARM = new Palette("coolwarm", Kind.DIVERGING,
            0x3B4CC0, 0x8DB0FE, 0xDDDDDD, 0xF49A7B, 0xB40426);

    public static Palette viridis() { return VIRIDIS; }

    public static Palette magma() { return MAGMA; }

    public static Palette cividis() { return CIVIDIS; }

    public static Palette rdbu() { return RDBU; }

    public static Palette coolwarm() { return COOLWARM; }

    public static Palette byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "viridis" -> VIRIDIS;
            case "magma" -> MAGMA;
            case "cividis" -> CIVIDIS;
            case "rdbu", "rdbu_r", "bwr" -> RDBU;
            case "coolwarm" -> COOLWARM;
            default -> throw new IllegalArgumentException("unknown palette '" + name + "', known: " + NAMES);
        };
    }

    public String name() { return name; }

    public Kind kind() { return kind; }

    /** ARGB (opaque) colour at position t in [0, 1] (clamped; NaN gives the low end). */
    public int argb(double t) {
        if (!(t > 0)) return lut[0];
        if (t >= 1) return lut[255];
        return lut[(int) (t * 255 + 0.5)];
    }

    public Color color(double t) { return new Color(argb(t), true); }

    /** Index in the 256-entry table whose colour is nearest to the given RGB (for tests and diagnostics). */
    public int nearestIndex(int rgb) {
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < 256; i++) {
            int c = lut[i];
            long dr = ((c >> 16) & 0xFF) - ((rgb >> 16) & 0xFF);
            long dg = ((c >> 8) & 0xFF) - ((rgb >> 8) & 0xFF);
            long db = (c & 0xFF) - (rgb & 0xFF);
            long d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() { return name; }
}
