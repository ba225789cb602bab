package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TestSubjects;
import org.liverseg.transforms.Transforms;

class PadCropTest {

  private static float[] floats(String s) {
    double[] d = Arrays.stream(s.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @Test
  void everyModeMatchesNumpyOn3dVolume() throws IOException {
    List<String> lines = PaddingModeTest.fixture("numpy_pad_3d.txt");
    Affine a = TestSubjects.obliqueAffine();
    ScalarImage in = ScalarImage.of(Shape.of(4, 3, 2), a, floats(lines.get(0).split(" : ")[1]));
    Bounds pads = Bounds.of(2, 1, 0, 3, 1, 1);
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(" : ");
      ScalarImage out = (ScalarImage) Pad.pad(in, pads, PaddingMode.parse(parts[0]));
      assertEquals(Shape.of(7, 6, 4), out.shape());
      float[] expected = floats(parts[1]);
      // numpy's float32 mean differs from ours (double) in the last bit at most
      assertArrayEquals(expected, out.voxels(), parts[0].equals("mean") ? 1e-4f : 0f, parts[0]);
      assertTrue(out.affine().isClose(a.shiftedBy(-2, 0, -1), 0), parts[0]);
    }
  }

  @Test
  void padMovesOriginSoInputVoxelsKeepTheirWorldPosition() {
    Affine a = Affine.diagonal(-0.8, -0.9, 2.5).withOrigin(10, -20, 30);
    Image out =
        Pad.pad(
            TestSubjects.indexImage(Shape.of(3, 3, 3), a),
            Bounds.of(2, 0, 1, 0, 0, 3),
            PaddingMode.ZERO);
    assertArrayEquals(new double[] {10 + 1.6, -20 + 0.9, 30}, out.origin(), 1e-12);
    assertEquals(Shape.of(5, 4, 6), out.shape());
    assertEquals(1f, out.valueAt(0, 2, 1, 0));
    assertEquals(0f, out.valueAt(0, 1, 1, 0));
  }

  @Test
  void labelMapsGetValidLabelsOnly() {
    LabelMap l = TestSubjects.randomLabels(Shape.of(2, 2, 2), Affine.identity(), 2, 1);
    LabelMap air = (LabelMap) Pad.pad(l, Bounds.of(1), PaddingMode.constant(-1000));
    assertEquals(0f, air.valueAt(0, 0, 0, 0));
    LabelMap three = (LabelMap) Pad.pad(l, Bounds.of(1), PaddingMode.constant(3));
    assertEquals(3f, three.valueAt(0, 0, 0, 0));
  }

  @Test
  void multiChannelImagesArePaddedPerChannel() {
    float[] v = {1, 2, 3, 4};
    ScalarImage two =
        ScalarImage.of(
            new org.liverseg.io.ImageGeometry(Shape.of(2, 1, 1), 2, Affine.identity()), v);
    ScalarImage out = (ScalarImage) Pad.pad(two, Bounds.of(1, 0, 0, 0, 0, 0), PaddingMode.EDGE);
    assertArrayEquals(new float[] {1, 1, 2, 3, 3, 4}, out.voxels());
  }

  @Test
  void cropMovesOriginAndRejectsCroppingEverything() {
    Affine a = TestSubjects.obliqueAffine();
    Image in = TestSubjects.indexImage(Shape.of(5, 4, 3), a);
    Image out = Crop.crop(in, Bounds.of(1, 2, 0, 1, 1, 0));
    assertEquals(Shape.of(2, 3, 2), out.shape());
    assertTrue(out.affine().isClose(a.shiftedBy(1, 0, 1), 0));
    assertEquals(in.valueAt(0, 1, 0, 1), out.valueAt(0, 0, 0, 0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Crop.crop(in, Bounds.of(3, 2, 0, 0, 0, 0)));
    assertTrue(e.getMessage().contains("axis 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Bounds.of(-1));
    assertThrows(IllegalArgumentException.class, () -> Bounds.of(1, 2));
  }

  @Test
  void padTransformRecordsAndInverts() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(4, 5, 3), TestSubjects.obliqueAffine());
    Subject padded = Pad.builder().padding(1, 2, 3).mode("reflect").build().apply(s);
    assertEquals(Shape.of(6, 9, 9), padded.shape());
    AppliedTransform r = (AppliedTransform) padded.history().get(0);
    assertEquals("Pad", r.name());
    assertEquals(List.of(1, 1, 2, 2, 3, 3), r.parameters().get("padding"));
    assertEquals("reflect", r.parameters().get("padding_mode"));
    Subject back = Transforms.inverse(padded);
    assertEquals(s.shape(), back.shape());
    assertEquals(s.affine(), back.affine());
    assertArrayEquals(s.scalarImage("ct").voxels(), back.scalarImage("ct").voxels());
    assertArrayEquals(s.labelMap("label").labels(), back.labelMap("label").labels());
    assertTrue(back.history().isEmpty());
  }

  @Test
  void cropTransformInverseFillsZeros() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(4, 5, 3), TestSubjects.obliqueAffine());
    Subject cropped = Crop.builder().cropping(1).build().apply(s);
    assertEquals(Shape.of(2, 3, 1), cropped.shape());
    Subject back = Transforms.inverse(cropped);
    assertEquals(s.affine(), back.affine());
    ScalarImage ct = back.scalarImage("ct");
    assertEquals(0f, ct.get(0, 0, 0));
    assertEquals(s.scalarImage("ct").get(1, 1, 1), ct.get(1, 1, 1));
  }
}
