package org.liverseg.models.training;

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

  private static EpochReport unvalidated(
      int epoch, long iterations, double loss, double seconds, double pps) {
    return new EpochReport(
        epoch, iterations, loss, false, Double.NaN, Double.NaN, Double.NaN, seconds, pps, false);
  }

  private static EpochReport validated(
      int epoch, long iterations, double loss, double valLoss, double liver, double tumour) {
    return new EpochReport(epoch, iterations, loss, true, valLoss, liver, tumour, 1, 1, false);
  }

  @Test
  void rowsSurviveARoundTripWithMissingValidationAsNaN(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.csv");
    EpochReport a = unvalidated(1, 10, 1.25, 12.5, 3.2);
    EpochReport b = new EpochReport(2, 20, 0.75, true, 0.5, 0.91, 0.625, 13.0, 3.0, false);
    try (MetricsCsv csv = MetricsCsv.create(f)) {
      csv.write(a);
      csv.epochDone(b);
    }
    assertEquals(List.of(a, b), MetricsCsv.read(f));
    List<String> lines = Files.readAllLines(f);
    assertEquals(MetricsCsv.HEADER, lines.get(0));
    assertEquals("1,10,1.25000,,,,12.5000,3.20000", lines.get(1));
    assertEquals("2,20,0.750000,0.500000,0.910000,0.625000,13.0000,3.00000", lines.get(2));
  }

  @Test
  void improvedIsNotAColumnAndReadsBackAsFalse(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.csv");
    try (MetricsCsv csv = MetricsCsv.create(f)) {
      csv.write(new EpochReport(1, 3, 1, true, 1, 0.5, 0.5, 1, 1, true));
    }
    assertEquals(validated(1, 3, 1, 1, 0.5, 0.5), MetricsCsv.read(f).get(0));
  }

  @Test
  void appendAddsRowsAfterTheExistingOnesAndCreateStartsOver(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sub/metrics.csv");
    EpochReport a = validated(1, 10, 1, 1, 0.5, 0.5);
    try (MetricsCsv csv = MetricsCsv.append(f)) {
      csv.write(a);
    }
    EpochReport b = validated(2, 20, 0.5, 0.5, 0.75, 0.25);
    try (MetricsCsv csv = MetricsCsv.append(f)) {
      csv.write(b);
    }
    assertEquals(List.of(a, b), MetricsCsv.read(f));
    try (MetricsCsv csv = MetricsCsv.create(f)) {
      csv.write(b);
    }
    assertEquals(List.of(b), MetricsCsv.read(f));
  }

  @Test
  void numbersIgnoreTheDefaultLocale(@TempDir Path dir) throws Exception {
    Locale old = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      Path f = dir.resolve("m.csv");
      try (MetricsCsv csv = MetricsCsv.create(f)) {
        csv.write(validated(1, 1, 0.5, 0.25, 0.125, 0.0625));
      }
      assertEquals(0.0625, MetricsCsv.read(f).get(0).tumourDice());
    } finally {
      Locale.setDefault(old);
    }
  }

  @Test
  void badFilesNameTheLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.csv");
    Files.writeString(f, MetricsCsv.HEADER + "\n1,2,3\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MetricsCsv.read(f));
    assertTrue(e.getMessage().contains("m.csv:2: expected 8 columns"), e.getMessage());
    Files.writeString(f, MetricsCsv.HEADER + "\n1,x,3,,,,1,1\n");
    e = assertThrows(IllegalArgumentException.class, () -> MetricsCsv.read(f));
    assertTrue(e.getMessage().contains("m.csv:2: not a number"), e.getMessage());
    Files.writeString(f, MetricsCsv.HEADER + "\n0,1,3,,,,1,1\n");
    e = assertThrows(IllegalArgumentException.class, () -> MetricsCsv.read(f));
    assertTrue(e.getMessage().contains("m.csv:2: epoch must be >= 1, got 0"), e.getMessage());
    Files.writeString(f, "a,b\n");
    assertThrows(IllegalArgumentException.class, () -> MetricsCsv.read(f));
  }
}
