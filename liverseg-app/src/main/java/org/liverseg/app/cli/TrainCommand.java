package org.liverseg.app.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.liverseg.app.pipeline.CommandErrors;
import org.liverseg.app.pipeline.DataSplit;
import org.liverseg.app.pipeline.ModelStore;
import org.liverseg.app.pipeline.RunConfig;
import org.liverseg.app.pipeline.RunConfigJson;
import org.liverseg.app.pipeline.RunFolder;
import org.liverseg.app.pipeline.TrainStep;
import org.liverseg.app.report.CurvesPlot;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.training.EpochReport;
import org.liverseg.models.training.MetricsCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg train --data DIR}: trains the network (the U-Net unless {@code --architecture}
 * names another) on a Task03_Liver-layout dataset (steps 2-4 of the pipeline) and writes
 * config.json, split.json, metrics.csv, curves.png and model.zip; with {@code --resume} it
 * continues a model file from the epoch after the one it was saved at, in the checkpoint's folder.
 * A folder given with {@code --out} that already holds a run is left alone unless {@code
 * --overwrite} is given. Every file is written atomically.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Trains the network (the U-Net unless --architecture names another zoo entry) on the training and validation cases of a seeded split of an MSD Task03_Liver "
          + "folder (the test cases are left for 'liverseg predict' and 'liverseg evaluate').",
      "model.zip is rewritten after every epoch; --resume continues it (weights, optimiser state, epoch).",
      "An --out folder that already holds a run is left alone unless --overwrite is given."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:trained",
      "1:bad input (missing data folder, invalid dataset, a checkpoint for another "
          + "preprocessing, an existing run in --out), or a file could not be written",
      "2:usage error"
    })
public final class TrainCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private PipelineCommand.RunOptions options;

  @Option(
      names = "--resume",
      paramLabel = "CKPT",
      description = "Model file to continue (e.g. runs/<run>/model.zip).")
  private Path resume;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Output folder (default: runs/<timestamp>, or the checkpoint's folder with --resume).")
  private Path out;

  @Option(
      names = "--overwrite",
      description =
          "Write into an --out folder that already holds a run, replacing the files train writes.")
  private boolean overwrite;

  @Override
  public Integer call() {
    if (options.data == null && resume == null && options.config == null) {
      throw new ParameterException(
          spec.commandLine(), "--data is required (or --config, or --resume)");
    }
    try {
      ModelStore.Loaded resumed = null;
      RunConfig config;
      if (resume != null) {
        if (!Files.exists(resume)) {
          throw new NoSuchFileException(resume.toString(), null, "checkpoint does not exist");
        }
        resumed = ModelStore.load(resume);
        if (options.architecture != null
            && !options.architecture.equals(resumed.config().model().architecture())) {
          throw new ParameterException(
              spec.commandLine(),
              "--architecture "
                  + options.architecture
                  + " cannot change the network of checkpoint "
                  + resume
                  + " ("
                  + resumed.config().model().architecture()
                  + ")");
        }
        // The checkpoint's own configuration, unless the user names another one; its preprocessing
        // must match.
        config =
            options.config != null || options.data != null || options.epochs != null
                ? withOverrides(resumed.config())
                : resumed.config();
        if ((resumed.plan() != null) != config.plan().planned()) {
          throw new IllegalArgumentException(
              resume
                  + ": model \""
                  + resumed.spec().name()
                  + "\" was trained with another preprocessing ("
                  + (resumed.plan() != null
                      ? "a plan; the configuration has none"
                      : "the fixed CropOrPad preprocessing; the configuration asks for a plan")
                  + ")");
        }
        // a model with a plan continues with its own plan (the configuration's is not recomputed)
        resumed.spec().requireCompatible(ModelStore.preprocessingSpec(config, resumed.plan()));
      } else {
        config = options.config(spec);
      }
      Path dataDir = Path.of(config.data().dir());
      if (!Files.isDirectory(dataDir)) {
        throw new NoSuchFileException(dataDir.toString(), null, "data folder does not exist");
      }
      if (out != null) {
        RunFolder.requireNoRun(
            out, overwrite, resume == null ? ", or --resume to continue it" : "");
      }
      SubjectsDataset training = MsdDataset.open(dataDir).training();
      DataSplit split =
          DataSplit.of(training.subjects().stream().map(Subject::id).toList(), config.split());
      RunFolder folder =
          out != null
              ? RunFolder.at(out)
              : resume != null
                  ? RunFolder.at(resume.toAbsolutePath().getParent())
                  : RunFolder.createTimestamped(Path.of("runs"), LocalDateTime.now());
      RunConfigJson.write(config, folder.config());
      split.write(folder.split());
      Path model = resume != null && out == null ? resume : folder.model();
      PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
      if (resumed != null && resumed.epoch() >= config.train().epochs()) {
        log.printf(
            Locale.ROOT,
            "checkpoint is at epoch %d of %d: nothing to do (raise --epochs)%n",
            resumed.epoch(),
            config.train().epochs());
      } else {
        new TrainStep(config, log, options.progressBars())
            .run(training, split, model, folder.metrics(), resumed);
      }
      List<EpochReport> epochs =
          Files.exists(folder.metrics()) ? MetricsCsv.read(folder.metrics()) : List.of();
      if (!epochs.isEmpty()) {
        CurvesPlot.write(epochs, folder.curves());
      }
      spec.commandLine().getOut().println(model);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ParameterException e) {
      throw e;
    } catch (Exception | OutOfMemoryError e) {
      return CommandErrors.report("train", e, spec.commandLine().getErr());
    }
  }

  private RunConfig withOverrides(RunConfig checkpointConfig) throws Exception {
    if (options.config != null) {
      return options.config(spec);
    }
    RunConfig.Builder b = checkpointConfig.toBuilder();
    if (options.data != null) {
      b.dataDir(options.data.toString());
    }
    if (options.epochs != null) {
      b.epochs(options.epochs);
    }
    return b.build();
  }
}
