package dev.gradflow.model.store;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Identity of the process that owns a running run: host name, pid and process start instant. The start
 * instant guards against pid reuse.
 */
record ProcessOwner(String host, long pid, Long startMillis) {

    /** Runs of other hosts are considered stale once their heartbeat is older than this. */
    static final Duration REMOTE_STALE_AFTER = Duration.ofMinutes(10);
    private static final long START_TOLERANCE_MS = 1_000;

    private static final ProcessOwner CURRENT = detect();

    static ProcessOwner current() { return CURRENT; }

    private static ProcessOwner detect() {
        ProcessHandle self = ProcessHandle.current();
        Long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(null);
        return new ProcessOwner(hostName(), self.pid(), start);
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return env != null && !env.isBlank() ? env : "unknown-host";
        }
    }

    /**
     * Whether a running run with this owner and last heartbeat is stale (its process is gone), judged from
     * this process.
     */
    boolean isStale(Long heartbeatMillis, long nowMillis) {
        if (host != null && host.equals(CURRENT.host)) {
            return !isAliveLocally();
        }
        return heartbeatMillis == null || nowMillis - heartbeatMillis > REMOTE_STALE_AFTER.toMillis();
    }

    private boolean isAliveLocally() {
        if (pid == CURRENT.pid) {
            return startMillis == null || CURRENT.startMillis == null
                    || Math.abs(startMillis - CURRENT.startMillis) <= START_TOLERANCE_MS;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) return false;
        if (startMillis == null) return true;
        return handle.get().info().startInstant()
                .map(s -> Math.abs(s.toEpochMilli() - startMillis) <= START_TOLERANCE_MS)
                .orElse(true);
    }
}
