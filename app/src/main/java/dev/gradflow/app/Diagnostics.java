package dev.gradflow.app;

import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.DaemonThreads;
import javafx.animation.AnimationTimer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private long startNanos;
    private final List<String> stalls = new ArrayList<>();
    private static final List<String> MARKS = new ArrayList<>();
    /** {@link System#nanoTime()} at JVM start, to line stalls up with {@code -Xlog:gc} (which logs uptime). */
    private static final long JVM_START_NANOS = System.nanoTime()
            - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;

    /** Records a start-up milestone (ms since JVM start), reported with the launch time. */
    public static synchronized void mark(String what) {
        MARKS.add(what + " " + sinceJvmStartMillis() + " ms");
    }

    // stall sampler: while measuring, a watchdog samples the FX thread's stack when no pulse came for 60 ms
    private volatile long lastPulseNanos;
    private volatile Thread fxThread;
    private volatile BackgroundTask<Void> sampler;
    private final Map<String, Integer> stallStacks = new ConcurrentHashMap<>();

    public Diagnostics(Consumer<String> report) {
        this.report = report;
        this.timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (last != 0) {
                    long gap = now - last;
                    maxGapNanos = Math.max(maxGapNanos, gap);
                    if (gap > 100_000_000L && stalls.size() < 20) {
                        stalls.add(String.format(Locale.ROOT, "%.0f ms at +%.1f s (JVM uptime %.2f s)", gap / 1e6,
                                (now - startNanos) / 1e9, (now - JVM_START_NANOS) / 1e9));
                    }
                }
                last = now;
                lastPulseNanos = System.nanoTime();
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
        long ms = sinceJvmStartMillis();
        String marks;
        synchronized (Diagnostics.class) { marks = String.join(", ", MARKS); }
        System.err.println("[gradflow diagnostics] launch milestones: " + marks);
        emit(String.format(Locale.ROOT, "launch: first window shown %d ms after JVM start", ms));
    }

    /** Starts measuring FX-thread stalls while {@code what} trains. */
    public void trainingStarted(String what) {
        measuring = what;
        last = 0;
        maxGapNanos = 0;
        pulses = 0;
        stalls.clear();
        startNanos = System.nanoTime();
        timer.start();
        startSampler();
    }

    /** Samples the FX thread's stack every 10 ms while it has not pulsed for 60 ms; counted per stack. */
    private void startSampler() {
        if (sampler != null) sampler.cancel();
        fxThread = Thread.currentThread();
        lastPulseNanos = System.nanoTime();
        stallStacks.clear();
        BackgroundTask<Void> task = BackgroundTask.wrap(job -> {
            while (!job.isCancelled()) {
                Thread.sleep(10);
                if (System.nanoTime() - lastPulseNanos < 60_000_000L) continue;
                StackTraceElement[] st = fxThread.getStackTrace();
                StringBuilder key = new StringBuilder();
                int shown = 0;
                for (StackTraceElement e : st) {
                    if (shown == 0 && e.isNativeMethod()) continue;
                    key.append("\n    ").append(e.getClassName()).append('.').append(e.getMethodName()).append(':').append(e.getLineNumber());
                    if (++shown == 14) break;
                }
                stallStacks.merge(key.toString(), 1, Integer::sum);
            }
            return null;
        });
        sampler = task;
        task.executeWith(DaemonThreads.perTask("gradflow-stall-sampler"), Runnable::run);
    }

    /** Stops measuring and reports the longest stall. */
    public void trainingEnded() {
        if (measuring == null) return;
        timer.stop();
        if (sampler != null) sampler.cancel();
        if (Boolean.getBoolean("gradflow.diagnostics.stacks")) {
            stallStacks.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8).forEach(e ->
                    System.err.println("[gradflow diagnostics] FX stack in stalls, " + e.getValue() + " x 10 ms:" + e.getKey()));
        }
        emit(String.format(Locale.ROOT, "FX thread: longest stall %.1f ms over %d pulses while '%s' trained",
                maxGapNanos / 1e6, pulses, measuring));
        if (!stalls.isEmpty()) System.err.println("[gradflow diagnostics] stalls > 100 ms: " + String.join(", ", stalls));
        measuring = null;
    }

    public double maxStallMillis() { return maxGapNanos / 1e6; }

    private void emit(String line) {
        System.err.println("[gradflow diagnostics] " + line);
        report.accept(line);
    }
}
