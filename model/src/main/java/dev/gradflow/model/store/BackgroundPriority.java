package dev.gradflow.model.store;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lowers the calling thread's scheduling priority to the lowest (nice 19) on Linux, so that a background thread (the
 * store writer) gets a core only when training leaves one idle: on a 2-core machine the training thread's native
 * kernels use both cores, and at equal priority the writer's SQLite work would take its share of them. Java's thread
 * priorities are ignored by Linux's scheduler, so this calls {@code setpriority(PRIO_PROCESS, tid, 19)} (a Linux
 * thread is a schedulable task with its own id, read from {@code /proc/thread-self}). Raising the value needs no
 * privilege. Elsewhere, or if anything fails, nothing changes.
 */
public final class BackgroundPriority {
    private BackgroundPriority() {
    }

    /** The lowest priority (the highest nice value). */
    public static final int NICE = 19;

    private interface LibC extends Library {
        int setpriority(int which, int who, int prio);

        int getpriority(int which, int who);
    }

    private static volatile LibC libc;

    private static LibC libc() {
        if (libc == null) libc = (LibC) Native.loadLibrary("c", LibC.class);
        return libc;
    }

    /** The calling thread's Linux task id, or -1 when unavailable. */
    static int threadId() {
        try {
            // "/proc/thread-self" -> "<pid>/task/<tid>"
            String target = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            return Integer.parseInt(target.substring(target.lastIndexOf('/') + 1));
        } catch (Exception | LinkageError e) {
            return -1;
        }
    }

    /** Sets the calling thread to nice {@value #NICE}; returns whether it did. */
    public static boolean lowerCurrentThread() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return false;
        int tid = threadId();
        if (tid <= 0) return false;
        try {
            return libc().setpriority(0, tid, NICE) == 0;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    /** The nice value of the calling thread (Linux), or null when unavailable. */
    static Integer currentNice() {
        int tid = threadId();
        if (tid <= 0) return null;
        try {
            // /proc/thread-self/stat: field 19 is the nice value (fields after the parenthesized command name)
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[16]);
        } catch (Exception e) {
            return null;
        }
    }
}
