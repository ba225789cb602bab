package org.liverseg.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.intensity.Clamp;
import org.liverseg.transforms.intensity.RescaleIntensity;
import org.liverseg.transforms.spatial.Crop;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.Pad;
import org.liverseg.transforms.spatial.Resample;

/** The short factories are exactly their builders. */
class FactoriesTest {

  private final Subject subject =
      Subject.builder("s")
          .image("ct", TestSubjects.randomImage(Shape.of(9, 8, 7), TestSubjects.obliqueAffine(), 3))
          .image(
              "label",
              TestSubjects.randomLabels(Shape.of(9, 8, 7), TestSubjects.obliqueAffine(), 2, 4))
          .build();

  private void assertSameResult(Transform factory, Transform builder) {
    Subject a = factory.apply(subject);
    Subject b = builder.apply(subject);
    assertEquals(b.shape(), a.shape());
    assertTrue(b.affine().isClose(a.affine(), 0), a.affine() + " vs " + b.affine());
    assertArrayEquals(b.scalarImage("ct").voxels(), a.scalarImage("ct").voxels());
    assertArrayEquals(b.labelMap("label").labels(), a.labelMap("label").labels());
    AppliedTransform ra = (AppliedTransform) a.history().get(0);
    AppliedTransform rb = (AppliedTransform) b.history().get(0);
    assertEquals(rb.name(), ra.name());
    assertEquals(rb.parameters(), ra.parameters());
  }

  @Test
  void eachFactoryIsItsBuilder() {
    assertSameResult(CropOrPad.to(12, 6, 7), CropOrPad.builder().target(12, 6, 7).build());
    assertSameResult(CropOrPad.to(Shape.of(5, 9, 7)), CropOrPad.builder().target(5, 9, 7).build());
    assertSameResult(Clamp.of(-20, 40), Clamp.builder().min(-20).max(40).build());
    assertSameResult(
        RescaleIntensity.to(-1, 1), RescaleIntensity.builder().outMinMax(-1, 1).build());
    assertSameResult(Pad.of(1, 2, 3), Pad.builder().padding(1, 2, 3).build());
    assertSameResult(Crop.of(1, 0, 2, 1, 0, 3), Crop.builder().cropping(1, 0, 2, 1, 0, 3).build());
    assertSameResult(Resample.to(2, 1.5, 3), Resample.builder().spacing(2, 1.5, 3).build());
    assertEquals(Shape.of(12, 6, 7), CropOrPad.to(12, 6, 7).target().orElseThrow());
  }

  @Test
  void factoriesCheckTheirArgumentsAsTheBuildersDo() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Clamp.of(400, -100));
    assertEquals("Clamp: min 400.0 is above max -100.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CropOrPad.to(0, 4, 4));
    assertThrows(IllegalArgumentException.class, () -> RescaleIntensity.to(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Pad.of(1, 2));
    assertThrows(IllegalArgumentException.class, () -> Crop.of(-1));
    assertThrows(IllegalArgumentException.class, () -> Resample.to(1, 2));
  }
}
