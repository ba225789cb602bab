package org.liverseg.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;

/** The README's API tour runs, and the README shows exactly its code. */
class ApiTourTest {

  private static final Path SOURCE = Path.of("src/main/java/org/liverseg/examples/ApiTour.java");
  private static final Path README = Path.of("..", "README.md");

  @Test
  @Timeout(180)
  void theTourRunsOnTinyPhantoms(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("Task03_Liver");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(7)
        .build()
        .writeDataset(data, 12, DatasetProgress.NONE);
    double tumourDice = ApiTour.tour(data);
    assertTrue(tumourDice >= 0 && tumourDice <= 1, "tumour Dice " + tumourDice);
    LabelMap mask = LabelMap.read(dir.resolve("liver_11_mask.nii.gz"));
    ScalarImage ct = ScalarImage.read(data.resolve("imagesTr/liver_11.nii.gz"));
    assertEquals(ct.shape(), mask.shape(), "the mask lies on the scan's grid");
    assertTrue(mask.affine().isClose(ct.affine(), 1e-6), mask.affine() + " vs " + ct.affine());
  }

  /** The README block is {@code Path data = ...;} and then the code between the tour markers. */
  @Test
  void theReadmeShowsTheTourCode() throws IOException {
    List<String> source = Files.readAllLines(SOURCE);
    List<String> region =
        source.subList(source.indexOf("    // tour:start") + 1, source.indexOf("    // tour:end"));
    List<String> readme = Files.readAllLines(README);
    int section = readme.indexOf("## API tour");
    assertTrue(section >= 0, "README has no API tour section");
    int from = readme.subList(section, readme.size()).indexOf("```java") + section + 1;
    int to = readme.subList(from, readme.size()).indexOf("```") + from;
    List<String> block = readme.subList(from, to);
    assertTrue(
        block.get(0).startsWith("Path data = Path.of(\"data/Task03_Liver\");"), block.get(0));
    assertEquals(
        tokens(region),
        tokens(block.subList(1, block.size())),
        "README's API tour and ApiTour.tour differ (compared without comments and white space)");
    assertTrue(block.size() <= 22, block.size() + " lines: keep the tour short");
  }

  /** The code without line comments and white space. */
  private static String tokens(List<String> lines) {
    StringBuilder b = new StringBuilder();
    for (String line : lines) {
      int comment = line.indexOf("//");
      b.append(comment < 0 ? line : line.substring(0, comment));
    }
    return b.toString().replaceAll("\\s+", "");
  }
}
