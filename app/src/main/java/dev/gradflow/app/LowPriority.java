package dev.gradflow.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the scheduling priority (raises the nice value) of the calling thread on Linux, so training leaves the
 * FX and render threads the CPU they need on a small machine. Linux keeps a nice value per thread and threads
 * inherit it from the thread that creates them: ND4J's OpenMP/OpenBLAS workers and DL4J's prefetch threads, created
 * by the training thread (which also loads the natives), run at the same lower priority. Java's own thread
 * priorities are ignored on Linux (unless {@code -XX:ThreadPriorityPolicy=1} as root), hence {@code renice} on the
 * thread id. Raising a nice value needs no privilege; anything that fails is ignored (other systems, no renice).
 */
final class LowPriority {
    /** Nice value of training threads: CFS gives a nice-0 thread about 9x the CPU of a nice-10 one. */
    static final int NICE = 10;
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");

    private LowPriority() {
    }

    /** Renices the calling thread; returns whether it worked. */
    static boolean applyToCurrentThread() {
        if (!LINUX || !Boolean.parseBoolean(System.getProperty("gradflow.niceTraining", "true"))) return false;
        try {
            // /proc/thread-self -> <pid>/task/<tid>
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            Process p = new ProcessBuilder("renice", "-n", String.valueOf(NICE), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }
}
