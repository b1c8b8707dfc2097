package dev.gradflow.charts.style;

/** Palette, theme and size of a figure. */
public record FigureStyle(Palette palette, Theme theme, FigureSize size) {

    /** viridis, light theme, 1000 x 560 free size. */
    public static FigureStyle defaults() { return new FigureStyle(Palette.viridis(), Theme.LIGHT, FigureSize.free(1000, 560)); }

    public static FigureStyle paper(FigureSize size) { return new FigureStyle(Palette.viridis(), Theme.LIGHT, size); }

    public FigureStyle withPalette(Palette p) { return new FigureStyle(p, theme, size); }

    public FigureStyle withTheme(Theme t) { return new FigureStyle(palette, t, size); }

    public FigureStyle withSize(FigureSize s) { return new FigureStyle(palette, theme, s); }
}
