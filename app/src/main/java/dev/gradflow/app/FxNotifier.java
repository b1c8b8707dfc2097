package dev.gradflow.app;

import dev.gradflow.app.task.Notifier;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

import java.util.function.Supplier;

/** ControlsFX notifications at the bottom right of the main window; also remembers the last one (for tests). */
final class FxNotifier implements Notifier {
    private final Supplier<Window> owner;
    private volatile String last = "";

    FxNotifier(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void notify(Kind kind, String title, String text) {
        last = title + ": " + text;
        try {
            Notifications n = Notifications.create().title(title).text(text).hideAfter(Duration.seconds(6));
            Window w = owner.get();
            if (w != null && w.isShowing()) n.owner(w);
            switch (kind) {
                case INFO -> n.showInformation();
                case WARNING -> n.showWarning();
                case ERROR -> n.showError();
            }
        } catch (RuntimeException e) {
            // a notification must never break the app (e.g. no window yet)
        }
    }

    String last() { return last; }
}
