package org.liverseg.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.liverseg.app.pipeline.CommandErrors;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg phantoms}: writes a synthetic Task03_Liver-like dataset (MSD layout) with a
 * progress bar on stderr and a summary line on stdout. A folder that already holds any of the files
 * to write (an existing dataset) is left alone unless {@code --overwrite} is given.
 */
@Command(
    name = "phantoms",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Writes synthetic liver/tumour CT phantoms in the layout of the Medical Segmentation "
          + "Decathlon's Task03_Liver: dataset.json, imagesTr/liver_N.nii.gz (int16 HU) and "
          + "labelsTr/liver_N.nii.gz (uint8: 0 background, 1 liver, 2 tumour).",
      "The same seed, size and case index always give the same case.",
      "A folder that already holds any of these files is left alone unless --overwrite is given."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:dataset written",
      "1:a file could not be written, or the folder already holds a dataset (without --overwrite)",
      "2:usage error"
    })
public final class PhantomsCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Dataset folder (created if needed).")
  private Path out;

  @Option(
      names = "--cases",
      paramLabel = "N",
      defaultValue = "8",
      description = "Number of cases (default: ${DEFAULT-VALUE}).")
  private int cases;

  @Option(
      names = "--size",
      paramLabel = "SIZE",
      defaultValue = "small",
      converter = SizeConverter.class,
      description =
          "full (256x256x60-200), small (96x96x48) or tiny (48x48x24) (default: ${DEFAULT-VALUE}).")
  private PhantomSize size;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Cases generated in parallel (default: all processors).")
  private Integer threads;

  @Option(
      names = "--overwrite",
      description =
          "Replace dataset.json and the cases' files if they exist (other files are left).")
  private boolean overwrite;

  @Override
  public Integer call() {
    if (cases < 1) {
      throw new ParameterException(spec.commandLine(), "--cases must be at least 1, got " + cases);
    }
    if (threads != null && threads < 1) {
      throw new ParameterException(
          spec.commandLine(), "--threads must be at least 1, got " + threads);
    }
    PhantomGenerator.Builder b = PhantomGenerator.builder().size(size).seed(seed);
    if (threads != null) {
      b.threads(threads);
    }
    PhantomGenerator gen = b.build();
    PrintWriter err = spec.commandLine().getErr();
    if (Files.exists(out) && !Files.isDirectory(out)) {
      err.println("liverseg phantoms: " + out + " is a file, not a folder");
      err.flush();
      return 1;
    }
    if (!overwrite) {
      List<String> existing = existingFiles();
      if (!existing.isEmpty()) {
        err.println(
            "liverseg phantoms: "
                + out
                + " already holds "
                + existing.size()
                + " of the files to write ("
                + String.join(", ", existing.subList(0, Math.min(2, existing.size())))
                + (existing.size() > 2 ? ", ..." : "")
                + "); use --overwrite to replace them, or choose an empty folder");
        err.flush();
        return 1;
      }
    }
    long start = System.nanoTime();
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("phantoms")
            .setInitialMax(cases)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .setConsumer(
                new DelegatingProgressBarConsumer(
                    line -> {
                      err.print('\r' + line);
                      err.flush();
                    },
                    80))
            .build()) {
      gen.writeDataset(out, cases, (id, done, total) -> bar.stepTo(done));
    } catch (IOException | RuntimeException e) {
      err.println();
      return CommandErrors.report("phantoms", e, err);
    }
    err.println();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "wrote %d %s phantom cases (seed %d) to %s in %.1f s%n",
            cases,
            size,
            seed,
            out,
            (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** The files of the dataset to write that exist already, relative to {@code --out}. */
  private List<String> existingFiles() {
    List<String> names = new ArrayList<>();
    names.add(MsdDataset.DESCRIPTOR);
    for (int c = 0; c < cases; c++) {
      String file = PhantomGenerator.caseId(c) + ".nii.gz";
      names.add(MsdDataset.IMAGES_TR + "/" + file);
      names.add(MsdDataset.LABELS_TR + "/" + file);
    }
    List<String> existing = new ArrayList<>();
    for (String name : names) {
      if (Files.exists(out.resolve(name))) {
        existing.add(name);
      }
    }
    return existing;
  }

  /** Parses {@code full|small|tiny}, ignoring case. */
  static final class SizeConverter implements CommandLine.ITypeConverter<PhantomSize> {
    @Override
    public PhantomSize convert(String value) {
      try {
        return PhantomSize.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
