package dev.gradflow.model.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the application and its main libraries, read from the build. */
public final class Versions {
    private static final Properties PROPS = load();

    private Versions() {
    }

    public static String app() { return PROPS.getProperty("app.version", "dev"); }

    public static String dl4j() { return PROPS.getProperty("dl4j.version", "unknown"); }

    public static String java() { return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"; }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/dev/gradflow/model/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // versions stay "unknown"
        }
        return p;
    }
}
