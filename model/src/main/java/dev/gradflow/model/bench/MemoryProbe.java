package dev.gradflow.model.bench;

import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory a benchmark run used (docs/performance.md, "Memory"): Java heap, ND4J's off-heap buffers as JavaCPP tracks
 * them ({@link Pointer#totalBytes()}), and the process's resident memory ({@link Pointer#physicalBytes()}; peak from
 * {@code VmHWM} in /proc/self/status on Linux).
 */
final class MemoryProbe {
    private long offHeapPeak, residentPeak;

    MemoryProbe() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        sample();
    }

    void sample() {
        offHeapPeak = Math.max(offHeapPeak, Pointer.totalBytes());
        residentPeak = Math.max(residentPeak, Pointer.physicalBytes());
    }

    SpecBenchmark.Memory result() {
        sample();
        long heapPeak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) heapPeak += p.getPeakUsage().getUsed();
        }
        long hwm = vmHwm();
        return new SpecBenchmark.Memory(heapPeak, Runtime.getRuntime().maxMemory(), offHeapPeak, Pointer.maxBytes(),
                hwm > 0 ? Math.max(hwm, residentPeak) : residentPeak, hwm > 0 ? "VmHWM" : "sampled");
    }

    /** Peak resident set size of this process in bytes, or -1 where /proc/self/status is not available. */
    static long vmHwm() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }
}
