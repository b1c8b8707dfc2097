package dev.gradflow.charts.style;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one typeface of every figure: DejaVu Sans (regular and bold), bundled with the charts module under
 * {@code dev/gradflow/charts/fonts/} with its licence (Bitstream Vera licence; DejaVu changes public domain). PNG and
 * the screen draw with these exact font files, PDF embeds subsets of them, SVG names them and embeds a subset
 * ({@code FigureExporter}), so a figure looks the same in every format. DejaVu Sans covers the notation used in labels
 * (‖ ⊙ ₁ ₂ Δ).
 */
public final class FigureFonts {
    private FigureFonts() {}

    /** Family name written into SVG and used as the Java family name. */
    public static final String FAMILY = "DejaVu Sans";

    /** Resource paths of the bundled fonts. */
    public static final String REGULAR_RESOURCE = "/dev/gradflow/charts/fonts/DejaVuSans.ttf";
    public static final String BOLD_RESOURCE = "/dev/gradflow/charts/fonts/DejaVuSans-Bold.ttf";

    private static final Font REGULAR = load(REGULAR_RESOURCE);
    private static final Font BOLD = load(BOLD_RESOURCE);

    private static Font load(String resource) {
        try (InputStream in = FigureFonts.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("bundled font missing: " + resource);
            Font f = Font.createFont(Font.TRUETYPE_FONT, in);
            try {
                // lets code that asks for the family by name (e.g. JFreeChart defaults) find the same files
                GraphicsEnvironment.getLocalGraphicsEnvironment().registerFont(f);
            } catch (RuntimeException ignored) {
                // registration is a convenience; figures derive their fonts from f directly
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("bundled font unreadable: " + resource, e);
        }
    }

    /** The bundled face at a size in points (user-space units). */
    public static Font font(boolean bold, float size) {
        return bold ? BOLD.deriveFont(Font.BOLD, size) : REGULAR.deriveFont(Font.PLAIN, size);
    }

    /** Opens the TrueType file of a face (the caller closes it). */
    public static InputStream open(boolean bold) {
        InputStream in = FigureFonts.class.getResourceAsStream(bold ? BOLD_RESOURCE : REGULAR_RESOURCE);
        if (in == null) throw new IllegalStateException("bundled font missing");
        return in;
    }

    /** Java font name of a face ("DejaVu Sans", "DejaVu Sans Bold"): the key PDF export maps embedded fonts by. */
    public static String fontName(boolean bold) { return (bold ? BOLD : REGULAR).getFontName(); }
}
