package org.liverseg.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.liverseg.app.pipeline.CommandErrors;
import org.liverseg.app.pipeline.DiceCsv;
import org.liverseg.app.pipeline.Evaluation;
import org.liverseg.models.metrics.CaseScores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg evaluate --pred DIR --truth DIR}: Dice of liver and tumour per case and their
 * means, as a table on stdout and a CSV file.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Dice of liver (labels 1+2) and tumour (label 2) for every predicted mask against the "
          + "ground-truth mask of the same case, with the means.",
      "A case where neither mask has a tumour scores tumour Dice 1; the mean over cases with tumours is "
          + "printed too."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:all cases evaluated",
      "1:bad input (missing folder or ground truth, shape or affine "
          + "mismatch, unreadable file)",
      "2:bad command-line usage"
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--pred",
      required = true,
      paramLabel = "DIR",
      description = "Folder of predicted masks (<case>.nii.gz).")
  private Path predictions;

  @Option(
      names = "--truth",
      required = true,
      paramLabel = "DIR",
      description =
          "Folder of ground-truth masks with the same file names, or an MSD dataset root "
              + "(its labelsTr/ is used).")
  private Path truth;

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description = "Where to write the CSV (default: dice.csv in the prediction folder).")
  private Path csv;

  @Override
  public Integer call() {
    try {
      List<CaseScores> scores = Evaluation.evaluateFolders(predictions, truth);
      Path out = csv != null ? csv : predictions.resolve("dice.csv");
      DiceCsv.write(scores, out);
      spec.commandLine().getOut().print(Evaluation.table(scores));
      spec.commandLine().getOut().println("CSV: " + out);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (Exception | OutOfMemoryError e) {
      return CommandErrors.report("evaluate", e, spec.commandLine().getErr());
    }
  }
}
