package org.liverseg.examples.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-epoch {@code metrics.csv} of a run: a header line, then one line per epoch, flushed as
 * soon as the epoch ends so that a crashed or running training can be inspected. Missing values
 * (no validation in that epoch) are empty cells. Numbers use a dot as decimal separator whatever
 * the locale.
 */
public final class MetricsCsv implements AutoCloseable {

  /** The header line, in column order. */
  public static final String HEADER =
      "epoch,iterations,train_loss,val_loss,val_dice_liver,val_dice_tumour,seconds,patches_per_second";

  private final BufferedWriter out;

  private MetricsCsv(BufferedWriter out) {
    this.out = out;
  }

  /** Creates (or truncates) {@code file} and writes the header. */
  public static MetricsCsv create(Path file) throws IOException {
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    w.write(HEADER);
    w.newLine();
    w.flush();
    return new MetricsCsv(w);
  }

  /**
   * Opens {@code file} to append rows (used when training resumes); creates it with a header if it
   * does not exist.
   */
  public static MetricsCsv append(Path file) throws IOException {
    if (!Files.exists(file)) {
      return create(file);
    }
    return new MetricsCsv(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
  }

  /** Appends one epoch and flushes. */
  public synchronized void write(EpochMetrics m) throws IOException {
    out.write(format(m));
    out.newLine();
    out.flush();
  }

  /** One CSV line (without line break). */
  static String format(EpochMetrics m) {
    return String.join(",", Integer.toString(m.epoch()), Long.toString(m.iterations()), num(m.trainLoss()),
        num(m.validationLoss()), num(m.validationDiceLiver()), num(m.validationDiceTumour()), num(m.seconds()),
        num(m.patchesPerSecond()));
  }

  /**
   * Reads a metrics file.
   *
   * @throws IllegalArgumentException naming the file and line if it is not a metrics CSV
   */
  public static List<EpochMetrics> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException(file + ": not a metrics CSV (the first line must be '" + HEADER + "')");
    }
    List<EpochMetrics> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] c = line.split(",", -1);
      if (c.length != 8) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 8 columns, got " + c.length);
      }
      try {
        rows.add(new EpochMetrics(Integer.parseInt(c[0]), Long.parseLong(c[1]), parse(c[2]), parse(c[3]),
            parse(c[4]), parse(c[5]), parse(c[6]), parse(c[7])));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a number: " + e.getMessage(), e);
      }
    }
    return rows;
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }

  private static double parse(String s) {
    return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
