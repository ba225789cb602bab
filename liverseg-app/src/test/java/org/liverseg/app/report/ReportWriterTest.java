package org.liverseg.app.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.app.pipeline.DataSplit;
import org.liverseg.app.pipeline.RunConfig;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.training.EpochReport;

class ReportWriterTest {

  /**
   * Liver (labels 1+2): truth 100, predicted 100, overlap 90 (Dice 0.9); tumour: truth 12,
   * predicted 8, overlap 5.
   */
  private static final CaseScores D =
      new CaseScores("d", new long[][] {{900, 9, 1}, {8, 78, 2}, {2, 5, 5}});

  /** Liver: truth 100, predicted 100, overlap 80 (Dice 0.8); no tumour anywhere. */
  private static final CaseScores E =
      new CaseScores("e", new long[][] {{900, 20, 0}, {20, 80, 0}, {0, 0, 0}});

  @Test
  void reportHasDicePerCaseMeansTimingAndMachine(@TempDir Path dir) throws Exception {
    Map<String, Duration> t = new LinkedHashMap<>();
    t.put("train", Duration.ofMillis(61_500));
    t.put("predict", Duration.ofMillis(8_250));
    RunSummary s =
        new RunSummary(
            "20260101-120000",
            RunConfig.tiny(),
            new DataSplit(42, List.of("a", "b"), List.of("c"), List.of("d", "e")),
            List.of(D, E),
            List.of(
                new EpochReport(1, 5, 1.5, true, 1.4, 0.7, 0.3, 30, 2, true),
                new EpochReport(2, 10, 1.0, true, 0.9, 0.8, 0.4, 30, 2, true)),
            t,
            MachineInfo.current(),
            List.of("ND4J backend: test"),
            "Chosen on the validation cases: threshold 0.7.");
    Path f = dir.resolve("report.md");
    ReportWriter.write(s, f);
    String md = Files.readString(f);
    assertTrue(md.contains("| d | 0.9000 | 0.5000 | 12 | 8 |"), md);
    assertTrue(md.contains("| e | 0.8000 | 1.0000 (none, none) | 0 | 0 |"), md);
    assertTrue(
        md.contains("## Tumour decision\n\nChosen on the validation cases: threshold 0.7."), md);
    assertTrue(md.contains("| **mean** | **0.8500** | **0.7500** | | |"), md);
    assertTrue(md.contains("over the 1 test cases that have tumours: 0.5000"), md);
    assertTrue(md.contains("| train | 61.5 |"), md);
    assertTrue(md.contains("| **total** | **69.8** |"), md);
    assertTrue(md.contains("- cores: " + Runtime.getRuntime().availableProcessors()), md);
    assertTrue(md.contains("- Java: " + System.getProperty("java.version")), md);
    assertTrue(md.contains("last validation Dice liver 0.8000 / tumour 0.4000 (epoch 2)"), md);
    assertTrue(md.contains("![d](overlays/d.png)"), md);
    assertTrue(md.contains("- ND4J backend: test"), md);
  }
}
