package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TestSubjects;
import org.liverseg.transforms.Transforms;

class CropOrPadProperties {

  private static final Affine A = TestSubjects.obliqueAffine();

  private static Subject subject(int x, int y, int z) {
    return TestSubjects.ctAndLabel(Shape.of(x, y, z), A);
  }

  @Property(tries = 200)
  void outputShapeIsTheTarget(
      @ForAll @IntRange(min = 1, max = 9) int x,
      @ForAll @IntRange(min = 1, max = 9) int y,
      @ForAll @IntRange(min = 1, max = 9) int z,
      @ForAll @IntRange(min = 1, max = 9) int tx,
      @ForAll @IntRange(min = 1, max = 9) int ty,
      @ForAll @IntRange(min = 1, max = 9) int tz) {
    Subject out =
        CropOrPad.builder().target(tx, ty, tz).mode("symmetric").build().apply(subject(x, y, z));
    assertEquals(Shape.of(tx, ty, tz), out.shape());
    assertEquals(Shape.of(tx, ty, tz), out.image("label").shape());
  }

  @Property(tries = 200)
  void everyKeptVoxelKeepsItsWorldPosition(
      @ForAll @IntRange(min = 1, max = 9) int x,
      @ForAll @IntRange(min = 1, max = 9) int y,
      @ForAll @IntRange(min = 1, max = 9) int z,
      @ForAll @IntRange(min = 1, max = 9) int tx,
      @ForAll @IntRange(min = 1, max = 9) int ty,
      @ForAll @IntRange(min = 1, max = 9) int tz) {
    Subject in = subject(x, y, z);
    Subject out = CropOrPad.builder().target(tx, ty, tz).build().apply(in);
    ScalarImage ct = out.scalarImage("ct");
    Affine oa = ct.affine();
    int kept = 0;
    for (int k = 0; k < tz; k++) {
      for (int j = 0; j < ty; j++) {
        for (int i = 0; i < tx; i++) {
          float v = ct.get(i, j, k);
          if (v == 0) {
            continue; // padding
          }
          kept++;
          int src = (int) v - 1; // index image: value = linear index + 1
          int si = src % x;
          int sj = (src / x) % y;
          int sk = src / (x * y);
          assertArrayEquals(A.apply(si, sj, sk), oa.apply(i, j, k), 1e-9);
          assertEquals(in.labelMap("label").get(si, sj, sk), out.labelMap("label").get(i, j, k));
        }
      }
    }
    assertEquals(Math.min(x, tx) * Math.min(y, ty) * Math.min(z, tz), kept);
  }

  @Property(tries = 200)
  void padThenCropEqualsCropThenPad(
      @ForAll @IntRange(min = 1, max = 9) int x,
      @ForAll @IntRange(min = 1, max = 9) int y,
      @ForAll @IntRange(min = 1, max = 9) int z,
      @ForAll @IntRange(min = 1, max = 9) int tx,
      @ForAll @IntRange(min = 1, max = 9) int ty,
      @ForAll @IntRange(min = 1, max = 9) int tz) {
    Subject in = subject(x, y, z);
    CropOrPad.Plan plan = CropOrPad.centrePlan(in.shape(), Shape.of(tx, ty, tz));
    Pad pad = Pad.builder().padding(plan.padding()).mode(PaddingMode.EDGE).build();
    Crop crop = Crop.builder().cropping(plan.cropping()).build();
    Subject a = crop.apply(pad.apply(in));
    Subject b = pad.apply(crop.apply(in));
    Subject c = CropOrPad.builder().target(tx, ty, tz).mode(PaddingMode.EDGE).build().apply(in);
    assertArrayEquals(a.scalarImage("ct").voxels(), b.scalarImage("ct").voxels());
    assertArrayEquals(a.scalarImage("ct").voxels(), c.scalarImage("ct").voxels());
    assertArrayEquals(a.labelMap("label").labels(), b.labelMap("label").labels());
    assertTrue(a.affine().isClose(b.affine(), 1e-9));
    assertTrue(a.affine().isClose(c.affine(), 1e-9));
  }

  @Property(tries = 200)
  void inverseRestoresShapeAffineAndKeptVoxels(
      @ForAll @IntRange(min = 1, max = 9) int x,
      @ForAll @IntRange(min = 1, max = 9) int y,
      @ForAll @IntRange(min = 1, max = 9) int z,
      @ForAll @IntRange(min = 1, max = 9) int tx,
      @ForAll @IntRange(min = 1, max = 9) int ty,
      @ForAll @IntRange(min = 1, max = 9) int tz) {
    Subject in = subject(x, y, z);
    Subject out = CropOrPad.builder().target(tx, ty, tz).mode("wrap").build().apply(in);
    Subject back = Transforms.inverse(out);
    assertEquals(in.shape(), back.shape());
    assertEquals(A, back.affine());
    assertEquals(A, back.image("label").affine());
    float[] orig = in.scalarImage("ct").voxels();
    float[] got = back.scalarImage("ct").voxels();
    CropOrPad.Plan plan = CropOrPad.centrePlan(in.shape(), Shape.of(tx, ty, tz));
    for (int k = 0; k < z; k++) {
      for (int j = 0; j < y; j++) {
        for (int i = 0; i < x; i++) {
          boolean keptVoxel =
              inside(i, x, plan.cropping(), 0)
                  && inside(j, y, plan.cropping(), 1)
                  && inside(k, z, plan.cropping(), 2);
          int idx = in.shape().index(i, j, k);
          assertEquals(keptVoxel ? orig[idx] : 0f, got[idx]);
        }
      }
    }
  }

  private static boolean inside(int v, int n, Bounds crop, int axis) {
    return v >= crop.ini(axis) && v < n - crop.fin(axis);
  }

  @Property(tries = 200)
  void maskModeKeepsTheWholeBoxWhenTheTargetHoldsIt(
      @ForAll @IntRange(min = 0, max = 7) int x0,
      @ForAll @IntRange(min = 1, max = 4) int w,
      @ForAll @IntRange(min = 0, max = 7) int y0,
      @ForAll @IntRange(min = 1, max = 4) int h,
      @ForAll @IntRange(min = 0, max = 6) int extraX,
      @ForAll @IntRange(min = 0, max = 6) int extraY) {
    Shape shape = Shape.of(12, 12, 2);
    byte[] m = new byte[shape.voxelsAsInt()];
    for (int j = y0; j < Math.min(y0 + h, 12); j++) {
      for (int i = x0; i < Math.min(x0 + w, 12); i++) {
        m[shape.index(i, j, 1)] = 1;
      }
    }
    Subject in =
        Subject.builder("m")
            .image("ct", TestSubjects.indexImage(shape, A))
            .image("mask", LabelMap.of(new ImageGeometry(shape, 1, A), m))
            .build();
    int tx = w + extraX;
    int ty = h + extraY;
    Subject out = CropOrPad.builder().target(tx, ty, 3).mask("mask").build().apply(in);
    assertEquals(Shape.of(tx, ty, 3), out.shape());
    long inside = out.labelMap("mask").histogram()[1];
    assertEquals(in.labelMap("mask").histogram()[1], inside);
  }
}
