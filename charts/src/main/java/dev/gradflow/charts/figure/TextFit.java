package dev.gradflow.charts.figure;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;

/** Measuring and wrapping text for layout: lines break only between words, never inside one. */
public final class TextFit {
    private TextFit() {}

    /** Measurement context matching the exporters' (antialiased, fractional metrics, unscaled). */
    static final FontRenderContext FRC = new FontRenderContext(new AffineTransform(), true, true);

    /** Advance width of a string in a font. */
    public static double width(String s, Font f) {
        return s == null || s.isEmpty() ? 0 : f.getStringBounds(s, FRC).getWidth();
    }

    /** Height of one line (ascent + descent + leading). */
    public static double lineHeight(Font f) { return f.getLineMetrics("Ag", FRC).getHeight(); }

    /** Width of the widest word. */
    public static double widestWord(String s, Font f) {
        double w = 0;
        for (String word : s.split("\\s+")) w = Math.max(w, width(word, f));
        return w;
    }

    /**
     * Greedy word wrap of {@code text} into lines no wider than {@code maxWidth} (a word wider than that gets a line
     * of its own; callers shrink the font first so that this does not happen).
     */
    public static List<String> wrap(String text, Font f, double maxWidth) {
        List<String> lines = new ArrayList<>();
        for (String para : text.split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : para.trim().split("\\s+")) {
                if (word.isEmpty()) continue;
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (line.length() > 0 && width(candidate, f) > maxWidth) {
                    lines.add(line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * The largest font between {@code f} and {@code minSize} (steps of 0.5 pt) at which every word of {@code text}
     * fits in {@code maxWidth}; {@code minSize} if none does.
     */
    public static Font fitWords(String text, Font f, double maxWidth, float minSize) {
        Font g = f;
        while (widestWord(text, g) > maxWidth && g.getSize2D() - 0.5f >= minSize) g = g.deriveFont(g.getSize2D() - 0.5f);
        return g;
    }
}
