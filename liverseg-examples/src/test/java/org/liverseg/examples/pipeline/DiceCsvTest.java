package org.liverseg.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiceCsvTest {

  @Test
  void roundTripAndMeanLine(@TempDir Path dir) throws Exception {
    List<CaseScore> s = List.of(new CaseScore("a", 0.5, 0.25, 10, 2, 12, 1), new CaseScore("b", 1.0, 1.0, 3, 0, 3, 0));
    Path f = dir.resolve("dice.csv");
    DiceCsv.write(s, f);
    assertEquals(s, DiceCsv.read(f));
    List<String> lines = Files.readAllLines(f);
    assertEquals("mean,0.750000,0.625000,,,,", lines.get(3));
  }

  @Test
  void rejectsOtherFiles(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.csv");
    Files.writeString(f, DiceCsv.HEADER + "\na,b\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiceCsv.read(f));
    assertTrue(e.getMessage().contains("x.csv:2"), e.getMessage());
  }
}
