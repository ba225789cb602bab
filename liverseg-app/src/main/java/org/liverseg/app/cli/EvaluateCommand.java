package org.liverseg.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.liverseg.app.pipeline.CaseFiles;
import org.liverseg.app.pipeline.CommandErrors;
import org.liverseg.app.pipeline.DiceCsv;
import org.liverseg.app.pipeline.Evaluation;
import org.liverseg.models.metrics.CaseScores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg evaluate --pred DIR --truth DIR}: Dice of liver and tumour per case and their
 * means, as a table on stdout and a CSV file. Every case is scored; one that cannot be (no ground
 * truth, another grid, an unreadable file) is reported in one line and left out of the table and
 * the CSV, and the exit code is 1.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Dice of liver (labels 1+2) and tumour (label 2) for every predicted mask against the "
          + "ground-truth mask of the same case, with the means.",
      "A case where neither mask has a tumour scores tumour Dice 1; the mean over cases with tumours is "
          + "printed too.",
      "Every case is scored; each one that cannot be is reported on stderr in one line. An existing CSV "
          + "is replaced only with --overwrite."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:all cases evaluated",
      "1:a case failed (one line each: no ground truth, shape or affine mismatch, unreadable file), "
          + "a folder is missing, or the CSV could not be written",
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

  @Option(names = "--overwrite", description = "Replace the CSV if it exists.")
  private boolean overwrite;

  @Override
  public Integer call() {
    Path out = csv != null ? csv : predictions.resolve("dice.csv");
    if (out.getFileName() != null && CaseFiles.caseId(out.getFileName().toString()) != null) {
      throw new ParameterException(
          spec.commandLine(), "--csv " + out + " names a NIfTI file; give a .csv file");
    }
    PrintWriter err = spec.commandLine().getErr();
    try {
      Outputs.requireNew(out, overwrite);
      Evaluation.Result result = Evaluation.evaluateFolders(predictions, truth);
      result.failures().forEach(f -> err.println("liverseg evaluate: " + f));
      err.flush();
      List<CaseScores> scores = result.scores();
      if (!scores.isEmpty()) {
        spec.commandLine().getOut().print(Evaluation.table(scores));
        spec.commandLine().getOut().flush();
        DiceCsv.write(scores, out);
        spec.commandLine().getOut().println("CSV: " + out);
        spec.commandLine().getOut().flush();
      }
      return result.failures().isEmpty() ? 0 : CommandErrors.INPUT_ERROR;
    } catch (Exception | OutOfMemoryError e) {
      return CommandErrors.report("evaluate", e, err);
    }
  }
}
