package org.liverseg.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

  @Test
  void csvQuotesWhatNeedsItAndWritesShapesAsProducts(@TempDir Path dir) throws IOException {
    CaseResult ok =
        new CaseResult(
            "a",
            "/data/a,b.nii.gz",
            "/out/masks/a.nii.gz",
            List.of(48, 48, 24),
            List.of(0.8, 0.8, 2.5),
            new MaskStats(1234.5678901234, 0.5, 2, 0.25, 0.0405, 0.9, null),
            1.25,
            CaseStatus.OK,
            null);
    CaseResult failed =
        new CaseResult(
            "b",
            "/data/b.nii",
            null,
            null,
            null,
            null,
            0.1,
            CaseStatus.FAILED,
            "bad \"header\", truncated");
    Path csv = dir.resolve("results.csv");
    ResultFiles.writeCsv(
        List.of(ok.toRow(), failed.toRow()), Arrays.asList(CaseResult.SCHEMA.fields()), csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(3, lines.size());
    assertEquals(
        "a,\"/data/a,b.nii.gz\",/out/masks/a.nii.gz,48x48x24,0.8x0.8x2.5,1234.56789,0.5,2,0.25,"
            + "0.0405,0.9,,1.25,ok,",
        lines.get(1));
    assertEquals(
        "b,/data/b.nii,,,,,,,,,,,0.1,failed,\"bad \"\"header\"\", truncated\"", lines.get(2));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left");
    }
    assertEquals(ok, CaseResult.fromRow(ok.toRow()));
    assertEquals(failed, CaseResult.fromRow(failed.toRow()));
  }
}
