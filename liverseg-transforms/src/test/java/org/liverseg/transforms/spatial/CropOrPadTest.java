package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TestSubjects;
import org.liverseg.transforms.Transforms;

class CropOrPadTest {

  @Test
  void designExampleCropsXPadsYAndMovesOrigin() {
    // docs/ARCHITECTURE.md 5.1: diag(-0.8, -0.9, 2.5), origin (10, -20, 30), (7,10,5) -> (4,13,5)
    Affine a = Affine.diagonal(-0.8, -0.9, 2.5).withOrigin(10, -20, 30);
    Subject s = TestSubjects.ctAndLabel(Shape.of(7, 10, 5), a);
    CropOrPad t = CropOrPad.builder().target(4, 13, 5).build();
    CropOrPad.Plan plan = t.plan(s);
    assertEquals(Bounds.of(0, 0, 2, 1, 0, 0), plan.padding());
    assertEquals(Bounds.of(2, 1, 0, 0, 0, 0), plan.cropping());
    Subject out = t.apply(s);
    assertEquals(Shape.of(4, 13, 5), out.shape());
    double[] o = out.affine().origin();
    assertArrayEquals(new double[] {10 - 1.6, -20 + 1.8, 30}, o, 1e-12);
    ScalarImage ct = out.scalarImage("ct");
    // output (0, 2, 0) is input (2, 0, 0); rows 0-1 and 12 of y are padding
    assertEquals(s.scalarImage("ct").get(2, 0, 0), ct.get(0, 2, 0));
    assertEquals(s.scalarImage("ct").get(5, 9, 4), ct.get(3, 11, 4));
    assertEquals(0f, ct.get(0, 1, 0));
    assertEquals(0f, ct.get(0, 12, 4));
    assertEquals(0f, out.labelMap("label").valueAt(0, 0, 0, 0));
  }

  @Test
  void oddAndEvenAmountsSplitCeilAtTheStart() {
    assertEquals(
        new CropOrPad.Plan(Bounds.of(2, 1, 4, 3, 0, 0), Bounds.NONE),
        CropOrPad.centrePlan(Shape.of(5, 5, 5), Shape.of(8, 12, 5)));
    assertEquals(
        new CropOrPad.Plan(Bounds.NONE, Bounds.of(2, 1, 4, 3, 1, 1)),
        CropOrPad.centrePlan(Shape.of(8, 12, 7), Shape.of(5, 5, 5)));
    assertEquals(
        new CropOrPad.Plan(Bounds.of(0, 0, 1, 0, 0, 0), Bounds.of(1, 0, 0, 0, 3, 3)),
        CropOrPad.centrePlan(Shape.of(6, 4, 10), Shape.of(5, 5, 4)));
  }

  @Test
  void onlyCropAndOnlyPadSkipTheOtherStep() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(7, 10, 5), Affine.identity());
    assertEquals(
        Shape.of(4, 10, 5),
        CropOrPad.builder().target(4, 13, 5).onlyCrop().build().apply(s).shape());
    assertEquals(
        Shape.of(7, 13, 5),
        CropOrPad.builder().target(4, 13, 5).onlyPad().build().apply(s).shape());
    assertThrows(
        IllegalArgumentException.class,
        () -> CropOrPad.builder().target(4, 13, 5).onlyPad().onlyCrop().build());
  }

  @Test
  void paddingModesApplyToEveryImage() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(3, 3, 3), Affine.identity());
    Subject out = CropOrPad.builder().target(5, 3, 3).mode(PaddingMode.MINIMUM).build().apply(s);
    assertEquals(1f, out.scalarImage("ct").get(0, 0, 0)); // index image minimum is 1
    Subject edge = CropOrPad.builder().target(5, 3, 3).mode("edge").build().apply(s);
    assertEquals(s.labelMap("label").get(0, 2, 2), edge.labelMap("label").get(0, 2, 2));
    assertEquals(s.scalarImage("ct").get(2, 1, 1), edge.scalarImage("ct").get(4, 1, 1));
  }

  private static Subject withMask(Shape shape, int[] box) {
    byte[] m = new byte[shape.voxelsAsInt()];
    for (int z = box[2]; z < box[5]; z++) {
      for (int y = box[1]; y < box[4]; y++) {
        for (int x = box[0]; x < box[3]; x++) {
          m[shape.index(x, y, z)] = (byte) ((x + y + z) % 2 == 0 ? 1 : 2);
        }
      }
    }
    Affine a = TestSubjects.obliqueAffine();
    return Subject.builder("m")
        .image("ct", TestSubjects.indexImage(shape, a))
        .image("mask", LabelMap.of(new ImageGeometry(shape, 1, a), m))
        .build();
  }

  @Test
  void maskModeCentresOnTheBoundingBox() {
    // x: box [2, 5) in 10, centre 3.5; target 4 even -> centre 3 -> [1, 5)
    // y: box [2, 5), target 3 odd -> centre stays 3.5 -> [2, 5)
    // z: box [0, 2), centre 1 integral, target 12 even -> [-5, 7): pad 5 at start, crop 3 at end
    Subject s = withMask(Shape.of(10, 10, 10), new int[] {2, 2, 0, 5, 5, 2});
    CropOrPad t = CropOrPad.builder().target(4, 3, 12).mask("mask").build();
    CropOrPad.Plan plan = t.plan(s);
    assertEquals(Bounds.of(0, 0, 0, 0, 5, 0), plan.padding());
    assertEquals(Bounds.of(1, 5, 2, 5, 0, 3), plan.cropping());
    Subject out = t.apply(s);
    assertEquals(Shape.of(4, 3, 12), out.shape());
    assertTrue(out.affine().isClose(s.affine().shiftedBy(1, 2, -5), 1e-12));
    assertEquals(s.scalarImage("ct").get(1, 2, 0), out.scalarImage("ct").get(0, 0, 5));
  }

  @Test
  void maskModeOddTargetIntegralCentreAndNoTarget() {
    // box [3, 7): centre 5 integral; target 3 odd -> centre 4.5 -> [3, 6)
    Subject s = withMask(Shape.of(10, 10, 10), new int[] {3, 3, 3, 7, 7, 7});
    assertEquals(
        Bounds.of(3, 4, 3, 4, 3, 4),
        CropOrPad.builder().target(3, 3, 3).mask("mask").build().plan(s).cropping());
    // no target: the bounding box itself
    Subject box = CropOrPad.builder().mask("mask").build().apply(s);
    assertEquals(Shape.of(4, 4, 4), box.shape());
    assertEquals(s.scalarImage("ct").get(3, 3, 3), box.scalarImage("ct").get(0, 0, 0));
  }

  @Test
  void maskLabelsSelectVoxels() {
    Shape shape = Shape.of(10, 1, 1);
    byte[] m = new byte[10];
    m[1] = 1;
    m[8] = 2;
    Subject s =
        Subject.builder("l")
            .image("ct", TestSubjects.indexImage(shape, Affine.identity()))
            .image("mask", LabelMap.of(shape, Affine.identity(), m))
            .build();
    assertEquals(Shape.of(8, 1, 1), CropOrPad.builder().mask("mask").build().apply(s).shape());
    Subject two = CropOrPad.builder().mask("mask").labels(2).build().apply(s);
    assertEquals(Shape.of(1, 1, 1), two.shape());
    assertEquals(9f, two.scalarImage("ct").get(0, 0, 0));
  }

  @Test
  void missingOrEmptyMaskFallsBackToCentreAndScalarMaskIsAnError() {
    Subject s = withMask(Shape.of(6, 6, 6), new int[] {0, 0, 0, 0, 0, 0});
    assertEquals(
        CropOrPad.centrePlan(s.shape(), Shape.of(4, 4, 4)),
        CropOrPad.builder().target(4, 4, 4).mask("mask").build().plan(s));
    assertEquals(
        CropOrPad.centrePlan(s.shape(), Shape.of(4, 4, 4)),
        CropOrPad.builder().target(4, 4, 4).mask("liver").build().plan(s));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CropOrPad.builder().target(4, 4, 4).mask("ct").build().apply(s));
    assertTrue(e.getMessage().contains("LabelMap"), e.getMessage());
    assertThrows(
        IllegalStateException.class, () -> CropOrPad.builder().mask("mask").build().apply(s));
    assertThrows(IllegalArgumentException.class, () -> CropOrPad.builder().build());
    assertThrows(IllegalArgumentException.class, () -> CropOrPad.builder().target(0, 4, 4));
    assertThrows(IllegalArgumentException.class, () -> CropOrPad.builder().target(-2, 4, 4));
  }

  @Test
  void inverseRestoresShapeAffineAndKeptVoxelsAlsoForALaterPrediction() {
    Affine a = TestSubjects.obliqueAffine();
    Subject s = TestSubjects.ctAndLabel(Shape.of(9, 6, 5), a);
    Subject pre = CropOrPad.builder().target(6, 9, 5).mode("edge").build().apply(s);
    // the prediction pipeline adds a label map on the preprocessed grid, then inverts
    LabelMap pred = TestSubjects.randomLabels(pre.shape(), pre.affine(), 2, 99);
    Subject withPred = pre.withImage("pred", pred);
    Subject back = Transforms.inverse(withPred);
    assertEquals(s.shape(), back.shape());
    assertEquals(a, back.affine());
    assertEquals(a, back.image("pred").affine());
    float[] ct = back.scalarImage("ct").voxels();
    float[] orig = s.scalarImage("ct").voxels();
    // x was cropped 2 + 1: x in [2, 8) kept, others 0
    for (int z = 0; z < 5; z++) {
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 9; x++) {
          int i = s.shape().index(x, y, z);
          assertEquals(x >= 2 && x < 8 ? orig[i] : 0f, ct[i]);
          if (x >= 2 && x < 8) {
            assertEquals(pred.get(x - 2, y + 2, z), back.labelMap("pred").get(x, y, z));
          }
        }
      }
    }
    AppliedTransform r = (AppliedTransform) pre.history().get(0);
    assertEquals(List.of(6, 9, 5), r.parameters().get("target_shape"));
  }
}
