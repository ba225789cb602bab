package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.models.training.EpochReport;
import org.liverseg.models.training.MetricsCsv;

/**
 * The whole pipeline on a tiny configuration (tiny phantoms, a 2-level 4/8-filter U-Net, two short
 * epochs): every output exists and is valid. Quality is not asserted here (the network barely
 * trains); the models module's tests and the measured default run cover that.
 */
class PipelineEndToEndTest {

  @Test
  @Timeout(300)
  void tinyRunWritesEveryOutput(@TempDir Path dir) throws Exception {
    RunConfig config = RunConfig.tiny().toBuilder().dataDir(dir.resolve("data").toString()).build();
    RunFolder folder = RunFolder.createTimestamped(dir.resolve("runs"), LocalDateTime.now());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Pipeline.Result r =
        new Pipeline(config, folder, new PrintStream(log, true, StandardCharsets.UTF_8), false)
            .run();

    assertEquals(config, RunConfigJson.read(folder.config()));
    DataSplit split = DataSplit.read(folder.split());
    assertEquals(4, split.train().size() + split.validation().size() + split.test().size());

    List<EpochReport> epochs = MetricsCsv.read(folder.metrics());
    assertEquals(config.train().epochs(), epochs.size());
    for (EpochReport m : epochs) {
      assertTrue(Double.isFinite(m.meanLoss()) && m.meanLoss() > 0, m.toString());
    }
    assertTrue(epochs.get(epochs.size() - 1).validated(), "the last epoch validates");

    assertNotNull(ImageIO.read(folder.curves().toFile()), "curves.png decodable");
    assertTrue(Files.size(folder.model()) > 0);
    ModelStore.Loaded model = ModelStore.load(folder.model());
    // The model file holds the run's configuration and the tumour decision chosen on validation.
    assertEquals(config, model.config());
    assertEquals(RunConfig.Decision.TUNED, config.inference().decision());
    assertNotNull(model.tunedDecision());
    assertEquals(model.tunedDecision(), model.inference().labelDecision());
    List<String> tuning = Files.readAllLines(folder.tuning());
    assertEquals(26, tuning.size(), "header and 25 candidates");
    assertEquals(
        1, tuning.stream().filter(l -> l.endsWith(",true")).count(), "one chosen candidate");
    assertTrue(
        tuning.stream()
            .anyMatch(
                l ->
                    l.endsWith(",true")
                        && l.startsWith(
                            String.format(
                                java.util.Locale.ROOT,
                                "%.2f,%d,",
                                model.tunedDecision().tumourThreshold(),
                                model.tunedDecision().minTumourVoxels()))));
    assertEquals(config.train().epochs(), model.epoch());

    List<DiceCsv.Row> dice = DiceCsv.read(folder.dice());
    assertEquals(split.test(), dice.stream().map(DiceCsv.Row::caseId).toList());
    MsdDataset data = MsdDataset.open(Path.of(config.data().dir()));
    for (DiceCsv.Row s : dice) {
      assertTrue(Double.isFinite(s.diceLiver()) && Double.isFinite(s.diceTumour()), s.toString());
      Path nii = folder.prediction(s.caseId());
      assertEquals(NiftiDataType.UINT8, Nifti.readHeader(nii).datatype());
      LabelMap prediction = LabelMap.read(nii);
      ScalarImage ct =
          ScalarImage.read(data.root().resolve("imagesTr").resolve(s.caseId() + ".nii.gz"));
      assertEquals(ct.shape(), prediction.shape(), "prediction on the original grid");
      assertTrue(
          prediction.affine().isClose(ct.affine(), 1e-6),
          prediction.affine() + " vs " + ct.affine());
      assertNotNull(ImageIO.read(folder.overlay(s.caseId()).toFile()), "overlay decodable");
    }
    String report = Files.readString(folder.report());
    assertTrue(report.contains("| " + dice.get(0).caseId() + " |"), report);
    assertTrue(report.contains("## Machine"), report);
    assertTrue(report.contains("## Tumour decision"), report);
    assertFalse(r.summary().timings().isEmpty());
    assertTrue(
        log.toString(StandardCharsets.UTF_8).contains("epoch 2/2"),
        log.toString(StandardCharsets.UTF_8));
  }
}
