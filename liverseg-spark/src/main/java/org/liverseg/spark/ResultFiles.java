package org.liverseg.spark;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a job's result table on the driver, each file atomically: {@code results.csv} and {@code
 * results.parquet} (one Parquet file).
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

  /** Writes {@code rows} as one Parquet file ({@link ParquetTable}) to {@code file}, atomically. */
  static void writeParquet(List<Row> rows, StructType schema, Path file) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      ParquetTable.write(rows, schema, tmp);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
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
}
