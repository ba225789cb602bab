package org.liverseg.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

class ProbabilityResamplerTest {

  private static final int CLASSES = 3;

  /** A softmax of three smooth functions of the world position, sampled on the grid. */
  private static ScalarImage smoothProbabilities(Shape shape, Affine affine) {
    int n = shape.voxelsAsInt();
    float[] v = new float[CLASSES * n];
    for (int z = 0; z < shape.z(); z++) {
      for (int y = 0; y < shape.y(); y++) {
        for (int x = 0; x < shape.x(); x++) {
          double[] p = field(affine.apply(x, y, z));
          int i = shape.index(x, y, z);
          for (int c = 0; c < CLASSES; c++) {
            v[c * n + i] = (float) p[c];
          }
        }
      }
    }
    return ScalarImage.of(new ImageGeometry(shape, CLASSES, affine), v);
  }

  private static double[] field(double[] w) {
    double[] logits = {
      0.5 * Math.sin(w[0] / 9) + 0.2 * Math.cos(w[2] / 15),
      Math.cos(w[1] / 11) - 0.3,
      0.03 * (w[0] - w[1]) + 0.4 * Math.sin(w[2] / 20)
    };
    double sum = 0;
    double[] p = new double[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      p[c] = Math.exp(logits[c]);
      sum += p[c];
    }
    for (int c = 0; c < CLASSES; c++) {
      p[c] /= sum;
    }
    return p;
  }

  @Test
  void finerAndBackKeepsASmoothField() {
    Shape coarse = Shape.of(24, 20, 12);
    Affine coarseAffine = Cases.lps(1.5, 1.5, 3);
    ScalarImage p = smoothProbabilities(coarse, coarseAffine);
    // the fine grid covers the same field of view (outer edges aligned) at half the spacing
    Shape fine = Shape.of(48, 40, 24);
    double[] o = coarseAffine.apply(-0.25, -0.25, -0.25);
    Affine fineAffine = Affine.diagonal(-0.75, -0.75, 1.5).withOrigin(o[0], o[1], o[2]);
    ScalarImage up = ProbabilityResampler.onto(p, fine, fineAffine);
    assertEquals(new ImageGeometry(fine, CLASSES, fineAffine), up.geometry());
    // against the analytic field at the fine voxels: linear interpolation of a smooth field is
    // second-order accurate between the coarse voxel centres; the outer quarter-voxel band, beyond
    // the outermost centres, repeats the edge voxel (first-order there)
    int nf = fine.voxelsAsInt();
    double inside = 0;
    double band = 0;
    for (int z = 0; z < fine.z(); z++) {
      for (int y = 0; y < fine.y(); y++) {
        for (int x = 0; x < fine.x(); x++) {
          double[] truth = field(fineAffine.apply(x, y, z));
          boolean edge = x == 0 || y == 0 || z == 0 || x == 47 || y == 39 || z == 23;
          for (int c = 0; c < CLASSES; c++) {
            double e = Math.abs(truth[c] - up.voxels()[c * nf + fine.index(x, y, z)]);
            if (edge) {
              band = Math.max(band, e);
            } else {
              inside = Math.max(inside, e);
            }
          }
        }
      }
    }
    assertTrue(inside < 0.002, "finer grid off the field by " + inside);
    assertTrue(band < 0.015, "edge band off the field by " + band);
    ScalarImage back = ProbabilityResampler.onto(up, coarse, coarseAffine);
    assertEquals(p.geometry(), back.geometry());
    double roundTrip = 0;
    for (int i = 0; i < p.voxels().length; i++) {
      roundTrip = Math.max(roundTrip, Math.abs(p.voxels()[i] - back.voxels()[i]));
    }
    assertTrue(roundTrip < 0.01, "finer and back moved a probability by " + roundTrip);
  }

  @Test
  void sameGridIsAnExactCopyAndOutsideRepeatsTheEdge() {
    Shape s = Shape.of(5, 4, 3);
    Affine a = Cases.lps(1, 1, 2);
    ScalarImage p = smoothProbabilities(s, a);
    assertArrayEquals(p.voxels(), ProbabilityResampler.onto(p, p).voxels());
    // one voxel 100 mm beyond voxel (4, 0, 0) along the image's x axis: it takes that voxel's
    // values
    double[] w = a.apply(104, 0, 0);
    Affine far = Affine.diagonal(1, 1, 1).withOrigin(w[0], w[1], w[2]);
    ScalarImage out = ProbabilityResampler.onto(p, Shape.of(1, 1, 1), far);
    for (int c = 0; c < CLASSES; c++) {
      assertEquals(p.valueAt(c, 4, 0, 0), out.voxels()[c], 0f);
    }
  }

  /** Any grid, partly or wholly outside, rotated or not: the channels still sum to 1. */
  @Property(tries = 60)
  void channelSumsStayOne(
      @ForAll @IntRange(min = 1, max = 9) int nx,
      @ForAll @IntRange(min = 1, max = 9) int ny,
      @ForAll @IntRange(min = 1, max = 9) int nz,
      @ForAll @DoubleRange(min = 0.2, max = 4) double spacing,
      @ForAll @DoubleRange(min = -3.2, max = 3.2) double angle,
      @ForAll @DoubleRange(min = -12, max = 12) double shift,
      @ForAll long seed) {
    Shape in = Shape.of(nx, ny, nz);
    Affine inAffine = Cases.lps(1.2, 0.9, 2.5);
    SplittableRandom r = new SplittableRandom(seed);
    int n = in.voxelsAsInt();
    float[] v = new float[CLASSES * n];
    for (int i = 0; i < n; i++) {
      double[] e = {r.nextDouble(), r.nextDouble(), r.nextDouble()};
      double sum = e[0] + e[1] + e[2];
      for (int c = 0; c < CLASSES; c++) {
        v[c * n + i] = (float) (e[c] / sum);
      }
    }
    ScalarImage p = ScalarImage.of(new ImageGeometry(in, CLASSES, inAffine), v);
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double[] o = inAffine.apply(shift, shift / 2, shift / 3);
    Affine target =
        Affine.of(
            new double[][] {
              {spacing * cos, -spacing * sin, 0, o[0]},
              {spacing * sin, spacing * cos, 0, o[1]},
              {0, 0, spacing * 1.7, o[2]}
            });
    Shape outShape = Shape.of(7, 6, 5);
    ScalarImage out = ProbabilityResampler.onto(p, outShape, target);
    assertEquals(CLASSES, out.channels());
    assertEquals(target, out.affine());
    int m = outShape.voxelsAsInt();
    for (int i = 0; i < m; i++) {
      double sum = 0;
      for (int c = 0; c < CLASSES; c++) {
        float x = out.voxels()[c * m + i];
        assertTrue(x >= 0 && x <= 1.000001f, "a probability stays in [0, 1]: " + x);
        sum += x;
      }
      assertEquals(1, sum, 1e-5, "voxel " + i);
    }
  }

  /**
   * Axis-aligned grids (any spacings, flips, shifts, partly outside): the separable path gives the
   * general path's values to float rounding.
   */
  @Property(tries = 80)
  void separablePathAgreesWithTheGeneralOne(
      @ForAll @IntRange(min = 1, max = 9) int nx,
      @ForAll @IntRange(min = 1, max = 9) int ny,
      @ForAll @IntRange(min = 1, max = 9) int nz,
      @ForAll @IntRange(min = 1, max = 14) int ox,
      @ForAll @IntRange(min = 1, max = 14) int oy,
      @ForAll @IntRange(min = 1, max = 14) int oz,
      @ForAll @DoubleRange(min = 0.3, max = 4) double sx,
      @ForAll @DoubleRange(min = 0.3, max = 4) double sz,
      @ForAll boolean flipX,
      @ForAll @DoubleRange(min = -6, max = 6) double shift) {
    Shape in = Shape.of(nx, ny, nz);
    Affine inAffine = Cases.lps(1.2, 0.9, 2.5);
    ScalarImage p = smoothProbabilities(in, inAffine);
    Affine outAffine =
        Affine.diagonal(flipX ? sx : -sx, -0.7, sz).withOrigin(100 + shift, 80 - shift, -200);
    Shape out = Shape.of(ox, oy, oz);
    Affine toSource = inAffine.inverse().multiply(outAffine);
    assertTrue(ProbabilityResampler.isAxisAligned(toSource));
    float[] a = ProbabilityResampler.separable(p, toSource, out, outAffine).voxels();
    float[] b = ProbabilityResampler.general(p, toSource, out, outAffine).voxels();
    assertArrayEquals(b, a, 2e-6f);
  }

  @Test
  void rotatedGridsTakeTheGeneralPath() {
    double c = Math.cos(0.3);
    double s = Math.sin(0.3);
    Affine rotated = Affine.of(new double[][] {{c, -s, 0, 0}, {s, c, 0, 0}, {0, 0, 2, 0}});
    assertFalse(ProbabilityResampler.isAxisAligned(Cases.lps(1, 1, 2).inverse().multiply(rotated)));
    assertTrue(
        ProbabilityResampler.isAxisAligned(
            Cases.lps(1, 1, 2).inverse().multiply(Cases.lps(0.5, 3, 1))));
  }
}
