package org.liverseg.phantoms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

class PhantomGeneratorTest {

  private static final PhantomGenerator TINY =
      PhantomGenerator.builder().size(PhantomSize.TINY).seed(7).build();

  @Test
  void sameSeedAndIndexGiveIdenticalCasesWhateverTheOrderAndThreads() {
    Subject a = TINY.generate(3);
    // generate other cases concurrently first, then case 3 again on another thread
    List<Subject> parallel = IntStream.of(0, 5, 3, 1).parallel().mapToObj(TINY::generate).toList();
    Subject b = parallel.get(2);
    Subject c =
        PhantomGenerator.builder().size(PhantomSize.TINY).seed(7).threads(1).build().generate(3);
    for (Subject s : List.of(b, c)) {
      assertEquals("liver_3", s.id());
      assertArrayEquals(a.scalarImage("ct").voxels(), s.scalarImage("ct").voxels());
      assertArrayEquals(a.labelMap("label").labels(), s.labelMap("label").labels());
      assertEquals(a.affine(), s.affine());
    }
  }

  @Test
  void differentSeedsOrIndicesGiveDifferentCases() {
    float[] a = TINY.generate(0).scalarImage("ct").voxels();
    float[] b = TINY.generate(1).scalarImage("ct").voxels();
    float[] c =
        PhantomGenerator.builder()
            .size(PhantomSize.TINY)
            .seed(8)
            .build()
            .generate(0)
            .scalarImage("ct")
            .voxels();
    assertFalse(java.util.Arrays.equals(a, b));
    assertFalse(java.util.Arrays.equals(a, c));
  }

  @Property(tries = 25)
  void labelsAreBackgroundLiverOrTumourAndTumoursAreEnclosedByLiver(
      @ForAll @IntRange(min = 0, max = 1000) int seed,
      @ForAll @IntRange(min = 0, max = 50) int index) {
    Subject s =
        PhantomGenerator.builder().size(PhantomSize.TINY).seed(seed).build().generate(index);
    LabelMap labels = s.labelMap("label");
    long[] h = labels.histogram();
    for (int l = 3; l < h.length; l++) {
      assertEquals(0, h[l], "label " + l + " in " + s.id());
    }
    assertTrue(h[1] > 500, "liver too small: " + h[1] + " voxels in " + s.id());
    Shape sh = s.shape();
    byte[] l = labels.labels();
    for (int k = 0; k < sh.z(); k++) {
      for (int j = 0; j < sh.y(); j++) {
        for (int i = 0; i < sh.x(); i++) {
          if (l[sh.index(i, j, k)] != 2) {
            continue;
          }
          int[][] nb = {
            {i - 1, j, k}, {i + 1, j, k}, {i, j - 1, k}, {i, j + 1, k}, {i, j, k - 1}, {i, j, k + 1}
          };
          for (int[] n : nb) {
            if (n[0] >= 0
                && n[1] >= 0
                && n[2] >= 0
                && n[0] < sh.x()
                && n[1] < sh.y()
                && n[2] < sh.z()) {
              assertTrue(
                  l[sh.index(n[0], n[1], n[2])] != 0,
                  "tumour voxel ("
                      + i
                      + ","
                      + j
                      + ","
                      + k
                      + ") of "
                      + s.id()
                      + " touches background");
            }
          }
        }
      }
    }
  }

  @Test
  void intensitiesAreWholeHounsfieldUnitsWithRealisticTissueValues() {
    PhantomGenerator gen = PhantomGenerator.builder().size(PhantomSize.SMALL).seed(11).build();
    boolean sawTumour = false;
    for (int c = 0; c < 3; c++) {
      Subject s = gen.generate(c);
      float[] v = s.scalarImage("ct").voxels();
      byte[] l = s.labelMap("label").labels();
      double liver = 0;
      double tumour = 0;
      long nl = 0;
      long nt = 0;
      long air = 0;
      long fat = 0;
      long bone = 0;
      float max = Float.NEGATIVE_INFINITY;
      for (int p = 0; p < v.length; p++) {
        float x = v[p];
        if (Math.rint(x) != x || x < -1024 || x > 3071) {
          throw new AssertionError("not a whole HU in the int16 CT range at " + p + ": " + x);
        }
        max = Math.max(max, x);
        air += x < -900 ? 1 : 0;
        fat += x > -150 && x < -60 ? 1 : 0;
        bone += x > 400 ? 1 : 0;
        if (l[p] == 1) {
          liver += x;
          nl++;
        } else if (l[p] == 2) {
          tumour += x;
          nt++;
        }
      }
      double liverMean = liver / nl;
      assertTrue(liverMean > 45 && liverMean < 75, "liver mean " + liverMean + " in " + s.id());
      assertTrue(air > v.length / 10, "too little air around the body in " + s.id());
      assertTrue(fat > v.length / 50, "too little fat in " + s.id());
      assertTrue(bone > 50 && max > 500, "no bone above 400 HU in " + s.id());
      if (nt > 200) {
        sawTumour = true;
        double drop = liverMean - tumour / nt;
        assertTrue(
            drop > 8 && drop < 45, "tumour is " + drop + " HU darker than liver in " + s.id());
      }
    }
    assertTrue(sawTumour, "no case with a sizeable tumour among 3");
  }

  /**
   * The liver cannot be segmented by an intensity window: over every window [lo, hi] (1 HU steps),
   * the best Dice against the liver label stays below 0.8, because muscle, spleen, bowel and
   * stomach wall share its intensities and vessels inside it are bright.
   */
  @Test
  void noIntensityWindowSegmentsTheLiver() {
    PhantomGenerator gen = PhantomGenerator.builder().size(PhantomSize.SMALL).seed(3).build();
    for (int c = 0; c < 3; c++) {
      Subject s = gen.generate(c);
      double best = bestWindowDice(s.scalarImage("ct").voxels(), s.labelMap("label").labels());
      assertTrue(
          best > 0.3, "a window should find some liver (" + best + "): the check itself is broken");
      assertTrue(best < 0.8, "a single HU window reaches Dice " + best + " on " + s.id());
    }
  }

  static double bestWindowDice(float[] hu, byte[] labels) {
    long[] inLiver = new long[4097];
    long[] other = new long[4097];
    long liver = 0;
    for (int p = 0; p < hu.length; p++) {
      int b = (int) hu[p] + 1024 + 1;
      if (labels[p] == 1) {
        inLiver[b]++;
        liver++;
      } else {
        other[b]++;
      }
    }
    for (int b = 1; b < 4097; b++) {
      inLiver[b] += inLiver[b - 1];
      other[b] += other[b - 1];
    }
    double best = 0;
    for (int lo = 0; lo < 4096; lo++) {
      for (int hi = lo; hi < 4096; hi++) {
        long tp = inLiver[hi + 1] - inLiver[lo];
        long fp = other[hi + 1] - other[lo];
        best = Math.max(best, 2.0 * tp / (liver + tp + fp));
      }
    }
    return best;
  }

  /**
   * The liver is irregular: its overlap with the ellipsoid of the same centre and moments is well
   * below 1.
   */
  @Test
  void liverIsNotAnEllipsoid() {
    for (int c = 0; c < 3; c++) {
      Subject s = PhantomGenerator.builder().size(PhantomSize.SMALL).seed(5).build().generate(c);
      double iou = ellipsoidIou(s.labelMap("label").labels(), s.shape());
      assertTrue(iou < 0.85, "liver of " + s.id() + " is nearly an ellipsoid (IoU " + iou + ")");
    }
  }

  /** IoU of the liver+tumour mask with the solid ellipsoid of equal centroid and second moments. */
  static double ellipsoidIou(byte[] l, Shape sh) {
    double n = 0;
    double[] m = new double[3];
    double[][] c = new double[3][3];
    for (int pass = 0; pass < 2; pass++) {
      for (int k = 0; k < sh.z(); k++) {
        for (int j = 0; j < sh.y(); j++) {
          for (int i = 0; i < sh.x(); i++) {
            if (l[sh.index(i, j, k)] == 0) {
              continue;
            }
            double[] p = {i, j, k};
            if (pass == 0) {
              n++;
              for (int a = 0; a < 3; a++) {
                m[a] += p[a];
              }
            } else {
              for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                  c[a][b] += (p[a] - m[a]) * (p[b] - m[b]) / n;
                }
              }
            }
          }
        }
      }
      if (pass == 0) {
        for (int a = 0; a < 3; a++) {
          m[a] /= n;
        }
      }
    }
    // a solid ellipsoid with covariance C is x^T C^-1 x <= 5
    Affine inv =
        Affine.of(
                new double[] {
                  c[0][0], c[0][1], c[0][2], c[1][0], c[1][1], c[1][2], c[2][0], c[2][1], c[2][2]
                },
                new double[3])
            .inverse();
    long both = 0;
    long either = 0;
    for (int k = 0; k < sh.z(); k++) {
      for (int j = 0; j < sh.y(); j++) {
        for (int i = 0; i < sh.x(); i++) {
          double[] d = {i - m[0], j - m[1], k - m[2]};
          double[] q = inv.apply(d[0], d[1], d[2]);
          boolean e = d[0] * q[0] + d[1] * q[1] + d[2] * q[2] <= 5;
          boolean o = l[sh.index(i, j, k)] != 0;
          both += e && o ? 1 : 0;
          either += e || o ? 1 : 0;
        }
      }
    }
    return (double) both / either;
  }

  @Test
  void affineIsLpsLikeWithAnisotropicSpacingAndTheSizeAsked() {
    Subject s = PhantomGenerator.builder().size(PhantomSize.SMALL).seed(1).build().generate(0);
    assertEquals(Shape.of(96, 96, 48), s.shape());
    Affine a = s.affine();
    assertEquals("LPS", a.orientation());
    assertTrue(a.get(0, 0) < 0 && a.get(1, 1) < 0 && a.get(2, 2) > 0);
    assertEquals(a.get(0, 0), a.get(1, 1));
    assertTrue(a.get(2, 2) > -a.get(0, 0), "slices should be thicker than in-plane spacing");
    // roughly centred in x and y, like the real files
    double[] centre = a.apply(47.5, 47.5, 0);
    assertTrue(
        Math.abs(centre[0]) < 15 && Math.abs(centre[1]) < 45,
        "centre " + centre[0] + ", " + centre[1]);
    assertEquals(PhantomSize.TINY, PhantomSize.parse(" Tiny"));
    assertThrows(IllegalArgumentException.class, () -> PhantomSize.parse("huge"));
    assertThrows(IllegalArgumentException.class, () -> TINY.generate(-1));
  }

  /**
   * Grid draws of the full size (checked without rendering): spacing and slice counts as specified.
   */
  @Property(tries = 200)
  void fullSizeGridsHaveRealisticSpacing(@ForAll long seed) {
    Anatomy a = new Anatomy(new SplittableRandom(seed), PhantomSize.FULL);
    assertEquals(256, a.grid.nx());
    assertTrue(a.grid.nz() >= 60 && a.grid.nz() <= 200, "slices " + a.grid.nz());
    assertTrue(a.spacingXy >= 0.6 && a.spacingXy <= 0.9, "in-plane spacing " + a.spacingXy);
    assertTrue(a.spacingZ >= 1.5 && a.spacingZ <= 5.0, "slice spacing " + a.spacingZ);
    assertTrue(a.tumours.size() <= 4);
  }

  @Test
  void generatedImagesAreInMemoryAndConsistent() {
    Subject s = TINY.generate(2);
    ScalarImage ct = s.scalarImage("ct");
    assertTrue(ct.isLoaded());
    assertTrue(ct.path().isEmpty());
    assertEquals(s.affine(), s.labelMap("label").affine());
    int tumours = Integer.parseInt(s.metadata().get("phantom.tumours"));
    assertTrue(tumours >= 0 && tumours <= 4, "tumours " + tumours);
    assertEquals("7", s.metadata().get("phantom.seed"));
  }
}
