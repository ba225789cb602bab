package org.liverseg.app.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * SX,SY,SZ}: applies transforms to one NIfTI file, in the order given on the command line, like
 * TorchIO's {@code tiotr}. Spatial transforms keep the affine right (the output lies where the
 * input did in world space); label maps ({@code --label}) are resampled by nearest neighbour.
 */
@Command(
    name = "transform",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Apply transforms to one NIfTI image, in the order given, and write the result.",
      "Spatial transforms update the affine so that the output stays aligned with the input in world space."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:written",
      "1:bad input (missing or unreadable file, a value that does not fit the datatype)",
      "2:bad command-line usage"
    })
public final class TransformCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN", description = "Input image (.nii, .nii.gz, .hdr).")
  private Path input;

  @Parameters(index = "1", paramLabel = "OUT", description = "Output image (.nii or .nii.gz).")
  private Path output;

  @Option(
      names = "--label",
      description = "Treat the image as a label map (nearest neighbour, uint8 output).")
  private boolean label;

  @Option(
      names = "--dtype",
      paramLabel = "TYPE",
      description =
          "On-disk datatype of the output: uint8, int16, int32, float32, float64 "
              + "(default: float32 for images, uint8 for label maps).")
  private String dtype;

  /** Steps in command-line order; built after parsing so that --label is known. */
  private final List<Supplier<Transform>> steps = new ArrayList<>();

  private boolean intensity;

  @Option(
      names = "--crop-or-pad",
      paramLabel = "X,Y,Z",
      order = 10,
      description = "Crop or pad (centre, zeros) to this shape.")
  void cropOrPad(String value) {
    int[] v = ints(value, "--crop-or-pad", 3);
    Shape target = positiveShape(v, "--crop-or-pad");
    steps.add(() -> CropOrPad.builder().target(target).build());
  }

  @Option(
      names = "--clamp",
      paramLabel = "LO,HI",
      order = 11,
      description =
          "Clamp intensities to [LO, HI] (leave one side empty for no bound, e.g. '-100,').")
  void clamp(String value) {
    String[] parts = value.split(",", -1);
    if (parts.length != 2 || parts[0].isBlank() && parts[1].isBlank()) {
      throw usage("--clamp needs LO,HI with at least one bound, got '" + value + "'");
    }
    Double lo = parts[0].isBlank() ? null : doubles(parts[0], "--clamp")[0];
    Double hi = parts[1].isBlank() ? null : doubles(parts[1], "--clamp")[0];
    if (lo != null && hi != null && lo > hi) {
      throw usage("--clamp lower bound " + lo + " is above the upper bound " + hi);
    }
    intensity = true;
    steps.add(
        () -> {
          Clamp.Builder b = Clamp.builder();
          if (lo != null) {
            b.min(lo);
          }
          if (hi != null) {
            b.max(hi);
          }
          return b.build();
        });
  }

  @Option(
      names = "--rescale",
      paramLabel = "LO,HI",
      order = 12,
      description =
          "Rescale intensities linearly so that the image's minimum and maximum become LO and HI.")
  void rescale(String value) {
    double[] v = doubles(value, "--rescale");
    if (v.length != 2 || !(v[0] < v[1])) {
      throw usage("--rescale needs LO,HI with LO < HI, got '" + value + "'");
    }
    intensity = true;
    steps.add(() -> RescaleIntensity.builder().outMinMax(v[0], v[1]).build());
  }

  @Option(
      names = "--resample",
      paramLabel = "SX,SY,SZ",
      order = 13,
      description =
          "Resample to this spacing in mm (one value for isotropic); trilinear for images, "
              + "nearest neighbour for label maps.")
  void resample(String value) {
    double[] v = doubles(value, "--resample");
    if (v.length != 1 && v.length != 3) {
      throw usage("--resample needs 1 or 3 spacings, got '" + value + "'");
    }
    for (double s : v) {
      if (!(s > 0) || !Double.isFinite(s)) {
        throw usage("--resample spacings must be positive, got '" + value + "'");
      }
    }
    steps.add(() -> Resample.builder().spacing(v).build());
  }

  @Override
  public Integer call() {
    if (steps.isEmpty()) {
      throw usage("give at least one transform, e.g. --crop-or-pad 96,96,48");
    }
    NiftiDataType type = dataType();
    if (label && intensity) {
      throw usage(
          "--clamp and --rescale change intensities and do not apply to a label map (--label)");
    }
    try {
      if (!Files.exists(input)) {
        throw new NoSuchFileException(input.toString(), null, "input file does not exist");
      }
      Image image = label ? LabelMap.read(input) : ScalarImage.read(input);
      Subject subject =
          Subject.builder(input.getFileName().toString()).image("image", image).build();
      for (Supplier<Transform> step : steps) {
        subject = step.get().apply(subject);
      }
      Image result = subject.image("image");
      Nifti.write(output, result, type);
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "%s -> %s: %s, spacing %s, orientation %s%n",
              image.shape(),
              output,
              result.shape(),
              spacing(result),
              result.orientation());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (Exception | OutOfMemoryError e) {
      return CommandErrors.report("transform", e, spec.commandLine().getErr());
    }
  }

  private NiftiDataType dataType() {
    if (dtype == null) {
      return label ? NiftiDataType.UINT8 : NiftiDataType.FLOAT32;
    }
    return switch (dtype.toLowerCase(Locale.ROOT)) {
      case "uint8" -> NiftiDataType.UINT8;
      case "int16" -> NiftiDataType.INT16;
      case "int32" -> NiftiDataType.INT32;
      case "float32" -> NiftiDataType.FLOAT32;
      case "float64" -> NiftiDataType.FLOAT64;
      default ->
          throw usage(
              "unknown --dtype '" + dtype + "'; use uint8, int16, int32, float32 or float64");
    };
  }

  private static String spacing(Image image) {
    double[] s = image.spacing();
    return String.format(Locale.ROOT, "(%.4g, %.4g, %.4g)", s[0], s[1], s[2]);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private int[] ints(String value, String option, int count) {
    String[] parts = value.split(",", -1);
    if (parts.length != count) {
      throw usage(option + " needs " + count + " comma-separated integers, got '" + value + "'");
    }
    int[] v = new int[count];
    for (int i = 0; i < count; i++) {
      try {
        v[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw usage(option + ": '" + parts[i] + "' is not an integer");
      }
    }
    return v;
  }

  private Shape positiveShape(int[] v, String option) {
    for (int x : v) {
      if (x <= 0) {
        throw usage(option + " extents must be positive, got " + v[0] + "," + v[1] + "," + v[2]);
      }
    }
    return Shape.of(v);
  }

  private double[] doubles(String value, String option) {
    String[] parts = value.split(",", -1);
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw usage(option + ": '" + parts[i] + "' is not a number");
      }
    }
    return v;
  }
}
