package org.liverseg.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root {@code liverseg} command. Subcommands are listed here; a new subcommand is a {@code
 * Callable<Integer>} annotated with {@code @Command(mixinStandardHelpOptions = true)} and added to
 * {@code subcommands}.
 *
 * <p>Exit codes, the same for every subcommand: 0 success, 1 a file or case failed (reported on
 * stderr, one line each; a command over several files processes all of them first), 2 usage error
 * (unknown option, bad or non-finite value, missing argument, arguments that conflict such as an
 * output that would replace an input).
 *
 * <p>Files: every output is written atomically (complete or absent under its name); a file that is
 * not the command's own (an input, a dataset, an earlier run) is never written over without {@code
 * --overwrite}.
 */
@Command(
    name = "liverseg",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "3D medical image handling (NIfTI, MSD datasets, synthetic liver phantoms) and liver/tumour "
            + "segmentation on the JVM.",
    subcommands = {
      PhantomsCommand.class,
      InspectCommand.class,
      TransformCommand.class,
      EvaluateCommand.class,
      PipelineCommand.class,
      TrainCommand.class,
      PredictCommand.class,
      PlanCommand.class,
      ModelsCommand.class,
      InfoCommand.class,
      SparkPredictCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a file or case failed (one line each on stderr)",
      "2:usage error (bad option or value, conflicting arguments)"
    })
public final class LiversegCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /**
   * The configured command line: case-insensitive enum values, usage errors exit with 2 and
   * uncaught failures with 1 (picocli's defaults, relied on by scripts).
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new LiversegCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    shareVersion(cl);
    return cl;
  }

  /**
   * Gives every subcommand without a version of its own liverseg's version, so --version works
   * everywhere.
   */
  private static void shareVersion(CommandLine cl) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommandSpec().version().length == 0
          && sub.getCommandSpec().versionProvider() == null) {
        sub.getCommandSpec().versionProvider(new VersionProvider());
      }
      shareVersion(sub);
    }
  }

  /** Without a subcommand: print the usage to stderr and fail as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("liverseg: a subcommand is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
