package dev.gradflow.app.figures;

import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.DaemonThreads;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Renders painters into images on one background thread, so drawing figures never blocks the FX thread. Each
 * {@link Slot} keeps only its newest request: when requests arrive faster than the thread draws (dragging a zoom,
 * live training), intermediate ones are skipped.
 */
public final class FigureRenderer implements AutoCloseable {
    /** A rendered image with the layout of the plot inside it. */
    public record Rendered(Image image, PlotLayout layout, int width, int height) {
    }

    private record Request(Painter painter, int width, int height, Consumer<Rendered> done) {
    }

    private record Done(Request request, Rendered rendered) {
    }

    private static final FigureRenderer SHARED = new FigureRenderer();

    private final ExecutorService thread = DaemonThreads.single("gradflow-render");

    /** The app-wide renderer (one thread: the other core trains). */
    public static FigureRenderer shared() { return SHARED; }

    /** A slot: a place (one panel) whose newest request wins. */
    public final class Slot {
        private final AtomicReference<Request> pending = new AtomicReference<>();

        /** Renders {@code painter} at {@code width x height}; {@code done} runs on the FX thread. */
        public void request(Painter painter, int width, int height, Consumer<Rendered> done) {
            pending.set(new Request(painter, width, height, done));
            BackgroundTask.<Done>wrap(task -> {
                Request r = pending.getAndSet(null);
                return r == null ? null : new Done(r, render(r.painter(), r.width(), r.height()));
            }).onSuccess(d -> {
                if (d != null) d.request().done().accept(d.rendered());
            }).executeWith(thread, Platform::runLater);
        }
    }

    public Slot slot() { return new Slot(); }

    /** Draws synchronously on the calling thread (the render thread, tests). */
    public static Rendered render(Painter painter, int width, int height) {
        int w = Math.max(1, width), h = Math.max(1, height);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g2 = img.createGraphics();
        PlotLayout layout;
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            layout = painter.paint(g2, new Rectangle2D.Double(0, 0, w, h));
        } catch (RuntimeException e) {
            layout = PlotLayout.NONE;
            g2.setColor(Color.GRAY);
            g2.drawString("Cannot draw: " + e.getMessage(), 10, 20);
        } finally {
            g2.dispose();
        }
        return new Rendered(SwingFXUtils.toFXImage(img, null), layout, w, h);
    }

    @Override
    public void close() { thread.shutdownNow(); }
}
