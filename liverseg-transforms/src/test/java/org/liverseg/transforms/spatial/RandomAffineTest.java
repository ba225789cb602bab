package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TestSubjects;

class RandomAffineTest {

  private static final double[] ONE = {1, 1, 1};
  private static final double[] ZERO = {0, 0, 0};

  /** A subject with a single bright voxel at {@code (x, y, z)} in "ct" and label 2 there. */
  private static Subject dot(Shape shape, Affine a, int x, int y, int z) {
    float[] v = new float[shape.voxelsAsInt()];
    byte[] l = new byte[v.length];
    v[shape.index(x, y, z)] = 100;
    l[shape.index(x, y, z)] = 2;
    return Subject.builder("dot")
        .image("ct", ScalarImage.of(shape, a, v))
        .image("label", LabelMap.of(new ImageGeometry(shape, 1, a), l))
        .build();
  }

  @Test
  void identityParametersAreTheIdentity() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(7, 6, 5), TestSubjects.obliqueAffine());
    Subject out = RandomAffine.builder().build().apply(s, ONE, ZERO, ZERO);
    assertArrayEquals(s.scalarImage("ct").voxels(), out.scalarImage("ct").voxels());
    assertArrayEquals(s.labelMap("label").labels(), out.labelMap("label").labels());
    assertEquals(s.affine(), out.affine());
  }

  @Test
  void rotationAboutZMovesXToYInRasWorld() {
    // centre voxel (4, 4, 2) of a 9x9x5 grid; content at centre + x ends at centre + y
    Subject s = dot(Shape.of(9, 9, 5), Affine.identity(), 6, 4, 2);
    Subject out = RandomAffine.builder().build().apply(s, ONE, new double[] {0, 0, 90}, ZERO);
    assertEquals(100f, out.scalarImage("ct").get(4, 6, 2), 1e-4);
    assertEquals(2, out.labelMap("label").get(4, 6, 2));
    assertEquals(0f, out.scalarImage("ct").get(6, 4, 2), 1e-4);
  }

  @Test
  void rotationIsInWorldSpaceForLpsImages() {
    // LPS voxel axes: voxel -x is world +x (R); world +y (A) is voxel -y
    Affine lps = Affine.diagonal(-1, -1, 1);
    Subject s = dot(Shape.of(9, 9, 5), lps, 2, 4, 2);
    Subject out = RandomAffine.builder().build().apply(s, ONE, new double[] {0, 0, 90}, ZERO);
    assertEquals(2, out.labelMap("label").get(4, 2, 2));
  }

  @Test
  void translationMovesContentByPlusTAndScaleEnlarges() {
    Affine a = Affine.diagonal(2, 2, 2);
    Subject s = dot(Shape.of(9, 9, 9), a, 4, 4, 4);
    Subject moved = RandomAffine.builder().build().apply(s, ONE, ZERO, new double[] {4, 0, -2});
    assertEquals(2, moved.labelMap("label").get(6, 4, 3));
    Subject off = dot(Shape.of(9, 9, 9), a, 5, 4, 4);
    Subject scaled = RandomAffine.builder().build().apply(off, new double[] {2, 1, 1}, ZERO, ZERO);
    assertEquals(2, scaled.labelMap("label").get(6, 4, 4));
  }

  @Test
  void outsideIsImageMinimumForScalarsAndZeroForLabels() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(6, 6, 6), Affine.identity());
    Subject out = RandomAffine.builder().build().apply(s, ONE, ZERO, new double[] {10, 0, 0});
    assertEquals(1f, out.scalarImage("ct").get(0, 0, 0)); // index image minimum
    assertEquals(0, out.labelMap("label").get(0, 0, 0));
    Subject padded =
        RandomAffine.builder()
            .padValue(-1000)
            .padLabel(3)
            .build()
            .apply(s, ONE, ZERO, new double[] {10, 0, 0});
    assertEquals(-1000f, padded.scalarImage("ct").get(0, 0, 0));
    assertEquals(3, padded.labelMap("label").get(0, 0, 0));
  }

  @Test
  void drawsWithinRangesRecordsThemAndIsReproducible() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(8, 8, 8), TestSubjects.obliqueAffine());
    RandomAffine t =
        RandomAffine.builder().scales(0.8, 1.2).degrees(0, 0, 0, 0, -30, 30).translation(2).build();
    Subject a = t.apply(s, new SplittableRandom(3));
    Subject b = t.apply(s, new SplittableRandom(3));
    Subject c = t.apply(s, new SplittableRandom(4));
    assertEquals(a.history(), b.history());
    assertArrayEquals(a.scalarImage("ct").voxels(), b.scalarImage("ct").voxels());
    assertNotEquals(a.history(), c.history());
    AppliedTransform r = (AppliedTransform) a.history().get(0);
    @SuppressWarnings("unchecked")
    List<Double> scales = (List<Double>) r.parameters().get("scales");
    @SuppressWarnings("unchecked")
    List<Double> degrees = (List<Double>) r.parameters().get("degrees");
    for (double v : scales) {
      assertTrue(v >= 0.8 && v <= 1.2, "scale " + v);
    }
    assertEquals(0.0, degrees.get(0));
    assertTrue(Math.abs(degrees.get(2)) <= 30);
    assertThrows(IllegalStateException.class, () -> t.apply(s));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> RandomAffine.builder().scales(-0.5, 1));
    // TorchIO reads 1.5 as (-0.5, 2.5): below 0
    assertThrows(IllegalArgumentException.class, () -> RandomAffine.builder().scales(1.5));
    assertThrows(IllegalArgumentException.class, () -> RandomAffine.builder().degrees(10, 5));
    assertThrows(IllegalArgumentException.class, () -> RandomAffine.builder().degrees(1, 2, 3, 4));
    assertThrows(IllegalArgumentException.class, () -> RandomAffine.builder().padLabel(300));
    assertThrows(IllegalArgumentException.class, () -> RandomAffine.builder().padLabel(-1));
    assertThrows(IllegalArgumentException.class, () -> RandomAffine.builder().padValue(Double.NaN));
    IllegalArgumentException iso =
        assertThrows(
            IllegalArgumentException.class,
            () -> RandomAffine.builder().scales(0.1, 0.2, 0.3).isotropic().build());
    assertTrue(iso.getMessage().contains("isotropic"), iso.getMessage());
    RandomAffine.builder().scales(0.8, 1.2).isotropic().build();
  }

  @Test
  void scalesOfOneMeanZeroToTwoAsInTorchio() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(6, 6, 6), Affine.identity());
    RandomAffine t = RandomAffine.builder().scales(1.0).degrees(0).build();
    SplittableRandom r = new SplittableRandom(21);
    double[] expected = {2 * r.nextDouble(), 2 * r.nextDouble(), 2 * r.nextDouble()};
    AppliedTransform rec = (AppliedTransform) t.apply(s, new SplittableRandom(21)).history().get(0);
    assertEquals(List.of(expected[0], expected[1], expected[2]), rec.parameters().get("scales"));
    assertEquals(List.of(0.0, 0.0, 0.0), rec.parameters().get("degrees"));
  }

  @Test
  void isotropicUsesTheFirstScaleAndTranslationsAreDrawnLast() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(6, 6, 6), Affine.identity());
    RandomAffine t =
        RandomAffine.builder().scales(0.5, 1.5).isotropic().degrees(0).translation(3).build();
    SplittableRandom r = new SplittableRandom(5);
    double scale = 0.5 + r.nextDouble();
    r.nextDouble();
    r.nextDouble();
    for (int i = 0; i < 3; i++) {
      r.nextDouble(); // degrees
    }
    double tx = -3 + 6 * r.nextDouble();
    AppliedTransform rec = (AppliedTransform) t.apply(s, new SplittableRandom(5)).history().get(0);
    assertEquals(List.of(scale, scale, scale), rec.parameters().get("scales"));
    assertEquals(tx, ((List<?>) rec.parameters().get("translation")).get(0));
    assertEquals("image", rec.parameters().get("center"));
    assertEquals("minimum", rec.parameters().get("default_pad_value"));
  }

  @Test
  void eachChannelIsPaddedWithItsOwnMinimum() {
    Shape shape = Shape.of(5, 5, 5);
    int n = shape.voxelsAsInt();
    float[] v = new float[2 * n];
    for (int i = 0; i < n; i++) {
      v[i] = -7 + i % 4;
      v[n + i] = 300 + i % 9;
    }
    Subject s =
        Subject.builder("two")
            .image("mr", ScalarImage.of(new ImageGeometry(shape, 2, Affine.identity()), v))
            .build();
    Subject out = RandomAffine.builder().build().apply(s, ONE, ZERO, new double[] {50, 0, 0});
    assertEquals(-7f, out.scalarImage("mr").valueAt(0, 2, 2, 2));
    assertEquals(300f, out.scalarImage("mr").valueAt(1, 2, 2, 2));
  }

  /** A 4x4x4 image whose value depends on x only, moved out of view so every voxel is fill. */
  private static float fillOf(PadValue pad, float... valueOfX) {
    Shape shape = Shape.of(4, 4, 4);
    float[] v = new float[shape.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = valueOfX[i % 4];
    }
    Subject s =
        Subject.builder("b").image("ct", ScalarImage.of(shape, Affine.identity(), v)).build();
    Subject out =
        RandomAffine.builder().padValue(pad).build().apply(s, ONE, ZERO, new double[] {0, 40, 0});
    float fill = out.scalarImage("ct").get(0, 0, 0);
    for (float x : out.scalarImage("ct").voxels()) {
      assertEquals(fill, x);
    }
    return fill;
  }

  @Test
  void borderMeanCountsEdgeVoxelsOncePerFace() {
    // faces z, z, y, y: 4 x (0 + 1 + 4 + 9) each; face x = 0: 0; face x = 3: 16 x 9; 96 values
    assertEquals((float) (368.0 / 96), fillOf(PadValue.borderMean(), 0, 1, 4, 9), 1e-6);
    assertEquals((float) (368.0 / 96), fillOf(PadValue.parse("Mean"), 0, 1, 4, 9), 1e-6);
    assertEquals(0f, fillOf(PadValue.minimum(), 0, 1, 4, 9));
    assertEquals(-3.5f, fillOf(PadValue.parse("-3.5"), 0, 1, 4, 9));
  }

  @Test
  void otsuPadIsTheMeanOfTheBorderBelowTheThreshold() {
    // border: 64 values of 10, 32 of 1000 (the x = 3 face and the x = 3 edges)
    assertEquals(10f, fillOf(PadValue.otsu(), 10, 10, 10, 1000));
    assertEquals(10f, fillOf(PadValue.parse("OTSU"), 10, 10, 10, 1000));
    // TorchIO's values.any(): if all values below the threshold are 0, the mean of all of them
    assertEquals((float) (32000.0 / 96), fillOf(PadValue.otsu(), 0, 0, 0, 1000), 1e-3);
  }

  @Test
  void otsuThresholdIsItksBinEdge() {
    float[] v = new float[30];
    for (int i = 0; i < 30; i++) {
      v[i] = 50 * (i / 10);
    }
    // 128 bins over [0, 100 + 100/128/100): interval 100.0078125 / 128; classes {0, 50} | {100}
    assertEquals(50.00390625f, BorderStatistics.otsuThreshold(v));
    assertEquals(25.0, BorderStatistics.otsuMean(v));
    assertEquals(50.0, BorderStatistics.mean(v));
    float[] same = {3, 3, 3};
    assertEquals(3.0, BorderStatistics.otsuMean(same));
  }

  @Test
  void padValuesParseAndCompare() {
    assertEquals(PadValue.minimum(), PadValue.parse(" minimum "));
    assertEquals(PadValue.constant(2), PadValue.parse("2"));
    assertNotEquals(PadValue.constant(2), PadValue.constant(3));
    assertNotEquals(PadValue.borderMean(), PadValue.otsu());
    assertEquals(PadValue.constant(2).hashCode(), PadValue.parse("2.0").hashCode());
    assertEquals("otsu", PadValue.otsu().toString());
    assertEquals(2.5, PadValue.constant(2.5).recorded());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PadValue.parse("median"));
    assertTrue(e.getMessage().contains("otsu") && e.getMessage().contains("median"));
    assertThrows(IllegalArgumentException.class, () -> PadValue.constant(Double.NaN));
  }

  @Test
  void oneSliceImagesKeepTheirZScaleAndOnlyRotateAboutZ() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(7, 6, 1), Affine.diagonal(1, 1, 3));
    Subject same =
        RandomAffine.builder()
            .build()
            .apply(s, new double[] {1, 1, 1.7}, new double[] {25, -30, 0}, ZERO);
    assertArrayEquals(s.scalarImage("ct").voxels(), same.scalarImage("ct").voxels());
    assertArrayEquals(s.labelMap("label").labels(), same.labelMap("label").labels());
    AppliedTransform rec = (AppliedTransform) same.history().get(0);
    assertEquals(List.of(1.0, 1.0, 1.7), rec.parameters().get("scales"), "as drawn");
    Subject turned = RandomAffine.builder().build().apply(s, ONE, new double[] {25, -30, 90}, ZERO);
    Subject zOnly = RandomAffine.builder().build().apply(s, ONE, new double[] {0, 0, 90}, ZERO);
    assertArrayEquals(zOnly.scalarImage("ct").voxels(), turned.scalarImage("ct").voxels());
    assertFalse(Arrays.equals(s.scalarImage("ct").voxels(), turned.scalarImage("ct").voxels()));
  }

  @Property(tries = 100)
  void labelMapsOnlyGetInputLabels(
      @ForAll @DoubleRange(min = 0.7, max = 1.3) double s,
      @ForAll @DoubleRange(min = -40, max = 40) double deg,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Shape shape = Shape.of(9, 8, 7);
    Affine a = TestSubjects.obliqueAffine();
    LabelMap l = TestSubjects.randomLabels(shape, a, 1, seed);
    byte[] v = l.labels().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) (v[i] == 1 ? 7 : 3); // labels 3 and 7 only; padding adds 0
    }
    Subject subj = Subject.builder("l").image("label", l.withLabels(v)).build();
    Subject out =
        RandomAffine.builder()
            .build()
            .apply(
                subj,
                new double[] {s, 1 / s, s},
                new double[] {deg, -deg / 2, deg},
                new double[] {1, 0, -1});
    long[] h = out.labelMap("label").histogram();
    for (int i = 0; i < h.length; i++) {
      if (i != 0 && i != 3 && i != 7) {
        assertEquals(0, h[i], "label " + i + " appeared");
      }
    }
  }

  @Property(tries = 100)
  void theImageCentreIsAFixedPoint(
      @ForAll @DoubleRange(min = 0.7, max = 1.3) double s,
      @ForAll @DoubleRange(min = -180, max = 180) double dx,
      @ForAll @DoubleRange(min = -180, max = 180) double dz,
      @ForAll @IntRange(min = 2, max = 40) int nx) {
    Shape shape = Shape.of(nx, 11, 6);
    Affine a = TestSubjects.obliqueAffine();
    Affine map =
        RandomAffine.voxelMap(
            a, shape, new double[] {s, s, 2 - s}, new double[] {dx, 10, dz}, ZERO, false);
    double[] c = {(nx - 1) / 2.0, 5, 2.5};
    assertArrayEquals(c, map.apply(c[0], c[1], c[2]), 1e-9);
    // with a translation t the centre samples the world point c - t
    Affine moved = RandomAffine.voxelMap(a, shape, ONE, ZERO, new double[] {1, 2, 3}, false);
    double[] w = a.apply(c[0], c[1], c[2]);
    double[] src = moved.apply(c[0], c[1], c[2]);
    assertArrayEquals(
        new double[] {w[0] - 1, w[1] - 2, w[2] - 3}, a.apply(src[0], src[1], src[2]), 1e-9);
  }
}
