package org.liverseg.app.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output folder of one pipeline run, {@code runs/<timestamp>/}, and the name of every file the
 * pipeline writes into it.
 */
public final class RunFolder {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path dir;

  private RunFolder(Path dir) {
    this.dir = dir;
  }

  /**
   * Creates {@code parent/<timestamp>} (with a {@code -2}, {@code -3}... suffix if a run started in
   * the same second) and its {@code overlays/} and {@code predictions/} subfolders.
   */
  public static RunFolder createTimestamped(Path parent, LocalDateTime now) throws IOException {
    Files.createDirectories(parent);
    String base = STAMP.format(now);
    for (int attempt = 1; ; attempt++) {
      Path dir = parent.resolve(attempt == 1 ? base : base + "-" + attempt);
      try {
        Files.createDirectory(dir);
        return init(dir);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 1000) {
          throw e;
        }
      }
    }
  }

  /**
   * The files and non-empty subfolders of a run that {@code dir} already holds ({@code
   * config.json}, {@code model.zip}, {@code predictions/}...), sorted; empty if it holds none or
   * does not exist. A command writes into such a folder only when told to ({@code --overwrite}, or
   * {@code train --resume} continuing its own checkpoint).
   */
  public static List<String> existingRun(Path dir) throws IOException {
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    RunFolder f = new RunFolder(dir);
    for (Path p :
        List.of(
            f.config(),
            f.split(),
            f.metrics(),
            f.curves(),
            f.model(),
            f.report(),
            f.dice(),
            f.tuning())) {
      if (Files.exists(p)) {
        found.add(p.getFileName().toString());
      }
    }
    for (Path sub : List.of(f.overlays(), f.predictions())) {
      if (Files.isDirectory(sub)) {
        try (Stream<Path> s = Files.list(sub)) {
          if (s.findAny().isPresent()) {
            found.add(sub.getFileName() + "/");
          }
        }
      }
    }
    Collections.sort(found);
    return found;
  }

  /**
   * Checks that {@code dir} holds no run, unless {@code overwrite}.
   *
   * @param hint what else the user may do, appended to the message (e.g. {@code ", or --resume to
   *     continue it"}), or empty
   * @throws IOException {@code "<dir> already holds a run (config.json, model.zip); use --overwrite
   *     to replace it<hint>"}
   */
  public static void requireNoRun(Path dir, boolean overwrite, String hint) throws IOException {
    List<String> found = existingRun(dir);
    if (!overwrite && !found.isEmpty()) {
      throw new IOException(
          dir
              + " already holds a run ("
              + String.join(", ", found)
              + "); use --overwrite to replace it"
              + hint);
    }
  }

  /** Uses {@code dir} as the run folder, creating it and its subfolders as needed. */
  public static RunFolder at(Path dir) throws IOException {
    Files.createDirectories(dir);
    return init(dir);
  }

  private static RunFolder init(Path dir) throws IOException {
    RunFolder f = new RunFolder(requireNonNull(dir, "dir"));
    Files.createDirectories(f.overlays());
    Files.createDirectories(f.predictions());
    return f;
  }

  /** The run folder. */
  public Path dir() {
    return dir;
  }

  /** The folder's name, e.g. {@code 20261127-153000}. */
  public String name() {
    return dir.getFileName().toString();
  }

  /** {@code config.json}. */
  public Path config() {
    return dir.resolve("config.json");
  }

  /** {@code split.json}. */
  public Path split() {
    return dir.resolve("split.json");
  }

  /** {@code metrics.csv}. */
  public Path metrics() {
    return dir.resolve("metrics.csv");
  }

  /** {@code curves.png}. */
  public Path curves() {
    return dir.resolve("curves.png");
  }

  /** {@code model.zip}. */
  public Path model() {
    return dir.resolve("model.zip");
  }

  /** {@code report.md}. */
  public Path report() {
    return dir.resolve("report.md");
  }

  /** {@code dice.csv}: the per-case test Dice. */
  public Path dice() {
    return dir.resolve("dice.csv");
  }

  /**
   * {@code tuning.csv}: every tumour-decision candidate's validation Dice, when the decision was
   * tuned.
   */
  public Path tuning() {
    return dir.resolve("tuning.csv");
  }

  /** {@code overlays/}. */
  public Path overlays() {
    return dir.resolve("overlays");
  }

  /** {@code overlays/<case>.png}. */
  public Path overlay(String caseId) {
    return overlays().resolve(caseId + ".png");
  }

  /** {@code predictions/}. */
  public Path predictions() {
    return dir.resolve("predictions");
  }

  /** {@code predictions/<case>.nii.gz}. */
  public Path prediction(String caseId) {
    return predictions().resolve(caseId + ".nii.gz");
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
