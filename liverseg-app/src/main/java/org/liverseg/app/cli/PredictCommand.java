package org.liverseg.app.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.liverseg.app.pipeline.CaseFiles;
import org.liverseg.app.pipeline.CommandErrors;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.models.NativeThreads;
import org.liverseg.models.task03.SegmentationModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg predict --model model.zip IN... --out DIR}: segments CT scans with a trained
 * model ({@link SegmentationModel}, with the preprocessing stored in the model file), and writes
 * uint8 masks with each input's shape and affine.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Segments NIfTI CT scans with a model written by 'liverseg train' or 'liverseg pipeline': the "
          + "model's own preprocessing (CropOrPad, HU window, rescale), a patch grid over the whole volume, and the mask "
          + "mapped back onto the scan's grid.",
      "Writes OUT/<case>.nii.gz (uint8: 0 background, 1 liver, 2 tumour) with the input's shape and affine."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:all masks written",
      "1:bad input (missing or unreadable model or image)",
      "2:usage error"
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

  @Override
  public Integer call() {
    if (batch != null && batch < 1) {
      throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
    }
    try {
      if (!Files.exists(model)) {
        throw new NoSuchFileException(model.toString(), null, "model file does not exist");
      }
      for (Path in : inputs) {
        if (!Files.isRegularFile(in)) {
          throw new NoSuchFileException(in.toString(), null, "input image does not exist");
        }
        if (CaseFiles.caseId(in.getFileName().toString()) == null) {
          throw new IllegalArgumentException(in + " is not a NIfTI file (.nii, .nii.gz, .hdr)");
        }
      }
      SegmentationModel loaded = SegmentationModel.load(model);
      NativeThreads.apply(loaded.threads());
      spec.commandLine().getErr().println("label decision: " + loaded.decisionDescription());
      SegmentationModel segmenter = batch != null ? loaded.withBatchSize(batch) : loaded;
      Files.createDirectories(out);
      for (Path in : inputs) {
        long t0 = System.nanoTime();
        String id = CaseFiles.caseId(in.getFileName().toString());
        LabelMap mask = segmenter.segment(id, ScalarImage.read(in));
        Path target = out.resolve(id + ".nii.gz");
        Nifti.write(target, mask, NiftiDataType.UINT8);
        long[] h = mask.histogram();
        spec.commandLine()
            .getOut()
            .printf(
                Locale.ROOT,
                "%s -> %s (%s, liver %d voxels, tumour %d voxels, %.1f s)%n",
                in,
                target,
                mask.shape(),
                h[1] + h[2],
                h[2],
                (System.nanoTime() - t0) / 1e9);
        spec.commandLine().getOut().flush();
      }
      return 0;
    } catch (Exception | OutOfMemoryError e) {
      return CommandErrors.report("predict", e, spec.commandLine().getErr());
    }
  }
}
