package dev.gradflow.app.task;

/** Tells the user something happened (a run finished, failed...). The app shows ControlsFX notifications. */
public interface Notifier {
    enum Kind { INFO, WARNING, ERROR }

    void notify(Kind kind, String title, String text);

    Notifier NONE = (k, t, x) -> { };
}
