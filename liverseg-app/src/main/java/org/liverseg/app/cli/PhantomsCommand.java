package org.liverseg.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
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
 * progress bar on stderr and a summary line on stdout.
 */
@Command(
    name = "phantoms",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Writes synthetic liver/tumour CT phantoms in the layout of the Medical Segmentation "
          + "Decathlon's Task03_Liver: dataset.json, imagesTr/liver_N.nii.gz (int16 HU) and "
          + "labelsTr/liver_N.nii.gz (uint8: 0 background, 1 liver, 2 tumour).",
      "The same seed, size and case index always give the same case."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:dataset written", "1:a file could not be written", "2:usage error"})
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
      err.println("liverseg phantoms: " + e.getMessage());
      return 1;
    }
    err.println();
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %d %s phantom cases (seed %d) to %s in %.1f s%n",
            cases, size, seed, out, (System.nanoTime() - start) / 1e9);
    return 0;
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
