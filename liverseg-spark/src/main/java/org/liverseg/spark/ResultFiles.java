package org.liverseg.spark;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * Writes a job's result table: {@code results.csv} (one file, written on the driver, atomically)
 * and {@code results.parquet} (Spark's Parquet folder, one part file).
 */
final class ResultFiles {

  private ResultFiles() {}

  /**
   * Writes {@code rows} as CSV (RFC 4180, a header line, {@code shape} and {@code spacing} as
   * {@code XxYxZ}, empty fields for nulls) to {@code file}, atomically.
   */
  static void writeCsv(List<Row> rows, List<StructField> columns, Path file) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append(columns.stream().map(StructField::name).collect(Collectors.joining(","))).append('\n');
    for (Row r : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        Object v =
            r.isNullAt(i)
                ? null
                : columns.get(i).dataType() instanceof ArrayType ? r.getList(i) : r.get(i);
        cells.add(quote(v == null ? "" : text(v)));
      }
      b.append(String.join(",", cells)).append('\n');
    }
    atomicWrite(file, b.toString());
  }

  /**
   * Writes {@code table} as a Parquet folder {@code dir} with one part file: into a temporary
   * sibling folder first, which then replaces {@code dir}, so {@code dir} never holds a partial
   * table.
   */
  static void writeParquet(Dataset<Row> table, Path dir) throws IOException {
    Path tmp = dir.resolveSibling("." + dir.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      table.coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(tmp.toUri().toString());
      deleteTree(dir);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteTree(tmp);
    }
  }

  /** Writes {@code text} to {@code file} through a temporary file in the same folder. */
  static void atomicWrite(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String text(Object v) {
    if (v instanceof Double d) {
      return number(d);
    }
    if (v instanceof List<?> l) {
      return l.stream()
          .map(x -> x instanceof Double d ? number(d) : String.valueOf(x))
          .collect(Collectors.joining("x"));
    }
    return String.valueOf(v);
  }

  /** Ten significant digits, no exponent, no trailing zeros: exact enough, short to read. */
  private static String number(double d) {
    if (!Double.isFinite(d)) {
      return Double.toString(d);
    }
    return new BigDecimal(d).round(new MathContext(10)).stripTrailingZeros().toPlainString();
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      for (Path f : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }
}
