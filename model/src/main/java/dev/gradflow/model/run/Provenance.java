package dev.gradflow.model.run;

import dev.gradflow.model.data.DatasetSplit;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a finished run records so that it can be re-run and compared: versions, machine, data identity, seed. */
public final class Provenance {
    private Provenance() {
    }

    public static Map<String, String> collect(DatasetSplit data, long seed, String specHash) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("app.version", Versions.app());
        p.put("dl4j.version", Versions.dl4j());
        p.put("java.version", Versions.java());
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        p.put("cpu", cpuModel());
        p.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        p.put("host", host());
        p.put("dataset.checksum", data.checksum());
        p.put("dataset.source", data.source());
        p.put("dataset.train", Integer.toString(data.train().size()));
        p.put("dataset.test", Integer.toString(data.test().size()));
        p.put("seed", Long.toString(seed));
        p.put("spec.sha256", specHash);
        String omp = System.getenv("OMP_WAIT_POLICY");
        p.put("env.OMP_WAIT_POLICY", omp == null ? "" : omp);
        return p;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        String id = System.getenv("PROCESSOR_IDENTIFIER");
        return id != null ? id : System.getProperty("os.arch");
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
