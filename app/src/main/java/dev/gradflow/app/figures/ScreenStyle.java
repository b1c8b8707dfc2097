package dev.gradflow.app.figures;

import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.charts.style.Palette;
import dev.gradflow.charts.style.Theme;

/** The style of figures on screen (the charts module's palettes and themes; the app adds no colours). */
public final class ScreenStyle {
    private ScreenStyle() {
    }

    /** Axis-label size of figures in presentation mode: tick labels and legends (one smaller) stay at 18 px or more. */
    public static final float PRESENTATION_FONT_PX = 19f;

    public static FigureStyle of(boolean presentation) {
        return of(presentation, false);
    }

    /** Dark figures in presentation mode and with the dark theme; presentation mode's larger type. */
    public static FigureStyle of(boolean presentation, boolean dark) {
        return new FigureStyle(Palette.viridis(), presentation || dark ? Theme.DARK : Theme.LIGHT,
                FigureSize.free(1000, 600).withFont(presentation ? PRESENTATION_FONT_PX : 11f));
    }
}
