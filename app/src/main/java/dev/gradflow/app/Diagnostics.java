package dev.gradflow.app;

import javafx.animation.AnimationTimer;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Responsiveness probe ({@code -Dgradflow.diagnostics=true} or View > Diagnostics): (a) the time from JVM start to
 * the first shown window, (b) the longest gap between FX pulses while a run trains, measured by an
 * {@link AnimationTimer} (which asks for a pulse every frame, ~16 ms apart when the FX thread is free). Results go
 * to stderr and to the status bar.
 */
public final class Diagnostics {
    public static final String PROPERTY = "gradflow.diagnostics";

    private final Consumer<String> report;
    private final AnimationTimer timer;
    private long last;
    private long maxGapNanos;
    private long pulses;
    private String measuring;

    public Diagnostics(Consumer<String> report) {
        this.report = report;
        this.timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (last != 0) maxGapNanos = Math.max(maxGapNanos, now - last);
                last = now;
                pulses++;
            }
        };
    }

    public static boolean enabledByProperty() { return Boolean.getBoolean(PROPERTY); }

    /** Milliseconds from JVM start to now. */
    public static long sinceJvmStartMillis() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Call once when the first window is showing. */
    public void windowShown() {
        emit(String.format(Locale.ROOT, "launch: first window shown %d ms after JVM start", sinceJvmStartMillis()));
    }

    /** Starts measuring FX-thread stalls while {@code what} trains. */
    public void trainingStarted(String what) {
        measuring = what;
        last = 0;
        maxGapNanos = 0;
        pulses = 0;
        timer.start();
    }

    /** Stops measuring and reports the longest stall. */
    public void trainingEnded() {
        if (measuring == null) return;
        timer.stop();
        emit(String.format(Locale.ROOT, "FX thread: longest stall %.1f ms over %d pulses while '%s' trained",
                maxGapNanos / 1e6, pulses, measuring));
        measuring = null;
    }

    public double maxStallMillis() { return maxGapNanos / 1e6; }

    private void emit(String line) {
        System.err.println("[gradflow diagnostics] " + line);
        report.accept(line);
    }
}
