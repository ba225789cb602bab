package org.liverseg.app.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import org.liverseg.app.pipeline.CommandErrors;
import org.liverseg.app.pipeline.Pipeline;
import org.liverseg.app.pipeline.RunConfig;
import org.liverseg.app.pipeline.RunConfigJson;
import org.liverseg.app.pipeline.RunFolder;
import org.liverseg.io.Shape;
import org.liverseg.phantoms.PhantomSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg pipeline}: the whole liver and tumour pipeline from phantoms (or the real
 * Task03_Liver) to Dice, with every output under {@code runs/<timestamp>/}.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Runs the whole pipeline: generates phantoms if the data folder is empty, splits train/validation/"
          + "test, computes a plan from the training cases (target spacing, normalisation, patch, batch, depth; "
          + "--plan to give one; --preset course keeps the seed's fixed CropOrPad preprocessing), preprocesses the "
          + "training and validation cases once and augments, trains the network (the U-Net unless --architecture "
          + "names another) from a patch queue with a label sampler, chooses the inference and tumour decision on the "
          + "validation cases, segments the test scans whole at their own voxel size, and evaluates.",
      "Writes config.json, split.json, plan.json, metrics.csv, curves.png, model.zip (with the plan), "
          + "predictions/<case>.nii.gz, overlays/<case>.png, dice.csv and report.md into the run folder.",
      "config.json holds every setting and seed: 'liverseg pipeline --config runs/<run>/config.json' repeats a run.",
      "A --run-dir that already holds a run is left alone unless --overwrite is given."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:bad input (missing or invalid data, configuration or files, an existing run in --run-dir), "
          + "or a file could not be written",
      "2:usage error"
    })
public final class PipelineCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private RunOptions options;

  @Option(
      names = "--runs",
      paramLabel = "DIR",
      defaultValue = "runs",
      description = "Parent of the timestamped run folder (default: ${DEFAULT-VALUE}).")
  private Path runs;

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      description = "Exact run folder to use instead of runs/<timestamp>.")
  private Path runDir;

  @Option(
      names = "--phantom-size",
      paramLabel = "SIZE",
      converter = OptionValues.PhantomSizeConverter.class,
      description =
          "Phantoms to generate into an empty data folder: small (default, 96x96x48), full "
              + "(256x256x60-200, 0.6-0.9 mm in-plane, 1.5-5 mm slices; data folder data/phantoms-full "
              + "unless --data is given) or tiny.")
  private PhantomSize phantomSize;

  @Option(names = "--print-config", description = "Print the configuration as JSON and exit.")
  private boolean printConfig;

  @Option(
      names = "--overwrite",
      description =
          "Write into a --run-dir that already holds a run, replacing the files the pipeline writes.")
  private boolean overwrite;

  @Override
  public Integer call() {
    RunConfig config;
    try {
      config = options.config(spec);
      if (phantomSize != null) {
        RunConfig.Builder b = config.toBuilder().phantomSize(phantomSize);
        if (options.data == null && options.config == null) {
          b.dataDir(
              phantomSize == PhantomSize.SMALL ? "data/phantoms" : "data/phantoms-" + phantomSize);
        }
        config = b.build();
      }
    } catch (ParameterException e) {
      throw e;
    } catch (Exception e) {
      return CommandErrors.report("pipeline", e, spec.commandLine().getErr());
    }
    if (printConfig) {
      spec.commandLine().getOut().println(RunConfigJson.toJson(config));
      spec.commandLine().getOut().flush();
      return 0;
    }
    try {
      if (runDir != null) {
        RunFolder.requireNoRun(runDir, overwrite, "");
      }
      RunFolder folder =
          runDir != null
              ? RunFolder.at(runDir)
              : RunFolder.createTimestamped(runs, LocalDateTime.now());
      PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
      new Pipeline(config, folder, log, options.progressBars()).run();
      spec.commandLine().getOut().println(folder.report());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (Exception | OutOfMemoryError e) {
      return CommandErrors.report("pipeline", e, spec.commandLine().getErr());
    }
  }

  /**
   * The options {@code pipeline} and {@code train} share: a preset or a configuration file, and
   * overrides of single settings.
   */
  public static final class RunOptions {

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "Configuration JSON (e.g. a run's config.json); overrides below still apply.")
    Path config;

    @Option(
        names = "--preset",
        paramLabel = "NAME",
        defaultValue = "cpu",
        converter = OptionValues.PresetConverter.class,
        description =
            "cpu (default: a plan from the training cases, small phantoms and network, about ten minutes on 2 "
                + "cores), course (the seed's fixed GPU configuration: CropOrPad 256x256x200, patch 96, filters "
                + "32-256, Adam 1e-4, 100 epochs, no plan) or tiny (seconds, for tests).")
    RunConfig.Preset preset;

    @Option(
        names = "--data",
        paramLabel = "DIR",
        description =
            "Dataset folder in MSD Task03_Liver layout (for pipeline: an empty or new folder gets phantoms).")
    Path data;

    @Option(
        names = "--plan",
        paramLabel = "FILE",
        description =
            "Train with this plan (from 'liverseg plan') instead of one computed from the training cases.")
    Path plan;

    @Option(names = "--epochs", paramLabel = "N", description = "Number of epochs.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Master seed.")
    Long seed;

    @Option(
        names = "--cases",
        paramLabel = "N",
        description = "Phantoms to generate into an empty data folder.")
    Integer cases;

    @Option(
        names = "--patch",
        paramLabel = "X,Y,Z",
        converter = OptionValues.ShapeConverter.class,
        description = "Training patch size.")
    Shape patch;

    @Option(
        names = "--filters",
        paramLabel = "F1,F2,...",
        converter = OptionValues.Filters.Converter.class,
        description = "Filters (channels) per resolution stage of the network, e.g. 8,16,32.")
    OptionValues.Filters filters;

    @Option(
        names = "--architecture",
        paramLabel = "NAME",
        description =
            "Network from the model zoo ('liverseg models' lists them): unet (the default),"
                + " attention-unet, resenc-unet or segresnet; its normalisation becomes that"
                + " architecture's default. (Not --model: 'liverseg predict --model' names a"
                + " model file.)")
    String architecture;

    @Option(names = "--workers", paramLabel = "N", description = "PatchQueue workers.")
    Integer workers;

    @Option(
        names = "--threads",
        paramLabel = "N",
        description = "Native threads for the network (0: ND4J default).")
    Integer threads;

    @Option(names = "--no-progress", description = "One line per epoch instead of progress bars.")
    boolean noProgress;

    /** The configuration: file or preset, with the overrides applied. */
    RunConfig config(CommandSpec spec) throws Exception {
      RunConfig base = config != null ? RunConfigJson.read(config) : RunConfig.preset(preset);
      RunConfig.Builder b = base.toBuilder();
      try {
        if (data != null) {
          b.dataDir(data.toString());
        }
        if (epochs != null) {
          b.epochs(epochs);
        }
        if (plan != null) {
          b.plan(RunConfig.PlanSettings.file(plan.toString()));
        }
        if (seed != null) {
          b.seed(seed);
        }
        if (cases != null) {
          b.phantomCases(cases);
        }
        if (patch != null) {
          b.patchSize(patch);
        }
        List<Integer> widths = filters == null ? null : filters.perLevel();
        if (architecture != null) {
          b.architecture(architecture, widths);
        } else if (widths != null) {
          b.filters(widths);
        }
        if (workers != null) {
          b.numWorkers(workers);
        }
        if (threads != null) {
          b.threads(threads);
        }
        return b.build();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }

    /** Progress bars only on a terminal, and not with --no-progress. */
    boolean progressBars() {
      return !noProgress && System.console() != null;
    }
  }
}
