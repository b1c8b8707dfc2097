package dev.gradflow.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the real app (real glass toolkit, not Monocle) in its own JVM on the display in {@code DISPLAY} and checks
 * that the main window shows: with {@code -Dgradflow.diagnostics=true} the app reports the time from JVM start to the
 * first shown window. Skipped without a display ({@code xvfb-run -a mvn -B test} provides one).
 */
class WorkbenchSmokeTest {
    @Test
    void realAppShowsItsMainWindow() throws Exception {
        String display = System.getenv("DISPLAY");
        Assumptions.assumeTrue(display != null && !display.isBlank(), "no DISPLAY: the real window cannot open");
        Path store = Files.createTempDirectory("gradflow-smoke").resolve("runs.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Dgradflow.diagnostics=true", "-Dgradflow.store=" + store,
                "-Dprism.order=sw", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        AtomicReference<String> shown = new AtomicReference<>();
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) { log.append(line).append('\n'); }
                    if (line.contains("first window shown")) shown.compareAndSet(null, line);
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (shown.get() == null && p.isAlive() && System.nanoTime() < end) Thread.sleep(100);
            synchronized (log) {
                assertThat(shown.get()).as("app output:\n%s", log).isNotNull();
            }
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
