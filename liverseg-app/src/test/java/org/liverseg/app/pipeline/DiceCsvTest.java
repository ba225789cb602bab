package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.models.metrics.CaseScores;

class DiceCsvTest {

  /**
   * Liver (labels 1+2): truth 10, predicted 10, overlap 5; tumour: truth 2, predicted 6, overlap 1.
   */
  static final CaseScores A = new CaseScores("a", new long[][] {{50, 4, 1}, {4, 0, 4}, {1, 0, 1}});

  /** Perfect, no tumour anywhere. */
  static final CaseScores B = new CaseScores("b", new long[][] {{10, 0, 0}, {0, 3, 0}, {0, 0, 0}});

  @Test
  void roundTripAndMeanLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("dice.csv");
    DiceCsv.write(List.of(A, B), f);
    List<DiceCsv.Row> rows =
        List.of(
            new DiceCsv.Row("a", 0.5, 0.25, 10, 2, 10, 6),
            new DiceCsv.Row("b", 1.0, 1.0, 3, 0, 3, 0));
    assertEquals(rows, List.of(DiceCsv.Row.of(A), DiceCsv.Row.of(B)));
    assertEquals(rows, DiceCsv.read(f));
    List<String> lines = Files.readAllLines(f);
    assertEquals(DiceCsv.HEADER, lines.get(0));
    assertEquals("a,0.500000,0.250000,10,2,10,6", lines.get(1));
    assertEquals("mean,0.750000,0.625000,,,,", lines.get(3));
  }

  @Test
  void rejectsOtherFiles(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.csv");
    Files.writeString(f, DiceCsv.HEADER + "\na,b\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DiceCsv.read(f));
    assertTrue(e.getMessage().contains("x.csv:2"), e.getMessage());
  }
}
