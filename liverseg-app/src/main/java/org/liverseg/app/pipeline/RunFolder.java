package org.liverseg.app.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

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
