package dev.gradflow.app;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * The workbench's remembered settings, in the user's Java preferences (on Linux {@code ~/.java/.userPrefs}), node
 * {@code dev/gradflow/workbench} or {@code -Dgradflow.prefs.node=...} (tests use their own node). Unreadable or
 * unwritable preferences are ignored: the app then starts with the defaults.
 */
final class UiPreferences {
    static final String NODE_PROPERTY = "gradflow.prefs.node";
    static final String DARK_THEME = "darkTheme";

    private final Preferences node;

    UiPreferences() {
        this(System.getProperty(NODE_PROPERTY, "dev/gradflow/workbench"));
    }

    UiPreferences(String path) {
        Preferences p;
        try {
            p = Preferences.userRoot().node(path);
        } catch (RuntimeException e) {
            p = null;
        }
        node = p;
    }

    boolean darkTheme() {
        try {
            return node != null && node.getBoolean(DARK_THEME, false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    void setDarkTheme(boolean on) {
        if (node == null) return;
        try {
            node.putBoolean(DARK_THEME, on);
            node.flush();
        } catch (BackingStoreException | RuntimeException e) {
            // not remembered; the setting still applies to this session
        }
    }
}
