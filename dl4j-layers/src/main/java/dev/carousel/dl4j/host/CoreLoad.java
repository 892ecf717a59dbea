package dev.carousel.dl4j.host;

import java.lang.management.ManagementFactory;

/**
 * About how many cores this process can use now: the cores that are idle plus those this process keeps busy itself,
 * {@code cores * (1 - systemCpuLoad + processCpuLoad)} from the JVM's recent CPU load figures, re-read at most every
 * {@value #REFRESH_MS} ms (reading them costs tens of microseconds). Counting the process' own use keeps the answer
 * steady while the layers' own threads are busy. Unknown figures count as all cores free.
 */
final class CoreLoad {
    static final long REFRESH_MS = 1000;
    private static volatile long readAt;
    private static volatile double free = Double.NaN;

    private CoreLoad() {
    }

    static double freeCores() {
        long now = System.currentTimeMillis();
        double f = free;
        if (Double.isNaN(f) || now - readAt >= REFRESH_MS) {
            f = read();
            free = f;
            readAt = now;
        }
        return f;
    }

    private static double read() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                double system = os.getCpuLoad();
                double process = os.getProcessCpuLoad();
                if (system >= 0 && process >= 0) {
                    return cores * Math.min(1.0, Math.max(0.0, 1.0 - system + process));
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return cores;
        }
        return cores;
    }
}
