package org.liverseg.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.liverseg.app.pipeline.CommandErrors;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.msd.MsdFormatException;
import org.liverseg.plan.Budget;
import org.liverseg.plan.Fingerprint;
import org.liverseg.plan.FingerprintException;
import org.liverseg.plan.FingerprintExtractor;
import org.liverseg.plan.Normalization;
import org.liverseg.plan.Plan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg plan --data DIR}: fingerprints the training cases of an MSD folder and writes the
 * plan derived from it ({@link Plan}): target spacing, normalisation, patch, batch and depth fitted
 * to a voxel budget. Prints a summary on stdout; the JSON is written atomically and never over an
 * existing file without {@code --overwrite} (checked before any case is read).
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Reads every training case of an MSD folder once (in parallel) and writes a plan: the target "
          + "spacing (nnU-Net's rule), the CT normalisation from the foreground intensities, and the "
          + "patch size, batch size and network depth that fit a budget of voxels per training step."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:plan written",
      "1:bad input (invalid dataset, unreadable or non-finite case, output file exists)",
      "2:usage error"
    })
public final class PlanCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "MSD dataset folder (dataset.json, imagesTr/, labelsTr/).")
  private Path data;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "plan.json",
      description = "Plan file to write (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Option(
      names = "--fingerprint",
      paramLabel = "FILE",
      description = "Also write the dataset fingerprint (per-case geometry, statistics) here.")
  private Path fingerprintOut;

  @Option(
      names = "--budget",
      paramLabel = "N",
      description =
          "Voxels per training step (patch voxels x batch), at least 128 (default: "
              + Budget.CPU_DEFAULT_VOXELS
              + ", the cpu preset's batch 4 of 48x48x16).")
  private Long budget;

  @Option(
      names = "--max-depth",
      paramLabel = "D",
      description = "Most 2x poolings of the network, 0-7 (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + Budget.CPU_DEFAULT_MAX_DEPTH)
  private int maxDepth;

  @Option(
      names = "--min-coverage",
      paramLabel = "F",
      description =
          "Coarsen the target spacing (nnU-Net's 3d_lowres rule: x1.03 per step, the finest axes first)"
              + " until a patch covers at least this share of a median case; 0 keeps the median spacing"
              + " (default: ${DEFAULT-VALUE}; nnU-Net's is 0.25).",
      defaultValue = "" + Budget.CPU_DEFAULT_MIN_PATCH_COVERAGE)
  private double minCoverage;

  @Option(
      names = "--normalization",
      paramLabel = "SCHEME",
      defaultValue = "ct",
      converter = SchemeConverter.class,
      description =
          "ct (clip to the foreground 0.5/99.5 percentiles, z-score with the foreground mean/std) "
              + "or window (the --window mapped onto [0, 1]) (default: ct).")
  private Scheme scheme;

  @Option(
      names = "--window",
      paramLabel = "LO,HI",
      split = ",",
      description = "Intensity window for --normalization window (default: -100,400).")
  private double[] window;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Cases read in parallel (default: all processors).")
  private Integer threads;

  @Option(names = "--overwrite", description = "Replace existing output files.")
  private boolean overwrite;

  /** The normalisation schemes offered. */
  enum Scheme {
    CT,
    WINDOW
  }

  /** Parses {@code ct|window}, ignoring case. */
  static final class SchemeConverter implements CommandLine.ITypeConverter<Scheme> {
    @Override
    public Scheme convert(String value) {
      for (Scheme s : Scheme.values()) {
        if (s.name().equalsIgnoreCase(value.trim())) {
          return s;
        }
      }
      throw new CommandLine.TypeConversionException(
          "unknown normalization '" + value + "'; expected ct or window");
    }
  }

  @Override
  public Integer call() {
    Budget b = budget();
    Normalization windowNorm = windowNormalization();
    if (threads != null && threads < 1) {
      throw new ParameterException(
          spec.commandLine(), "--threads must be at least 1, got " + threads);
    }
    if (fingerprintOut != null
        && fingerprintOut.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
      throw new ParameterException(
          spec.commandLine(), "--fingerprint and --out name the same file");
    }
    PrintWriter err = spec.commandLine().getErr();
    for (Path p : fingerprintOut == null ? List.of(out) : List.of(out, fingerprintOut)) {
      if (!overwrite && Files.exists(p)) {
        err.println("liverseg plan: already exists: " + p + " (use --overwrite)");
        return CommandErrors.INPUT_ERROR;
      }
    }
    long start = System.nanoTime();
    Fingerprint fp;
    try {
      MsdDataset dataset = MsdDataset.open(data);
      FingerprintExtractor.Builder eb = FingerprintExtractor.builder();
      if (threads != null) {
        eb.threads(threads);
      }
      int n = dataset.training().size();
      try (ProgressBar bar = progressBar(err, n)) {
        fp = eb.progress((id, done, total) -> bar.stepTo(done)).build().extract(subjects(dataset));
      }
      err.println();
    } catch (MsdFormatException e) {
      err.println("liverseg plan: " + e.problems().size() + " problem(s) in " + e.root() + ":");
      e.problems().forEach(p -> err.println("liverseg plan: " + p));
      return CommandErrors.INPUT_ERROR;
    } catch (FingerprintException e) {
      err.println();
      e.problems().forEach(p -> err.println("liverseg plan: " + p));
      return CommandErrors.INPUT_ERROR;
    } catch (Exception e) {
      return CommandErrors.report("plan", e, err);
    }
    double readSeconds = (System.nanoTime() - start) / 1e9;
    try {
      Plan plan = scheme == Scheme.WINDOW ? Plan.from(fp, b, windowNorm) : Plan.from(fp, b);
      if (fingerprintOut != null) {
        fp.write(fingerprintOut, overwrite);
      }
      plan.write(out, overwrite);
      PrintWriter o = spec.commandLine().getOut();
      o.print(fp.describe());
      o.print(plan.describe());
      o.printf(
          "wrote %s%s (%d cases read in %.1f s)%n",
          out,
          fingerprintOut == null ? "" : " and " + fingerprintOut,
          fp.cases().size(),
          readSeconds);
      o.flush();
      return 0;
    } catch (Exception e) {
      return CommandErrors.report("plan", e, err);
    }
  }

  /** The training subjects of the dataset (the one place that knows how a dataset lists them). */
  private static List<org.liverseg.io.Subject> subjects(MsdDataset dataset) {
    return dataset.training().subjects();
  }

  private Budget budget() {
    long v = budget == null ? Budget.CPU_DEFAULT_VOXELS : budget;
    try {
      return new Budget(v, maxDepth, minCoverage);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--budget/--max-depth/--min-coverage: " + e.getMessage());
    }
  }

  private Normalization windowNormalization() {
    if (window == null) {
      return Normalization.SEED_WINDOW;
    }
    if (scheme != Scheme.WINDOW) {
      throw new ParameterException(spec.commandLine(), "--window needs --normalization window");
    }
    if (window.length != 2
        || !Double.isFinite(window[0])
        || !Double.isFinite(window[1])
        || !(window[0] < window[1])) {
      throw new ParameterException(
          spec.commandLine(), "--window needs two finite numbers LO,HI with LO < HI");
    }
    return Normalization.fixedWindow(window[0], window[1]);
  }

  private static ProgressBar progressBar(PrintWriter err, int total) {
    return new ProgressBarBuilder()
        .setTaskName("fingerprint")
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(
            new DelegatingProgressBarConsumer(
                line -> {
                  err.print('\r' + line);
                  err.flush();
                },
                80))
        .build();
  }
}
