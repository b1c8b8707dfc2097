package dev.gradflow.app;

import dev.gradflow.app.task.Notifier;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

/**
 * Notifications as a toast at the bottom right of the main window; also remembers the last one (for tests). The toast
 * is one label in the scene, built and styled with the window and only shown, hidden and re-texted: a ControlsFX
 * popup opened a new window and styled it on the FX thread when a run ended, a 100-300 ms stall while the next
 * queued run started.
 */
final class FxNotifier implements Notifier {
    private final Label toast = new Label();
    private final PauseTransition hide = new PauseTransition(Duration.seconds(6));
    private volatile String last = "";

    FxNotifier() {
        toast.setId("notification");
        toast.getStyleClass().add("notification");
        toast.setWrapText(true);
        toast.setMaxWidth(380);
        toast.setMinWidth(380);
        toast.setPrefWidth(380);
        toast.setMaxHeight(Region.USE_PREF_SIZE);
        toast.setVisible(false);
        toast.setOnMouseClicked(e -> toast.setVisible(false));
        StackPane.setAlignment(toast, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(toast, new Insets(12));
        hide.setOnFinished(e -> toast.setVisible(false));
    }

    /** The toast node; the app stacks it over the pages. */
    Label node() { return toast; }

    @Override
    public void notify(Kind kind, String title, String text) {
        last = title + ": " + text;
        if (!Platform.isFxApplicationThread()) {
            Platform.runLater(() -> show(kind, title, text));
        } else {
            show(kind, title, text);
        }
    }

    private void show(Kind kind, String title, String text) {
        toast.getStyleClass().removeAll("notification-info", "notification-warning", "notification-error");
        toast.getStyleClass().add(switch (kind) {
            case INFO -> "notification-info";
            case WARNING -> "notification-warning";
            case ERROR -> "notification-error";
        });
        toast.setText(title + "\n" + text);
        toast.setVisible(true);
        hide.playFromStart();
    }

    String last() { return last; }
}
