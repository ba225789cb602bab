package org.liverseg.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {

  @Test
  void rowsSurviveARoundTripWithMissingValidationAsNaN(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.csv");
    EpochMetrics a = new EpochMetrics(1, 10, 1.25, Double.NaN, Double.NaN, Double.NaN, 12.5, 3.2);
    EpochMetrics b = new EpochMetrics(2, 20, 0.75, 0.5, 0.91, 0.625, 13.0, 3.0);
    try (MetricsCsv csv = MetricsCsv.create(f)) {
      csv.write(a);
      csv.write(b);
    }
    assertEquals(List.of(a, b), MetricsCsv.read(f));
    List<String> lines = Files.readAllLines(f);
    assertEquals(MetricsCsv.HEADER, lines.get(0));
    assertEquals("1,10,1.25000,,,,12.5000,3.20000", lines.get(1));
  }

  @Test
  void appendAddsRowsAfterTheExistingOnes(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.csv");
    EpochMetrics a = new EpochMetrics(1, 10, 1, 1, 0.5, 0.5, 1, 1);
    try (MetricsCsv csv = MetricsCsv.append(f)) {
      csv.write(a);
    }
    EpochMetrics b = new EpochMetrics(2, 20, 0.5, 0.5, 0.75, 0.25, 1, 1);
    try (MetricsCsv csv = MetricsCsv.append(f)) {
      csv.write(b);
    }
    assertEquals(List.of(a, b), MetricsCsv.read(f));
  }

  @Test
  void numbersIgnoreTheDefaultLocale(@TempDir Path dir) throws Exception {
    Locale old = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      Path f = dir.resolve("m.csv");
      try (MetricsCsv csv = MetricsCsv.create(f)) {
        csv.write(new EpochMetrics(1, 1, 0.5, 0.25, 0.125, 0.0625, 2, 3));
      }
      assertEquals(0.0625, MetricsCsv.read(f).get(0).validationDiceTumour());
    } finally {
      Locale.setDefault(old);
    }
  }

  @Test
  void badFilesNameTheLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.csv");
    Files.writeString(f, MetricsCsv.HEADER + "\n1,2,3\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsCsv.read(f));
    assertTrue(e.getMessage().contains("m.csv:2: expected 8 columns"), e.getMessage());
    Files.writeString(f, "a,b\n");
    assertThrows(IllegalArgumentException.class, () -> MetricsCsv.read(f));
  }
}
