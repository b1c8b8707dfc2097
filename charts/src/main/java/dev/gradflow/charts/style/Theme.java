package dev.gradflow.charts.style;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * Colours of everything that is not data: light (print) or dark (presentation). Run colours follow the
 * Okabe-Ito colour-blind-safe set.
 */
public record Theme(String name, Color background, Color plotBackground, Color text, Color axisLine, Color grid,
                    Color missing, Color marker, List<Color> runColors) {

    public static final Theme LIGHT = new Theme("light", Color.WHITE, Color.WHITE, new Color(0x1A1A1A),
            new Color(0x444444), new Color(0xDDDDDD), new Color(0xE6E6E6), new Color(0, 0, 0, 150),
            List.of(new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
                    new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xB8A700)));

    public static final Theme DARK = new Theme("dark", new Color(0x1E1E1E), new Color(0x262626), new Color(0xE8E8E8),
            new Color(0xAAAAAA), new Color(0x444444), new Color(0x3A3A3A), new Color(255, 255, 255, 170),
            List.of(new Color(0x56B4E9), new Color(0xE69F00), new Color(0x2FC79A), new Color(0xE08CC0),
                    new Color(0xF0E442), new Color(0xFF7F50), new Color(0xFFFFFF), new Color(0x9A9AFF)));

    public static Theme byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "light", "print" -> LIGHT;
            case "dark", "presentation" -> DARK;
            default -> throw new IllegalArgumentException("unknown theme: " + name);
        };
    }

    /** Colour of the i-th run (cycles). */
    public Color runColor(int i) { return runColors.get(Math.floorMod(i, runColors.size())); }
}
