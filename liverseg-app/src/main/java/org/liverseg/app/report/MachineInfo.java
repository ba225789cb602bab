package org.liverseg.app.report;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The machine a run used, for the report: cores, memory, Java and operating system.
 *
 * @param cores processors available to the JVM
 * @param physicalMemoryBytes total physical memory, or -1 if the JVM cannot tell
 * @param maxHeapBytes the JVM's maximum heap
 * @param javaVersion {@code java.version} and vendor
 * @param os operating system name, version and architecture
 */
public record MachineInfo(
    int cores, long physicalMemoryBytes, long maxHeapBytes, String javaVersion, String os) {

  /** Describes the machine this JVM runs on. */
  public static MachineInfo current() {
    long physical = -1;
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      physical = sun.getTotalMemorySize();
    }
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        physical,
        Runtime.getRuntime().maxMemory(),
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
  }

  /** Bytes as GiB with one decimal, or "unknown". */
  static String gib(long bytes) {
    return bytes < 0
        ? "unknown"
        : String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
