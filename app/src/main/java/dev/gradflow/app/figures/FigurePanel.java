package dev.gradflow.app.figures;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * Shows a {@link Painter}'s drawing at the panel's size. Drawing happens on the {@link FigureRenderer} thread;
 * the panel redraws when its painter changes or it is resized, and shows the last image meanwhile.
 */
public final class FigurePanel extends Region {
    private final FigureRenderer.Slot slot;
    private final ImageView view = new ImageView();
    private final ReadOnlyObjectWrapper<FigureRenderer.Rendered> rendered = new ReadOnlyObjectWrapper<>();
    private Painter painter;
    private int lastW = -1, lastH = -1;

    public FigurePanel(FigureRenderer renderer) {
        this.slot = renderer.slot();
        getStyleClass().add("figure-panel");
        view.setPreserveRatio(false);
        getChildren().add(view);
        setMinSize(60, 40);
        setPrefSize(400, 260);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
    }

    /** Draws {@code p} from now on (null clears the panel). */
    public void setPainter(Painter p) {
        painter = p;
        if (p == null) {
            view.setImage(null);
            rendered.set(null);
            return;
        }
        requestRender();
    }

    public Painter painter() { return painter; }

    private void requestRender() {
        int w = (int) Math.floor(getWidth()), h = (int) Math.floor(getHeight());
        if (painter == null || w < 2 || h < 2) return;
        lastW = w;
        lastH = h;
        Painter p = painter;
        slot.request(p, w, h, r -> {
            if (p != painter) return; // a newer painter is on its way
            view.setImage(r.image());
            rendered.set(r);
        });
    }

    @Override
    protected void layoutChildren() {
        view.relocate(0, 0);
        int w = (int) Math.floor(getWidth()), h = (int) Math.floor(getHeight());
        if (w != lastW || h != lastH) requestRender();
    }

    /** The image on screen with its plot layout (null before the first render). */
    public ReadOnlyObjectProperty<FigureRenderer.Rendered> renderedProperty() { return rendered.getReadOnlyProperty(); }

    public PlotLayout plotLayout() {
        FigureRenderer.Rendered r = rendered.get();
        return r == null ? PlotLayout.NONE : r.layout();
    }
}
