package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TestSubjects;

class RandomElasticDeformationTest {

  private static RandomElasticDeformation unlocked(int controlPoints) {
    return RandomElasticDeformation.builder()
        .numControlPoints(controlPoints)
        .lockedBorders(0)
        .build();
  }

  /** A ramp along x: the value of a voxel is its x index, so sampling moves show as values. */
  private static Subject ramp(Shape shape, Affine affine) {
    float[] v = new float[shape.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % shape.x();
    }
    return Subject.builder("ramp").image("ct", ScalarImage.of(shape, affine, v)).build();
  }

  @Test
  void zeroDisplacementLeavesTheImagesAlone() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(9, 8, 7), TestSubjects.obliqueAffine());
    Subject out =
        RandomElasticDeformation.builder()
            .maxDisplacement(0)
            .build()
            .apply(s, new SplittableRandom(1));
    assertSame(s.image("ct"), out.image("ct"));
    assertSame(s.image("label"), out.image("label"));
    assertEquals("RandomElasticDeformation", out.history().get(0).name());
  }

  @Test
  void aConstantFieldIsATranslationByTheLpsVector() {
    // B-splines sum to 1, so equal control displacements of 4 mm along LPS x (towards the left)
    // move the sampling point 4 mm to the left: 2 voxels down on a RAS image of 2 mm voxels
    Subject ras = TestSubjects.ctAndLabel(Shape.of(12, 5, 5), Affine.diagonal(2, 1, 1));
    double[][] field = new double[3][125];
    Arrays.fill(field[0], 4);
    Subject out = unlocked(5).apply(ras, field);
    assertEquals(ras.scalarImage("ct").get(3, 2, 2), out.scalarImage("ct").get(5, 2, 2), 1e-3);
    assertEquals(ras.labelMap("label").get(9, 4, 4), out.labelMap("label").get(11, 4, 4));
    // ... and 2 voxels up on an LPS image
    Subject lps = TestSubjects.ctAndLabel(Shape.of(12, 5, 5), Affine.diagonal(-2, -1, 1));
    Subject back = unlocked(5).apply(lps, field);
    assertEquals(lps.scalarImage("ct").get(5, 2, 2), back.scalarImage("ct").get(3, 2, 2), 1e-3);
  }

  @Test
  void theGridSpansTheOuterVoxelEdgesPlusAnEighthOfAVoxelInLpsOrder() {
    BsplineGrid ras = new BsplineGrid(Shape.of(10, 8, 5), Affine.identity(), new int[] {7, 6, 5});
    assertTrue(ras.reversed(0) && ras.reversed(1) && !ras.reversed(2));
    // reversed axis: the domain starts at index 10 - 0.5 + 1/8 and spans 10 + 1/4 voxels, 4 cells
    assertEquals(1 + 9.625 / 10.25 * 4, ras.controlIndex(0, 0), 1e-12);
    assertEquals(1 + 0.625 / 10.25 * 4, ras.controlIndex(0, 9), 1e-12);
    assertEquals(1 + 0.625 / 5.25 * 2, ras.controlIndex(2, 0), 1e-12);
    assertEquals(1 + 4.625 / 5.25 * 2, ras.controlIndex(2, 4), 1e-12);
    assertEquals(10.25 / 4, ras.spacingMm(0), 1e-12);
    assertEquals(8.25 / 3, ras.spacingMm(1), 1e-12);
    BsplineGrid lps =
        new BsplineGrid(Shape.of(10, 8, 5), Affine.diagonal(-1, -1, 1), new int[] {7, 6, 5});
    assertFalse(lps.reversed(0) || lps.reversed(1) || lps.reversed(2));
    assertEquals(1 + 0.625 / 10.25 * 4, lps.controlIndex(0, 0), 1e-12);
    // voxel i along S, j along L (LPS +x), k along A (LPS -y)
    Affine permuted = Affine.ofRowMajor(0, -1.5, 0, 3, 0, 0, 1, -4, 2, 0, 0, 5);
    BsplineGrid p = new BsplineGrid(Shape.of(10, 8, 5), permuted, new int[] {7, 6, 5});
    assertEquals(List.of(1, 2, 0), List.of(p.imageAxis(0), p.imageAxis(1), p.imageAxis(2)));
    assertTrue(!p.reversed(0) && p.reversed(1) && !p.reversed(2));
    assertEquals(8.25 * 1.5 / 4, p.spacingMm(0), 1e-12);
    assertEquals(5.25 * 1.0 / 3, p.spacingMm(1), 1e-12);
    assertEquals(10.25 * 2.0 / 2, p.spacingMm(2), 1e-12);
    // image axis 2 follows grid axis 1 (6 points, 3 cells), from its high end
    assertEquals(1 + 4.625 / 5.25 * 3, p.controlIndex(2, 0), 1e-12);
  }

  @Test
  void oneControlPointMovesVoxelsByItsBsplineWeights() {
    Shape shape = Shape.of(12, 10, 8);
    Affine lps = Affine.diagonal(-1, -1, 1);
    double[][] field = new double[3][7 * 7 * 7];
    field[0][3 + 7 * (3 + 7 * 3)] = 1.5; // control (3, 3, 3), LPS x: voxel +x on this image
    Subject out = unlocked(7).apply(ramp(shape, lps), field);
    ScalarImage ct = out.scalarImage("ct");
    for (int z = 0; z < shape.z(); z++) {
      for (int y = 0; y < shape.y(); y++) {
        for (int x = 0; x < shape.x() - 1; x++) {
          double w =
              BsplineGrid.bspline3(1 + (x + 0.625) / 12.25 * 4 - 3)
                  * BsplineGrid.bspline3(1 + (y + 0.625) / 10.25 * 4 - 3)
                  * BsplineGrid.bspline3(1 + (z + 0.625) / 8.25 * 4 - 3);
          assertEquals(x + 1.5 * w, ct.get(x, y, z), 1e-4, x + "," + y + "," + z);
        }
      }
    }
  }

  @Test
  void bsplineKernelValues() {
    assertEquals(4.0 / 6, BsplineGrid.bspline3(0), 1e-15);
    assertEquals(1.0 / 6, BsplineGrid.bspline3(1), 1e-15);
    assertEquals(1.0 / 6, BsplineGrid.bspline3(-1), 1e-15);
    assertEquals((4 - 6 * 0.25 + 3 * 0.125) / 6, BsplineGrid.bspline3(0.5), 1e-15);
    assertEquals(0.125 / 6, BsplineGrid.bspline3(1.5), 1e-15);
    assertEquals(0, BsplineGrid.bspline3(2));
    assertEquals(0, BsplineGrid.bspline3(-2.5));
  }

  @Test
  void oneSliceImagesAreNotDisplacedAlongZ() {
    Subject s = ramp(Shape.of(9, 8, 1), Affine.identity());
    double[][] field = new double[3][125];
    Arrays.fill(field[2], 3);
    Subject out = unlocked(5).apply(s, field);
    assertArrayEquals(s.scalarImage("ct").voxels(), out.scalarImage("ct").voxels());
    Arrays.fill(field[0], 0.5);
    Subject moved = unlocked(5).apply(s, field);
    assertFalse(Arrays.equals(s.scalarImage("ct").voxels(), moved.scalarImage("ct").voxels()));
  }

  @Test
  void outsideVoxelsTakeTheirOwnChannelsMinimum() {
    Shape shape = Shape.of(6, 5, 4);
    int n = shape.voxelsAsInt();
    float[] v = new float[2 * n];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      v[i] = 5 + i % 3;
      v[n + i] = 100 + i % 5;
      labels[i] = (byte) (1 + i % 2);
    }
    Affine a = Affine.identity();
    Subject s =
        Subject.builder("c")
            .image("mr", ScalarImage.of(new ImageGeometry(shape, 2, a), v))
            .image("label", LabelMap.of(shape, a, labels))
            .build();
    double[][] field = new double[3][125];
    Arrays.fill(field[1], 60); // far outside
    Subject out = unlocked(5).apply(s, field);
    ScalarImage mr = out.scalarImage("mr");
    assertEquals(5f, mr.valueAt(0, 2, 2, 2));
    assertEquals(100f, mr.valueAt(1, 2, 2, 2));
    assertEquals(1, out.labelMap("label").get(2, 2, 2));
  }

  @Test
  void drawsWithinBoundsLocksTheFirstTwoAxesAndIsReproducible() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(10, 10, 10), Affine.identity());
    RandomElasticDeformation t = RandomElasticDeformation.builder().build();
    Subject a = t.apply(s, new SplittableRandom(9));
    Subject b = t.apply(s, new SplittableRandom(9));
    assertArrayEquals(a.scalarImage("ct").voxels(), b.scalarImage("ct").voxels());
    AppliedTransform record = (AppliedTransform) a.history().get(0);
    List<?> cp = (List<?>) record.parameters().get("control_points");
    assertEquals(List.of(7, 7, 7), record.parameters().get("num_control_points"));
    assertEquals(2, record.parameters().get("locked_borders"));
    assertEquals(3 * 343, cp.size());
    SplittableRandom r = new SplittableRandom(9);
    int nonZeroZBorder = 0;
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < 7; j++) {
        for (int k = 0; k < 7; k++) {
          for (int d = 0; d < 3; d++) {
            double drawn = (r.nextDouble() - 0.5) * 2 * 7.5;
            double v = (Double) cp.get(d * 343 + i + 7 * (j + 7 * k));
            boolean locked = i < 2 || i > 4 || j < 2 || j > 4;
            assertEquals(locked ? 0.0 : drawn, v);
            if (!locked && k < 2) {
              nonZeroZBorder++;
            }
          }
        }
      }
    }
    assertTrue(nonZeroZBorder > 0, "TorchIO leaves the z border free");
    long[] h = a.labelMap("label").histogram();
    for (int l = 3; l < h.length; l++) {
      assertEquals(0, h[l]);
    }
    Subject oneLocked =
        RandomElasticDeformation.builder()
            .lockedBorders(1)
            .numControlPoints(5, 6, 4)
            .maxDisplacement(1, 2, 3)
            .build()
            .apply(s, new SplittableRandom(2));
    List<?> cp1 =
        (List<?>)
            ((AppliedTransform) oneLocked.history().get(0)).parameters().get("control_points");
    assertEquals(3 * 120, cp1.size());
    assertEquals(0.0, cp1.get(0));
    assertTrue(Math.abs((Double) cp1.get(120 + 1 + 5 * (1 + 6 * 1))) <= 2);
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RandomElasticDeformation.builder().numControlPoints(4).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> RandomElasticDeformation.builder().numControlPoints(3));
    assertThrows(
        IllegalArgumentException.class,
        () -> RandomElasticDeformation.builder().numControlPoints(5, 5));
    assertThrows(
        IllegalArgumentException.class,
        () -> RandomElasticDeformation.builder().maxDisplacement(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> RandomElasticDeformation.builder().maxDisplacement(1, 2));
    assertThrows(
        IllegalArgumentException.class, () -> RandomElasticDeformation.builder().lockedBorders(3));
    assertThrows(
        IllegalArgumentException.class, () -> RandomElasticDeformation.builder().lockedBorders(-1));
    RandomElasticDeformation.builder().numControlPoints(4).lockedBorders(1).build();
  }

  @Test
  void foldingIsFlaggedAboveHalfTheControlSpacing() {
    // spacings: (10 + 1/4) * 2 / 4 = 5.125, (8 + 1/4) / 4 = 2.0625, (5 + 1/4) * 3 / 4 = 3.9375 mm
    BsplineGrid g =
        new BsplineGrid(Shape.of(10, 8, 5), Affine.diagonal(2, 1, 3), new int[] {7, 7, 7});
    assertEquals(
        List.of(), RandomElasticDeformation.foldingAxes(new double[] {2.5625, 1, 1.96875}, g));
    assertEquals(
        List.of(0, 2), RandomElasticDeformation.foldingAxes(new double[] {2.57, 1, 1.97}, g));
    assertEquals(List.of(1), RandomElasticDeformation.foldingAxes(new double[] {0, 1.04, 0}, g));
  }
}
