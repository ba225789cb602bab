package org.liverseg.app.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.liverseg.models.Architecture;
import org.liverseg.models.ModelZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg models}: lists the model zoo's architectures, the names {@code train} and {@code
 * pipeline} take with {@code --architecture}.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Lists the architectures of the model zoo: name, default filters per stage, parameters at the "
          + "defaults (1 input channel, 3 classes), the multiple patch sizes must be of, and what it is.",
      "Train one with 'liverseg train|pipeline --architecture NAME [--filters F1,F2,...]'."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "2:usage error"})
public final class ModelsCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "%-15s %-14s %10s  %-8s %s%n",
        "name",
        "filters",
        "parameters",
        "multiple",
        "description");
    for (ModelZoo.Entry e : ModelZoo.entries()) {
      Architecture a = e.architecture();
      out.printf(
          Locale.ROOT,
          "%-15s %-14s %10d  %-8d %s%s%n",
          e.name(),
          Arrays.toString(a.widths()).replace(" ", ""),
          a.parameterCount(),
          a.sizeDivisor(),
          e.description(),
          e.name().equals(ModelZoo.DEFAULT) ? " [default]" : "");
    }
    out.flush();
    return 0;
  }
}
