package org.liverseg.models.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.liverseg.io.AtomicFiles;

/**
 * The per-epoch metrics file of a training run, and a listener that writes it: a header line
 * ({@value #HEADER}), then one row per {@link EpochReport}, written as soon as the epoch ends so
 * that a running or crashed training can be inspected. {@code iterations} counts the whole run;
 * missing values (no validation in that epoch) are empty cells; numbers have six significant digits
 * and a dot as decimal separator whatever the locale.
 *
 * <p>Every write replaces the whole file atomically ({@link AtomicFiles}; the file has one short
 * line per epoch), so a crash or a full disk never leaves half a row.
 *
 * <p>{@link #read} gives the rows back as reports; {@code improved} is not a column (it depends on
 * the best score of earlier runs a resumed run continued) and reads back as false.
 */
public final class MetricsCsv implements TrainingProgressListener, AutoCloseable {

  /** The header line, in column order. */
  public static final String HEADER =
      "epoch,iterations,train_loss,val_loss,val_dice_liver,val_dice_tumour,seconds,patches_per_second";

  private static final int COLUMNS = 8;

  private final Path file;
  private final List<String> lines;

  private MetricsCsv(Path file, List<String> lines) throws IOException {
    this.file = file;
    this.lines = new ArrayList<>(lines);
    flush();
  }

  /** Creates (or replaces) {@code file}, creating its folder if needed, with the header. */
  public static MetricsCsv create(Path file) throws IOException {
    createParent(file);
    return new MetricsCsv(file, List.of(HEADER));
  }

  /**
   * Continues {@code file} (a resumed run adds its rows to the earlier ones); a new or empty file
   * gets the header first.
   */
  public static MetricsCsv append(Path file) throws IOException {
    createParent(file);
    List<String> existing =
        Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    List<String> lines = new ArrayList<>();
    if (existing.isEmpty()) {
      lines.add(HEADER);
    }
    existing.stream().filter(l -> !l.isBlank()).forEach(lines::add);
    return new MetricsCsv(file, lines);
  }

  /** Adds one row and writes the file. */
  public synchronized void write(EpochReport r) throws IOException {
    lines.add(format(r));
    flush();
  }

  private void flush() throws IOException {
    AtomicFiles.writeString(file, String.join("\n", lines) + "\n");
  }

  /** Writes the row of every finished epoch. */
  @Override
  public void epochDone(EpochReport r) {
    try {
      write(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the metrics CSV", e);
    }
  }

  /** One CSV row (without line break). */
  public static String format(EpochReport r) {
    return String.join(
        ",",
        Integer.toString(r.epoch()),
        Long.toString(r.iterations()),
        num(r.meanLoss()),
        num(r.validationLoss()),
        num(r.liverDice()),
        num(r.tumourDice()),
        num(r.seconds()),
        num(r.patchesPerSecond()));
  }

  /**
   * Reads a metrics file; a row is {@code validated} when any validation cell is filled.
   *
   * @throws IllegalArgumentException naming the file and line if it is not a metrics CSV
   */
  public static List<EpochReport> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException(
          file + ": not a metrics CSV (the first line must be '" + HEADER + "')");
    }
    List<EpochReport> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] c = line.split(",", -1);
      if (c.length != COLUMNS) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": expected " + COLUMNS + " columns, got " + c.length);
      }
      try {
        double valLoss = parse(c[3]);
        double liver = parse(c[4]);
        double tumour = parse(c[5]);
        boolean validated = !Double.isNaN(valLoss) || !Double.isNaN(liver) || !Double.isNaN(tumour);
        rows.add(
            new EpochReport(
                Integer.parseInt(c[0]),
                Long.parseLong(c[1]),
                parse(c[2]),
                validated,
                valLoss,
                liver,
                tumour,
                parse(c[6]),
                parse(c[7]),
                false));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": not a number: " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }

  private static double parse(String s) {
    return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
  }

  /** Nothing to release: every row is on disk once {@link #write} returns. */
  @Override
  public void close() {}
}
