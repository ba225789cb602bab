package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TestSubjects;
import org.liverseg.transforms.Transforms;

class FlipResampleCanonicalTest {

  @Test
  void flipReversesVoxelsKeepsAffineAndInverts() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(4, 3, 2), TestSubjects.obliqueAffine());
    Subject f = Flip.builder().axes(0, 2).build().apply(s);
    assertEquals(s.affine(), f.affine());
    assertEquals(s.scalarImage("ct").get(0, 1, 0), f.scalarImage("ct").get(3, 1, 1));
    assertEquals(s.labelMap("label").get(1, 2, 1), f.labelMap("label").get(2, 2, 0));
    Subject back = Transforms.inverse(f);
    assertArrayEquals(s.scalarImage("ct").voxels(), back.scalarImage("ct").voxels());
    assertThrows(IllegalArgumentException.class, () -> Flip.builder().axes(3));
  }

  @Test
  void randomFlipOnlyFlipsListedAxesAboutHalfTheTime() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(4, 3, 2), Affine.identity());
    RandomFlip t = RandomFlip.builder().build();
    SplittableRandom r = new SplittableRandom(1);
    int flipped = 0;
    for (int i = 0; i < 400; i++) {
      AppliedTransform rec = (AppliedTransform) t.apply(s, r).history().get(0);
      List<?> axes = (List<?>) rec.parameters().get("axes");
      assertTrue(axes.isEmpty() || axes.equals(List.of(0)), axes.toString());
      flipped += axes.size();
    }
    assertTrue(flipped > 150 && flipped < 250, "flipped " + flipped);
    Subject all = RandomFlip.builder().axes(0, 1, 2).flipProbability(1).build().apply(s, r);
    assertEquals(s.scalarImage("ct").get(0, 0, 0), all.scalarImage("ct").get(3, 2, 1));
  }

  @Test
  void resampleToSpacingFollowsTorchioGrid() {
    Affine a = Affine.diagonal(-0.8, -0.8, 2.5).withOrigin(100, 50, -20);
    Map.Entry<Shape, Affine> g =
        Resample.gridForSpacing(Shape.of(256, 256, 31), a, new double[] {1.6, 0.8, 1});
    assertEquals(Shape.of(128, 256, 77), g.getKey()); // floor(31 * 2.5) = 77
    // the centre (-2, -52, 17.5) stays: origin = centre - direction * spacing * (n' - 1) / 2
    assertArrayEquals(new double[] {99.6, 50, -20.5}, g.getValue().origin(), 1e-12);
    assertArrayEquals(new double[] {1.6, 0.8, 1}, g.getValue().spacing(), 1e-12);
    assertEquals(
        Shape.of(1, 10, 10),
        Resample.gridForSpacing(Shape.of(1, 10, 10), Affine.identity(), new double[] {3, 1, 1})
            .getKey());
  }

  @Test
  void resampleHalvingAveragesPairsAndLabelsStayLabels() {
    Shape shape = Shape.of(4, 1, 1);
    Subject s =
        Subject.builder("r")
            .image("ct", ScalarImage.of(shape, Affine.identity(), new float[] {0, 10, 20, 30}))
            .build();
    Subject out = Resample.builder().spacing(2, 1, 1).build().apply(s);
    // new voxel 0 samples old index 0.5, voxel 1 old index 2.5
    assertArrayEquals(new float[] {5, 25}, out.scalarImage("ct").voxels(), 1e-5f);
    Subject lab = TestSubjects.ctAndLabel(Shape.of(6, 5, 4), TestSubjects.obliqueAffine());
    Subject r = Resample.builder().spacing(0.7).build().apply(lab);
    long[] h = r.labelMap("label").histogram();
    for (int i = 3; i < h.length; i++) {
      assertEquals(0, h[i]);
    }
    Subject back = Transforms.inverse(r);
    assertEquals(lab.shape(), back.shape());
    assertTrue(back.affine().isClose(lab.affine(), 1e-12));
  }

  @Test
  void resampleOntoOwnGridIsExact() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(6, 5, 4), TestSubjects.obliqueAffine());
    Subject out = Resample.builder().reference("ct").build().apply(s);
    assertArrayEquals(s.scalarImage("ct").voxels(), out.scalarImage("ct").voxels());
    assertThrows(IllegalArgumentException.class, () -> Resample.builder().build());
    assertThrows(IllegalArgumentException.class, () -> Resample.builder().spacing(0));
  }

  @Property(tries = 50)
  void toCanonicalGivesRasAndKeepsWorldPositions(
      @ForAll @IntRange(min = 0, max = 5) int permIndex,
      @ForAll @IntRange(min = 0, max = 7) int signs) {
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    int[] p = perms[permIndex];
    double[][] m = new double[3][4];
    double[] sp = {0.8, 1.1, 2.5};
    for (int v = 0; v < 3; v++) {
      m[p[v]][v] = ((signs >> v) & 1) == 1 ? -sp[v] : sp[v];
    }
    m[0][3] = 5;
    m[1][3] = -7;
    m[2][3] = 11;
    Affine a = Affine.of(m);
    Shape shape = Shape.of(3, 4, 5);
    Subject s = TestSubjects.ctAndLabel(shape, a);
    Subject out = ToCanonical.builder().build().apply(s);
    assertEquals("RAS", out.affine().orientation());
    ScalarImage ct = out.scalarImage("ct");
    Affine inv = a.inverse();
    for (int k = 0; k < ct.shape().z(); k++) {
      for (int j = 0; j < ct.shape().y(); j++) {
        for (int i = 0; i < ct.shape().x(); i++) {
          double[] w = ct.affine().apply(i, j, k);
          double[] src = inv.apply(w[0], w[1], w[2]);
          int si = (int) Math.round(src[0]);
          int sj = (int) Math.round(src[1]);
          int sk = (int) Math.round(src[2]);
          assertEquals(s.scalarImage("ct").get(si, sj, sk), ct.get(i, j, k));
        }
      }
    }
    Subject back = Transforms.inverse(out);
    assertEquals(a, back.affine());
    assertArrayEquals(s.scalarImage("ct").voxels(), back.scalarImage("ct").voxels());
    assertArrayEquals(s.labelMap("label").labels(), back.labelMap("label").labels());
  }

  @Test
  void ensureShapeMultiplePadsOrCropsCentred() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(17, 32, 5), TestSubjects.obliqueAffine());
    EnsureShapeMultiple pad = EnsureShapeMultiple.builder().multiple(16).build();
    assertEquals(Shape.of(32, 32, 16), pad.apply(s).shape());
    assertEquals(
        Shape.of(16, 32, 1),
        EnsureShapeMultiple.builder().multiple(16, 16, 8).crop().build().apply(s).shape());
    Subject back = Transforms.inverse(pad.apply(s));
    assertArrayEquals(s.scalarImage("ct").voxels(), back.scalarImage("ct").voxels());
    assertThrows(IllegalArgumentException.class, () -> EnsureShapeMultiple.builder().multiple(0));
    assertThrows(
        IllegalArgumentException.class, () -> EnsureShapeMultiple.builder().multiple(2, 2));
  }
}
