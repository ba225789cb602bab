package org.liverseg.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg info}: which ND4J backend and device this build runs on (CPU with its BLAS and
 * thread count, or CUDA with each device's name, compute capability and memory), so that a user of
 * the {@code -Pcuda} build can see whether the GPU is used or ND4J fell back to the CPU.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Prints liverseg's version, the Java runtime, and the ND4J backend and devices this build runs"
          + " on (CPU, or CUDA when built with -Pcuda and a usable GPU is found).",
      "Starting ND4J loads its native libraries: on a GPU the first start can take minutes while"
          + " the driver compiles kernels for a newer GPU."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "1:the ND4J backend failed to start (the reason on stderr)"})
public final class InfoCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (String line : new VersionProvider().getVersion()) {
      out.println(line);
    }
    out.printf(
        Locale.ROOT,
        "machine: %s %s, %d processors%n",
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors());
    Map<String, Object> env;
    String backend;
    try {
      backend = Nd4j.getBackend().getClass().getSimpleName();
      env = new TreeMap<>();
      Nd4j.getExecutioner()
          .getEnvironmentInformation()
          .forEach((k, v) -> env.put(String.valueOf(k), v));
    } catch (RuntimeException | LinkageError e) {
      spec.commandLine().getErr().println("liverseg info: ND4J did not start: " + e);
      return 1;
    }
    out.printf(Locale.ROOT, "nd4j backend: %s (%s)%n", describe(backend), backend);
    for (Map.Entry<String, Object> e : env.entrySet()) {
      if (e.getValue() instanceof List<?> devices) {
        for (int i = 0; i < devices.size(); i++) {
          out.printf(Locale.ROOT, "%s[%d]: %s%n", e.getKey(), i, devices.get(i));
        }
      } else {
        out.printf(Locale.ROOT, "%s: %s%n", e.getKey(), e.getValue());
      }
    }
    out.flush();
    return 0;
  }

  /** A reader's name for ND4J's backend class. */
  static String describe(String backendClass) {
    return switch (backendClass) {
      case "CpuBackend" -> "CPU";
      case "JCublasBackend" -> "CUDA";
      default -> backendClass;
    };
  }
}
