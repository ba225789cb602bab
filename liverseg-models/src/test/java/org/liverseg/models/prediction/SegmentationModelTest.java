package org.liverseg.models.prediction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.NonFiniteVoxelsException;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.PreprocessingSpec;
import org.liverseg.models.task03.LiverTumourDecision;
import org.liverseg.plan.Budget;
import org.liverseg.plan.Normalization;
import org.liverseg.plan.Plan;
import org.liverseg.plan.Vec3;
import org.liverseg.sampling.GridAggregator;
import org.liverseg.transforms.spatial.ToCanonical;

class SegmentationModelTest {

  /** A plan at 2 x 2 x 3 mm, patch 16x16x8, a fixed HU window, training spacings 1.5-2.5 / 2-4. */
  static Plan plan() {
    return new Plan(
        Plan.VERSION,
        new Vec3(2, 2, 3),
        -1,
        Normalization.fixedWindow(-100, 400),
        Shape.of(16, 16, 8),
        2,
        1,
        new Vec3(24, 24, 12),
        Budget.cpu(4096),
        4,
        new Vec3(1.5, 1.5, 2),
        new Vec3(2.5, 2.5, 4),
        List.of(0, 1, 2),
        null);
  }

  static ModelSpec spec() {
    return new ModelSpec(
        "test",
        "UNet3D filters [2, 2]",
        PreprocessingSpec.of(new int[] {16, 16, 8}, -100, 400, new int[] {16, 16, 8}, 3));
  }

  static SegmentationModel model(InferenceSettings s) {
    return SegmentationModel.of(TestNetworks.tiny(), spec(), plan(), s);
  }

  /** Smooth random intensities in [-200, 500] on {@code shape} with {@code affine}. */
  static ScalarImage scan(Shape shape, Affine affine, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] c = {r.nextDouble(3), r.nextDouble(3), r.nextDouble(3)};
    float[] v = new float[shape.voxelsAsInt()];
    for (int z = 0; z < shape.z(); z++) {
      for (int y = 0; y < shape.y(); y++) {
        for (int x = 0; x < shape.x(); x++) {
          v[shape.index(x, y, z)] =
              (float)
                  (150
                      + 250 * Math.sin(0.4 * x + c[0]) * Math.cos(0.3 * y + c[1])
                      + 100 * Math.sin(0.5 * z + c[2])
                      + 20 * r.nextGaussian());
        }
      }
    }
    return ScalarImage.of(shape, affine, v);
  }

  @Test
  void maskHasExactlyTheScansShapeAndAffineForAnySpacingAndExtent() {
    SegmentationModel m = model(InferenceSettings.defaults());
    Affine[] affines = {
      Affine.diagonal(-0.8, -0.8, 1.5).withOrigin(100, 80, -200),
      Affine.diagonal(3.1, 2.2, 5.5).withOrigin(-10, 5, 7),
      // stored slice-first and flipped ("SLP"), oblique spacing
      Affine.of(new double[][] {{0, -0.7, 0, 10}, {0, 0, -0.9, 20}, {2.5, 0, 0, -30}}),
    };
    Shape[] shapes = {Shape.of(40, 37, 21), Shape.of(5, 9, 3), Shape.of(13, 50, 44)};
    for (int t = 0; t < affines.length; t++) {
      ScalarImage scan = scan(shapes[t], affines[t], t);
      Segmentation s = m.segment(scan, true);
      assertEquals(scan.shape(), s.mask().shape(), "case " + t);
      assertEquals(scan.affine(), s.mask().affine(), "case " + t);
      assertEquals(scan.shape(), s.probabilities().shape());
      assertEquals(scan.affine(), s.probabilities().affine());
      assertEquals(3, s.probabilities().geometry().channels());
    }
  }

  @Test
  void probabilitiesResampledBackSumToOne() {
    SegmentationModel m = model(InferenceSettings.defaults());
    ScalarImage scan =
        scan(Shape.of(33, 29, 17), Affine.diagonal(-0.9, -1.3, 2.1).withOrigin(4, 5, 6), 3);
    ScalarImage p = m.segment(scan, true).probabilities();
    int n = p.shape().voxelsAsInt();
    float[] v = p.voxels();
    for (int i = 0; i < n; i++) {
      float sum = v[i] + v[n + i] + v[2 * n + i];
      assertEquals(1, sum, 1e-5, "voxel " + i);
    }
  }

  @Test
  void reorientationIsUndoneExactly() {
    // the same world data stored slice-first and flipped ("SLP"), and as ToCanonical gives it
    // (RAS): the two segmentations agree voxel for voxel once the first is reoriented
    Affine slp = Affine.of(new double[][] {{0, -0.7, 0, 10}, {0, 0, -0.9, 20}, {2.5, 0, 0, -30}});
    assertEquals("SLP", slp.orientation());
    ScalarImage stored = scan(Shape.of(11, 41, 37), slp, 5);
    Subject canonical =
        ToCanonical.builder().build().apply(Subject.builder("s").image("ct", stored).build());
    ScalarImage ras = canonical.scalarImage("ct");
    assertEquals("RAS", ras.affine().orientation());
    SegmentationModel m = model(InferenceSettings.defaults().withKeepLargestComponent(false));
    Segmentation a = m.segment(stored, true);
    Segmentation b = m.segment(ras, true);
    Subject back =
        ToCanonical.builder()
            .build()
            .apply(
                Subject.builder("s").image("mask", a.mask()).image("p", a.probabilities()).build());
    assertArrayEquals(b.mask().labels(), back.labelMap("mask").labels());
    assertArrayEquals(b.probabilities().voxels(), back.scalarImage("p").voxels(), 0f);
    assertEquals(b.mask().affine(), back.labelMap("mask").affine());
  }

  @Test
  void warnsWhenTheSpacingIsFarOutsideTheTrainingRange() {
    SegmentationModel m = model(InferenceSettings.defaults());
    ScalarImage near = scan(Shape.of(20, 20, 10), Affine.diagonal(2, 2, 3), 1);
    assertFalse(m.segment(near).warning().isPresent());
    ScalarImage fine = scan(Shape.of(60, 60, 10), Affine.diagonal(0.6, 0.6, 3), 1);
    String w = m.segment(fine).warning().orElseThrow();
    assertTrue(w.startsWith("spacing more than 2x outside the training range: R 0.600 mm"), w);
  }

  @Test
  void refusesNonFinite2dAnd4dScansNamingTheFile(@TempDir Path dir) throws IOException {
    SegmentationModel m = model(InferenceSettings.defaults());
    ScalarImage good = scan(Shape.of(20, 20, 10), Affine.diagonal(2, 2, 3), 1);
    float[] v = good.voxels().clone();
    v[good.shape().index(3, 4, 5)] = Float.NaN;
    Path nan = dir.resolve("nan.nii.gz");
    Nifti.write(nan, good.withVoxels(v));
    NonFiniteVoxelsException e =
        assertThrows(NonFiniteVoxelsException.class, () -> m.segment(ScalarImage.read(nan)));
    assertTrue(e.getMessage().contains(nan.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("(3, 4, 5)"), e.getMessage());

    Path flat = dir.resolve("slice.nii.gz");
    Nifti.write(flat, scan(Shape.of(20, 20, 1), Affine.diagonal(2, 2, 3), 1));
    IllegalArgumentException e2 =
        assertThrows(IllegalArgumentException.class, () -> m.segment(ScalarImage.read(flat)));
    assertEquals(
        flat
            + ": is a 2D image (shape 20x20x1); the model segments 3D scans with at least 2 voxels"
            + " along every axis",
        e2.getMessage());

    Path fourD = dir.resolve("series.nii.gz");
    Shape s = Shape.of(8, 8, 4);
    Nifti.write(
        fourD,
        ScalarImage.of(
            new ImageGeometry(s, 2, Affine.diagonal(2, 2, 3)), new float[2 * s.voxelsAsInt()]));
    IllegalArgumentException e3 =
        assertThrows(IllegalArgumentException.class, () -> m.segment(ScalarImage.read(fourD)));
    assertTrue(e3.getMessage().startsWith(fourD + ": has 2 channels (a 4D or colour image)"));
  }

  @Test
  void timingsSplitTheWork() {
    SegmentationModel m = model(InferenceSettings.defaults());
    Segmentation s = m.segment(scan(Shape.of(30, 30, 12), Affine.diagonal(2, 2, 3), 1));
    Segmentation.Timings t = s.timings();
    assertTrue(t.resampleInNanos() > 0 && t.networkNanos() > 0 && t.aggregationNanos() >= 0);
    assertTrue(t.resampleOutNanos() > 0 && t.postprocessingNanos() > 0);
    assertEquals(
        t.resampleInNanos()
            + t.networkNanos()
            + t.aggregationNanos()
            + t.resampleOutNanos()
            + t.postprocessingNanos(),
        t.totalNanos());
    // 30 x 30 x 12 at 2 x 2 x 3 mm is the plan grid; patch 16x16x8, step 8 x 8 x 4:
    // starts (0, 8, 14) x (0, 8, 14) x (0, 4): 18 patches
    assertEquals(18, t.patches());
    assertTrue(t.toString().contains("% outside the network, 18 patches"), t.toString());
  }

  @Test
  void decisionSizesScaleWithTheVoxelVolume() {
    // a probability map with one tumour blob of 2x2x2 = 8 voxels inside a liver, on a grid of
    // 1 x 1 x 1.5 mm: a plan voxel (2 x 2 x 3 mm) is 12 mm^3 = 8 of these voxels
    Shape shape = Shape.of(10, 10, 10);
    int n = shape.voxelsAsInt();
    float[] p = new float[3 * n];
    for (int i = 0; i < n; i++) {
      p[i] = 1; // background
    }
    for (int z = 2; z < 8; z++) {
      for (int y = 2; y < 8; y++) {
        for (int x = 2; x < 8; x++) {
          int i = shape.index(x, y, z);
          boolean tumour = x >= 4 && x < 6 && y >= 4 && y < 6 && z >= 4 && z < 6;
          p[i] = 0;
          p[n + i] = tumour ? 0 : 1;
          p[2 * n + i] = tumour ? 1 : 0;
        }
      }
    }
    ScalarImage probs = ScalarImage.of(new ImageGeometry(shape, 3, Affine.diagonal(1, 1, 1.5)), p);
    SegmentationModel m = model(InferenceSettings.defaults());
    LiverTumourDecision one = new LiverTumourDecision(0.5, 1);
    LiverTumourDecision two = new LiverTumourDecision(0.5, 2);
    assertEquals(8, m.labels(probs, one).histogram()[2], "smallest 1 plan voxel = 8 voxels: kept");
    assertEquals(0, m.labels(probs, two).histogram()[2], "smallest 2 plan voxels = 16: removed");
    assertEquals(216, m.labels(probs, two).histogram()[1], "the blob became liver");
    assertEquals(8, two.labels(probs)[shape.index(4, 4, 4)] == 2 ? 8 : 0, "unscaled: kept");
  }

  @Test
  void loadsTheModelFileWithItsPlanAndSettings(@TempDir Path dir) throws IOException {
    ComputationGraph net = TestNetworks.tiny();
    InferenceSettings s =
        InferenceSettings.defaults()
            .withAggregation(GridAggregator.Mode.HANN)
            .withTileStep(0.25)
            .withMirrorAxes(List.of(2, 0))
            .withDecision(new InferenceSettings.Decision("liver-tumour", 0.7, 25));
    Path file = dir.resolve("m.zip");
    ModelFiles.save(
        net,
        spec(),
        file,
        false,
        Map.of(ModelFiles.PLAN_ENTRY, plan().toJson(), ModelFiles.INFERENCE_ENTRY, s.toJson()));
    SegmentationModel m = SegmentationModel.load(file);
    assertEquals(plan(), m.plan());
    assertEquals(s, m.inference());
    assertEquals(List.of(0, 2), m.inference().mirrorAxes());
    ScalarImage scan = scan(Shape.of(20, 20, 10), Affine.diagonal(2, 2, 3), 1);
    assertArrayEquals(
        SegmentationModel.of(net, spec(), plan(), s).segment(scan).mask().labels(),
        m.segment(scan).mask().labels());

    Path legacy = dir.resolve("legacy.zip");
    ModelFiles.save(net, spec(), legacy, false);
    IOException e = assertThrows(IOException.class, () -> SegmentationModel.load(legacy));
    assertTrue(e.getMessage().startsWith(legacy + " has no liverseg-plan.json"), e.getMessage());

    Path bad = dir.resolve("bad.zip");
    ModelFiles.save(
        net,
        spec(),
        bad,
        false,
        Map.of(
            ModelFiles.PLAN_ENTRY,
            plan().toJson(),
            ModelFiles.INFERENCE_ENTRY,
            s.toJson().replace("0.25", "1.5")));
    e = assertThrows(IOException.class, () -> SegmentationModel.load(bad));
    assertTrue(e.getMessage().contains("invalid liverseg-inference.json"), e.getMessage());
    assertTrue(e.getMessage().contains("tileStep must be in (0, 1], got 1.5"), e.getMessage());
  }

  @Test
  void copiesAreIndependentAndEqual() {
    SegmentationModel m = model(InferenceSettings.defaults());
    ScalarImage scan = scan(Shape.of(20, 20, 10), Affine.diagonal(2, 2, 3), 1);
    LabelMap a = m.segment(scan).mask();
    SegmentationModel c = m.copy();
    assertTrue(c.network() != m.network());
    assertArrayEquals(a.labels(), c.segment(scan).mask().labels());
  }
}
