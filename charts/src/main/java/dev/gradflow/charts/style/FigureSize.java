package dev.gradflow.charts.style;

/**
 * Figure size in points (1/72 inch) and the base font size in points. Paper presets are meant to be placed at
 * 100% in a two-column paper; PNG export scales by DPI / 72, SVG and PDF keep points.
 *
 * @param name       {@code single-column}, {@code double-column} or {@code free}
 * @param widthPt    width in points
 * @param heightPt   height in points
 * @param baseFontPt axis-label size; tick labels and legends are one point smaller, titles one point larger
 */
public record FigureSize(String name, double widthPt, double heightPt, float baseFontPt) {

    /** One column of a two-column paper: 3.3 in wide, 8 pt text. */
    public static FigureSize singleColumn() { return new FigureSize("single-column", 3.3 * 72, 2.4 * 72, 8f); }

    /** Full page width of a two-column paper: 6.9 in wide, 9 pt text. */
    public static FigureSize doubleColumn() { return new FigureSize("double-column", 6.9 * 72, 2.9 * 72, 9f); }

    /** Free size, e.g. for screen: width and height in pixels at 1:1, 12 pt text. */
    public static FigureSize free(double width, double height) { return new FigureSize("free", width, height, 12f); }

    public FigureSize withHeight(double heightPt) { return new FigureSize(name, widthPt, heightPt, baseFontPt); }

    public FigureSize withFont(float pt) { return new FigureSize(name, widthPt, heightPt, pt); }

    public boolean isPaper() { return !"free".equals(name); }

    public double widthIn() { return widthPt / 72.0; }

    public double heightIn() { return heightPt / 72.0; }
}
