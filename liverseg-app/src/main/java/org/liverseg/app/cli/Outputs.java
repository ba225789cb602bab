package org.liverseg.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The rules every command follows for the files it writes: a file that is not the command's own (an
 * input, an earlier run's result, someone's notes) is replaced only with {@code --overwrite}; an
 * output is never one of the inputs, with or without it; and no two inputs are written to the same
 * output. The files themselves are written atomically (a temporary file in the same folder, then a
 * rename), by the writers.
 */
final class Outputs {

  private Outputs() {}

  /**
   * Checks that {@code target} may be written.
   *
   * @throws IOException {@code "<target> already exists (use --overwrite to replace it)"} if it
   *     exists and {@code overwrite} is false
   */
  static void requireNew(Path target, boolean overwrite) throws IOException {
    if (!overwrite && Files.exists(target)) {
      throw new IOException(target + " already exists (use --overwrite to replace it)");
    }
  }

  /** Whether {@code a} and {@code b} name the same file (the same path, or links to one file). */
  static boolean same(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
      return true;
    }
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The output of each input, checked before anything runs: a usage error (exit code 2) if two
   * inputs would be written to the same file or an output would replace an input.
   *
   * @param inputs the inputs, in command-line order
   * @param outputs the output of each input, in the same order (null: the input is skipped here and
   *     fails on its own later)
   * @return input to output, in command-line order (inputs without an output left out)
   */
  static Map<Path, Path> plan(CommandSpec spec, List<Path> inputs, List<Path> outputs) {
    Map<Path, Path> plan = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      Path in = inputs.get(i);
      Path target = outputs.get(i);
      if (target == null) {
        continue;
      }
      for (Map.Entry<Path, Path> earlier : plan.entrySet()) {
        if (same(earlier.getValue(), target)) {
          throw new ParameterException(
              spec.commandLine(),
              earlier.getKey()
                  + " and "
                  + in
                  + " would both be written to "
                  + target
                  + "; give them separate commands or output folders");
        }
      }
      for (Path other : inputs) {
        if (same(other, target)) {
          throw new ParameterException(
              spec.commandLine(),
              "the output of "
                  + in
                  + " would replace the input "
                  + other
                  + "; choose another output");
        }
      }
      plan.put(in, target);
    }
    return plan;
  }
}
