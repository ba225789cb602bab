package org.liverseg.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.liverseg.app.pipeline.CommandErrors;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.intensity.Clamp;
import org.liverseg.transforms.intensity.RescaleIntensity;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.Resample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg transform IN OUT --crop-or-pad X,Y,Z --clamp LO,HI --rescale LO,HI --resample
 * SX,SY,SZ} (or {@code transform IN... --out DIR}): applies transforms to NIfTI files, in the order
 * given on the command line, like TorchIO's {@code tiotr}. Spatial transforms keep the affine right
 * (the output lies where the input did in world space); label maps ({@code --label}) are resampled
 * by nearest neighbour.
 *
 * <p>Option values are parsed by {@link OptionValues}' converters: a malformed list or a non-finite
 * number is a usage error. Every input is processed; each one that fails is reported in one line
 * and the exit code is then 1.
 */
@Command(
    name = "transform",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Apply transforms to NIfTI images, in the order given, and write the results: IN OUT for one "
          + "image, or IN... --out DIR for several (each written as DIR/<its file name>).",
      "Spatial transforms update the affine so that the output stays aligned with the input in world space.",
      "Every image is processed; each one that fails is reported on stderr in one line. An existing output "
          + "is replaced only with --overwrite; an output never replaces an input."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:written",
      "1:an image failed (one line each: missing or unreadable file, a value that does not fit the "
          + "datatype, an existing output without --overwrite)",
      "2:bad command-line usage (also: an output that would replace an input, two inputs for one output)"
    })
public final class TransformCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "IN OUT (input and output image), or with --out the input images (.nii, .nii.gz, .hdr).")
  private List<Path> files;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      order = 1,
      description = "Output folder for several inputs (created if needed).")
  private Path outDir;

  @Option(
      names = "--label",
      order = 2,
      description = "Treat the images as label maps (nearest neighbour, uint8 output).")
  private boolean label;

  @Option(
      names = "--dtype",
      paramLabel = "TYPE",
      order = 3,
      converter = OptionValues.DataTypeConverter.class,
      description =
          "On-disk datatype of the output: uint8, int16, int32, float32, float64 "
              + "(default: float32 for images, uint8 for label maps).")
  private NiftiDataType dtype;

  @Option(names = "--overwrite", order = 4, description = "Replace outputs that already exist.")
  private boolean overwrite;

  /** Steps in command-line order; built after parsing so that --label is known. */
  private final List<Supplier<Transform>> steps = new ArrayList<>();

  private boolean intensity;

  @Option(
      names = "--crop-or-pad",
      paramLabel = "X,Y,Z",
      order = 10,
      converter = OptionValues.ShapeConverter.class,
      description = "Crop or pad (centre, zeros) to this shape.")
  void cropOrPad(Shape target) {
    steps.add(() -> CropOrPad.builder().target(target).build());
  }

  @Option(
      names = "--clamp",
      paramLabel = "LO,HI",
      order = 11,
      converter = OptionValues.Bounds.Converter.class,
      description =
          "Clamp intensities to [LO, HI] (leave one side empty for no bound, e.g. '-100,').")
  void clamp(OptionValues.Bounds bounds) {
    intensity = true;
    steps.add(
        () -> {
          Clamp.Builder b = Clamp.builder();
          if (bounds.lo() != null) {
            b.min(bounds.lo());
          }
          if (bounds.hi() != null) {
            b.max(bounds.hi());
          }
          return b.build();
        });
  }

  @Option(
      names = "--rescale",
      paramLabel = "LO,HI",
      order = 12,
      converter = OptionValues.Range.Converter.class,
      description =
          "Rescale intensities linearly so that the image's minimum and maximum become LO and HI.")
  void rescale(OptionValues.Range range) {
    intensity = true;
    steps.add(() -> RescaleIntensity.builder().outMinMax(range.lo(), range.hi()).build());
  }

  @Option(
      names = "--resample",
      paramLabel = "SX,SY,SZ",
      order = 13,
      converter = OptionValues.Spacing.Converter.class,
      description =
          "Resample to this spacing in mm (one value for isotropic); trilinear for images, "
              + "nearest neighbour for label maps.")
  void resample(OptionValues.Spacing spacing) {
    steps.add(() -> Resample.builder().spacing(spacing.toArray()).build());
  }

  @Override
  public Integer call() {
    if (steps.isEmpty()) {
      throw usage("give at least one transform, e.g. --crop-or-pad 96,96,48");
    }
    if (label && intensity) {
      throw usage(
          "--clamp and --rescale change intensities and do not apply to a label map (--label)");
    }
    List<Path> inputs;
    List<Path> targets = new ArrayList<>();
    if (outDir == null) {
      if (files.size() != 2) {
        throw usage(
            "give IN OUT for one image, or several images with --out DIR; got "
                + files.size()
                + " file"
                + (files.size() == 1 ? "" : "s"));
      }
      inputs = List.of(files.get(0));
      targets.add(files.get(1));
    } else {
      inputs = files;
      for (Path in : inputs) {
        targets.add(in.getFileName() == null ? null : outDir.resolve(in.getFileName().toString()));
      }
    }
    Map<Path, Path> plan = Outputs.plan(spec, inputs, targets);
    NiftiDataType type =
        dtype != null ? dtype : label ? NiftiDataType.UINT8 : NiftiDataType.FLOAT32;
    PrintWriter err = spec.commandLine().getErr();
    if (outDir != null) {
      try {
        Files.createDirectories(outDir);
      } catch (Exception e) {
        return CommandErrors.report("transform", e, err);
      }
    }
    int failed = 0;
    for (Path in : inputs) {
      try {
        Path target = plan.get(in);
        if (target == null) {
          throw new IllegalArgumentException("not a file name");
        }
        transformOne(in, target, type);
      } catch (Exception | OutOfMemoryError e) {
        failed++;
        CommandErrors.reportOne("transform", in, e, err);
      }
    }
    return failed == 0 ? 0 : CommandErrors.INPUT_ERROR;
  }

  private void transformOne(Path in, Path out, NiftiDataType type) throws Exception {
    Outputs.requireNew(out, overwrite);
    Image image = label ? LabelMap.read(in) : ScalarImage.read(in);
    Subject subject = Subject.builder(in.getFileName().toString()).image("image", image).build();
    for (Supplier<Transform> step : steps) {
      subject = step.get().apply(subject);
    }
    Image result = subject.image("image");
    Nifti.write(out, result, type);
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s -> %s: %s -> %s, spacing %s, orientation %s%n",
            in,
            out,
            image.shape(),
            result.shape(),
            spacing(result),
            result.orientation());
    spec.commandLine().getOut().flush();
  }

  private static String spacing(Image image) {
    double[] s = image.spacing();
    return String.format(Locale.ROOT, "(%.4g, %.4g, %.4g)", s[0], s[1], s[2]);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
