package org.liverseg.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.liverseg.app.pipeline.CaseFiles;
import org.liverseg.app.pipeline.CommandErrors;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.models.NativeThreads;
import org.liverseg.models.prediction.Segmentation;
import org.liverseg.models.task03.Task03Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg predict --model model.zip IN... --out DIR}: segments CT scans with a trained
 * model, using the preprocessing stored in the model file, and writes uint8 masks with each input's
 * shape and affine, as {@code DIR/<case>.nii.gz}. A model file with a plan segments through {@link
 * Task03Model} (any voxel size and extent: resampled to the plan's spacing and back, a one-line
 * warning for a spacing far outside the training range); a model file written before plans keeps
 * its fixed CropOrPad preprocessing and predicts exactly as it did.
 *
 * <p>Every input is processed; one that fails (missing, unreadable, not a NIfTI file, a NaN or
 * infinite voxel, an existing mask without {@code --overwrite}) is reported in one line and the
 * others go on; the exit code is then 1. Two inputs that would write the same mask, or a mask that
 * would replace an input, are refused before anything runs (exit code 2).
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Segments NIfTI CT scans with a model written by 'liverseg train' or 'liverseg pipeline': the "
          + "model's own preprocessing (with a plan: reoriented, resampled to the plan's spacing and normalised; "
          + "older models: CropOrPad, HU window, rescale), a sliding window over the whole volume, and the "
          + "probabilities (older models: the mask) mapped back onto the scan's grid.",
      "A scan whose spacing is more than 2x outside the training range is segmented with a one-line warning.",
      "Writes OUT/<case>.nii.gz (uint8: 0 background, 1 liver, 2 tumour) with the input's shape and affine.",
      "Every scan is processed; each one that fails is reported on stderr in one line. A scan with a NaN or "
          + "infinite voxel fails. An existing mask is replaced only with --overwrite; a mask never replaces an input."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:all masks written",
      "1:a scan failed (one line each), or the model could not be read",
      "2:usage error (also: two scans for one mask, a mask that would replace a scan)"
    })
public final class PredictCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "FILE",
      description = "Model file (model.zip).")
  private Path model;

  @Parameters(arity = "1..*", paramLabel = "IN", description = "CT scans (.nii, .nii.gz).")
  private List<Path> inputs;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output folder (created if needed).")
  private Path out;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "Patches per forward pass (default: the model's).")
  private Integer batch;

  @Option(names = "--overwrite", description = "Replace masks that already exist in --out.")
  private boolean overwrite;

  @Override
  public Integer call() {
    if (batch != null && batch < 1) {
      throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
    }
    List<Path> targets = new ArrayList<>();
    for (Path in : inputs) {
      String id = caseId(in);
      targets.add(id == null ? null : out.resolve(id + ".nii.gz"));
    }
    Map<Path, Path> plan = Outputs.plan(spec, inputs, targets);
    PrintWriter err = spec.commandLine().getErr();
    Task03Model segmenter;
    try {
      if (!Files.exists(model)) {
        throw new NoSuchFileException(model.toString(), null, "model file does not exist");
      }
      Task03Model loaded = Task03Model.load(model);
      NativeThreads.apply(loaded.threads());
      segmenter = batch != null ? loaded.withBatchSize(batch) : loaded;
      err.println(segmenter.describe());
      Files.createDirectories(out);
    } catch (Exception | OutOfMemoryError e) {
      return CommandErrors.report("predict", e, err);
    }
    int failed = 0;
    for (Path in : inputs) {
      try {
        Path target = plan.get(in);
        if (target == null) {
          throw new IllegalArgumentException("not a NIfTI file (.nii, .nii.gz, .hdr)");
        }
        predictOne(segmenter, in, target, err);
      } catch (Exception | OutOfMemoryError e) {
        failed++;
        CommandErrors.reportOne("predict", in, e, err);
      }
    }
    return failed == 0 ? 0 : CommandErrors.INPUT_ERROR;
  }

  private void predictOne(Task03Model segmenter, Path in, Path target, PrintWriter err)
      throws Exception {
    long t0 = System.nanoTime();
    Outputs.requireNew(target, overwrite);
    Segmentation s = segmenter.segment(ScalarImage.read(in));
    s.warning().ifPresent(w -> err.println("liverseg predict: " + in + ": warning: " + w));
    LabelMap mask = s.mask();
    Nifti.write(target, mask, NiftiDataType.UINT8);
    long[] h = mask.histogram();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s -> %s (%s, liver %d voxels, tumour %d voxels, %.1f s%s)%n",
            in,
            target,
            mask.shape(),
            h[1] + h[2],
            h[2],
            (System.nanoTime() - t0) / 1e9,
            "; " + s.timings());
    spec.commandLine().getOut().flush();
  }

  private static String caseId(Path in) {
    Path name = in.getFileName();
    return name == null ? null : CaseFiles.caseId(name.toString());
  }
}
