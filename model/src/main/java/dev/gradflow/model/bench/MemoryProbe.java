package dev.gradflow.model.bench;

import dev.gradflow.model.train.SparseNetwork;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory a benchmark run used (docs/performance.md, "Memory"): the Java heap's peak, the process's resident memory
 * ({@link Pointer#physicalBytes()}; its peak from {@code VmHWM} in /proc/self/status on Linux), and off-heap memory
 * bounded as resident memory minus the heap in use (an upper bound: resident but unused heap pages count too), the
 * largest value sampled (after each segment), and ND4J's arrays of the network counted ({@link #sample(SparseNetwork)}):
 * parameters, gradients, optimizer state and the training thread's workspaces. Read before the floor is timed, whose
 * arrays are not the run's.
 * JavaCPP's own count ({@link Pointer#totalBytes()}) is reported too, but ND4J 1.0.0-M2.1's CPU buffers are not
 * counted there (it stays under 1 MB while weights and optimizer state take tens of MB).
 */
final class MemoryProbe {
    private long javacppPeak, residentPeak, offHeapPeak, arraysPeak;

    MemoryProbe() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        sample();
    }

    void sample() {
        javacppPeak = Math.max(javacppPeak, Pointer.totalBytes());
        long resident = Pointer.physicalBytes();
        residentPeak = Math.max(residentPeak, resident);
        offHeapPeak = Math.max(offHeapPeak, resident - ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** Also counts the network's ND4J arrays and the training thread's workspaces (call on the training thread). */
    void sample(SparseNetwork network) {
        sample();
        long bytes = 0;
        Model m = network.model();
        bytes += bytes(m.params());
        if (m instanceof MultiLayerNetwork n) bytes += bytes(n.getGradientsViewArray());
        else if (m instanceof ComputationGraph g) bytes += bytes(g.getGradientsViewArray());
        bytes += bytes(network.updater().getStateViewArray());
        for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) bytes += w.getCurrentSize();
        arraysPeak = Math.max(arraysPeak, bytes);
    }

    private static long bytes(INDArray a) {
        return a == null ? 0 : a.length() * a.dataType().width();
    }

    SpecBenchmark.Memory result() {
        sample();
        long heapPeak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) heapPeak += p.getPeakUsage().getUsed();
        }
        long hwm = vmHwm();
        return new SpecBenchmark.Memory(heapPeak, Runtime.getRuntime().maxMemory(), offHeapPeak, arraysPeak, javacppPeak,
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
