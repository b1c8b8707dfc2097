package dev.gradflow.model.bench;

import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory a benchmark run used (docs/performance.md, "Memory"): the Java heap's peak, the process's resident memory
 * ({@link Pointer#physicalBytes()}; its peak from {@code VmHWM} in /proc/self/status on Linux), and off-heap memory
 * estimated as resident memory minus the committed heap, the largest value sampled (after each segment). Read before
 * the floor is timed, whose arrays are not the run's.
 * JavaCPP's own count ({@link Pointer#totalBytes()}) is reported too, but ND4J 1.0.0-M2.1's CPU buffers are not
 * counted there (it stays under 1 MB while weights and optimizer state take tens of MB).
 */
final class MemoryProbe {
    private long javacppPeak, residentPeak, offHeapPeak;

    MemoryProbe() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        sample();
    }

    void sample() {
        javacppPeak = Math.max(javacppPeak, Pointer.totalBytes());
        long resident = Pointer.physicalBytes();
        residentPeak = Math.max(residentPeak, resident);
        offHeapPeak = Math.max(offHeapPeak, resident - ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted());
    }

    SpecBenchmark.Memory result() {
        sample();
        long heapPeak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) heapPeak += p.getPeakUsage().getUsed();
        }
        long hwm = vmHwm();
        return new SpecBenchmark.Memory(heapPeak, Runtime.getRuntime().maxMemory(), offHeapPeak, javacppPeak,
                Pointer.maxBytes(), hwm > 0 ? Math.max(hwm, residentPeak) : residentPeak, hwm > 0 ? "VmHWM" : "sampled");
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
