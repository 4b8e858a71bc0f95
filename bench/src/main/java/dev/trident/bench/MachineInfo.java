package dev.trident.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine and JVM a run happened on, for reports and plot captions. Stateless; thread-safe. */
final class MachineInfo {
    private MachineInfo() {
    }

    /** The machine now; {@code loadAtStart} is the load average sampled when the run began. */
    static BenchReport.Machine machine(double loadAtStart) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new BenchReport.Machine(cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                loadAtStart, os.getSystemLoadAverage(), os.getTotalMemorySize() / 1048576);
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static BenchReport.Jvm jvm() {
        List<String> gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
        return new BenchReport.Jvm(System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("java.vm.name"), gcs, Runtime.getRuntime().maxMemory() / 1048576);
    }

    /** The first "model name" of /proc/cpuinfo, or the architecture where there is none. */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + " CPU";
    }
}
