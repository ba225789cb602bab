package org.liverseg.models.task03;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.PreprocessingSpec;
import org.liverseg.models.UNet3D;
import org.liverseg.models.prediction.LabelDecision;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.sampling.GridAggregator;
import org.liverseg.transforms.Transforms;

class CropOrPadModelTest {

  private static final PreprocessingSpec PRE =
      PreprocessingSpec.of(new int[] {24, 24, 16}, -100, 400, new int[] {16, 16, 8}, 3);

  private static final String PREPROCESS =
      "\"preprocess\": {\"targetShape\": [24, 24, 16], \"clampMin\": -100.0, \"clampMax\": 400.0,"
          + " \"rescaleMin\": 0.0, \"rescaleMax\": 1.0}";

  private static ComputationGraph net;

  @BeforeAll
  static void network() {
    net = UNet3D.builder().filters(2, 4).seed(3).build().newNetwork();
  }

  /** A model file as the app writes it (only the sections the reader uses). */
  static Path write(Path file, String inference, Map<String, String> extra) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>(extra);
    entries.put(
        CropOrPadModel.CONFIG_ENTRY,
        "{\"preset\": \"test\", "
            + PREPROCESS
            + ", \"inference\": "
            + inference
            + ", \"train\": {\"threads\": 1}}");
    ModelFiles.save(net, new ModelSpec("test", "UNet3D 2/4", PRE), file, false, entries);
    return file;
  }

  private static String inference(String decision) {
    return "{\"patchOverlap\": 4, \"batchSize\": 2, \"aggregation\": \"hann\","
        + " \"keepLargestLiverComponent\": true, \"decision\": \""
        + decision
        + "\", \"tumourThreshold\": 0.6, \"minTumourVoxels\": 5}";
  }

  private static ScalarImage scan() {
    Shape s = Shape.of(30, 20, 13);
    float[] v = new float[s.voxelsAsInt()];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextGaussian() * 200 + 50);
    }
    Affine a = Affine.of(new double[][] {{-0.8, 0, 0, 10}, {0, 0.9, 0, -20}, {0, 0, 2.5, 30}});
    return ScalarImage.of(s, a, v);
  }

  @Test
  void readsTheSettingsTheAppWrites(@TempDir Path dir) throws IOException {
    CropOrPadModel m =
        CropOrPadModel.load(write(dir.resolve("m.zip"), inference("argmax"), Map.of()));
    assertEquals(
        new CropOrPadModel.Preprocess(Shape.of(24, 24, 16), -100, 400, 0, 1), m.preprocess());
    assertEquals(
        new CropOrPadModel.Inference(4, 2, GridAggregator.Mode.HANN, true, LabelDecision.argmax()),
        m.inference());
    assertEquals(Shape.of(16, 16, 8), m.patchSize());
    assertEquals(1, m.threads());
    assertEquals("argmax", m.decisionDescription());
    assertEquals(8, m.withBatchSize(8).inference().batchSize());
  }

  @Test
  void decisionsFollowTheConfigurationAndTheTunedEntry(@TempDir Path dir) throws IOException {
    assertEquals(
        new LiverTumourDecision(0.6, 5),
        CropOrPadModel.load(write(dir.resolve("a.zip"), inference("liver-tumour"), Map.of()))
            .inference()
            .decision());
    CropOrPadModel untuned =
        CropOrPadModel.load(write(dir.resolve("b.zip"), inference("tuned"), Map.of()));
    assertEquals(LabelDecision.argmax(), untuned.inference().decision());
    assertTrue(untuned.decisionDescription().contains("before training chose"));
    CropOrPadModel tuned =
        CropOrPadModel.load(
            write(
                dir.resolve("c.zip"),
                inference("tuned"),
                Map.of(
                    CropOrPadModel.DECISION_ENTRY,
                    "{\"tumourThreshold\": 0.7, \"minTumourVoxels\": 9}")));
    assertEquals(new LiverTumourDecision(0.7, 9), tuned.inference().decision());
  }

  @Test
  void segmentsOnTheScansGridAsTheStepsByHand(@TempDir Path dir) throws IOException {
    CropOrPadModel m =
        CropOrPadModel.load(write(dir.resolve("m.zip"), inference("argmax"), Map.of()));
    ScalarImage ct = scan();
    LabelMap mask = m.segment("case", ct);
    assertEquals(ct.shape(), mask.shape());
    assertEquals(ct.affine(), mask.affine());

    // the same steps written out: CropOrPad, window, predictor on the grid, CropOrPad undone
    Subject s = Subject.builder("case").image(MsdDataset.IMAGE, ct).build();
    Subject cropped = m.preprocess().spatial().apply(s);
    SegmentationPredictor p = m.inference().predictor(net, m.patchSize());
    LabelMap onGrid = p.predict(m.preprocess().intensity().apply(cropped)).labels();
    LabelMap byHand = Transforms.inverse(cropped.withImage("p", onGrid)).labelMap("p");
    assertArrayEquals(byHand.labels(), mask.labels());

    CropOrPadModel copy = m.copy();
    assertNotSame(m, copy);
    assertArrayEquals(mask.labels(), copy.segment("case", ct).labels());
  }

  @Test
  void refusesFilesItCannotPredictWithNamingTheProblem(@TempDir Path dir) throws IOException {
    Path plain = dir.resolve("plain.zip");
    ModelFiles.save(net, new ModelSpec("test", "x", PRE), plain, false);
    IOException e = assertThrows(IOException.class, () -> CropOrPadModel.load(plain));
    assertTrue(e.getMessage().contains("not a model written by liverseg train"), e.getMessage());

    Path bad = write(dir.resolve("bad.zip"), "{\"patchOverlap\": 4}", Map.of());
    e = assertThrows(IOException.class, () -> CropOrPadModel.load(bad));
    assertTrue(e.getMessage().contains("invalid " + CropOrPadModel.CONFIG_ENTRY), e.getMessage());

    Path other = dir.resolve("other.zip");
    ModelFiles.save(
        net,
        new ModelSpec(
            "test",
            "x",
            PreprocessingSpec.of(new int[] {32, 32, 16}, -100, 400, new int[] {16, 16, 8}, 3)),
        other,
        false,
        Map.of(
            CropOrPadModel.CONFIG_ENTRY,
            "{" + PREPROCESS + ", \"inference\": " + inference("argmax") + "}"));
    e = assertThrows(IOException.class, () -> CropOrPadModel.load(other));
    assertTrue(e.getMessage().contains("disagrees with its"), e.getMessage());

    Path badDecision =
        write(
            dir.resolve("d.zip"),
            inference("tuned"),
            Map.of(CropOrPadModel.DECISION_ENTRY, "{\"tumourThreshold\": \"high\"}"));
    e = assertThrows(IOException.class, () -> CropOrPadModel.load(badDecision));
    assertTrue(e.getMessage().contains("invalid " + CropOrPadModel.DECISION_ENTRY), e.getMessage());
  }
}
