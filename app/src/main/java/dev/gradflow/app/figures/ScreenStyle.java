package dev.gradflow.app.figures;

import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.charts.style.Palette;
import dev.gradflow.charts.style.Theme;

/** The style of figures on screen (the charts module's palettes and themes; the app adds no colours). */
public final class ScreenStyle {
    private ScreenStyle() {
    }

    public static FigureStyle of(boolean presentation) {
        return new FigureStyle(Palette.viridis(), presentation ? Theme.DARK : Theme.LIGHT,
                FigureSize.free(1000, 600).withFont(presentation ? 15f : 11f));
    }
}
