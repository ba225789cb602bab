package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Box;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.spatial.PaddingMode;

class GridSamplerTest {

  private static Subject labelsOnly(Shape shape) {
    return Subject.builder("s1").image("label", TestSubjects.labels(shape, i -> 0)).build();
  }

  @Test
  void design62ExampleWithoutPadding() {
    GridSampler grid = new GridSampler(labelsOnly(new Shape(256, 256, 100)), 96, 16, null);
    assertArrayEquals(new int[] {0, 80, 160}, grid.starts(0));
    assertArrayEquals(new int[] {0, 80, 160}, grid.starts(1));
    assertArrayEquals(new int[] {0, 4}, grid.starts(2));
    assertEquals(18, grid.size());
    assertEquals(new Box(0, 0, 0, 96, 96, 96), grid.locations().get(0));
    assertEquals(new Box(0, 0, 4, 96, 96, 100), grid.locations().get(1));
    assertEquals(new Box(0, 80, 0, 96, 176, 96), grid.locations().get(2));
    assertEquals(new Box(160, 160, 4, 256, 256, 100), grid.locations().get(17));
    assertFalse(grid.isPadded());
  }

  @Test
  void design62ExampleWithPadding() {
    Subject s = labelsOnly(new Shape(256, 256, 100));
    GridSampler grid = new GridSampler(s, 96, 16, PaddingMode.ZERO);
    assertEquals(new Shape(272, 272, 116), grid.subject().shape());
    assertArrayEquals(new int[] {0, 80, 160, 176}, grid.starts(0));
    assertArrayEquals(new int[] {0, 80, 160, 176}, grid.starts(1));
    assertArrayEquals(new int[] {0, 20}, grid.starts(2));
    assertEquals(32, grid.size());
    assertEquals(new Box(176, 176, 20, 272, 272, 116), grid.locations().get(31));
    // Pad moves the origin so that voxel (8, 8, 8) of the padded grid is voxel 0 of the input.
    assertTrue(grid.subject().affine().isClose(s.affine().shiftedBy(-8, -8, -8), 1e-9));
    assertEquals(s, grid.originalSubject());
  }

  @Test
  void patchLargerThanVolumeIsReportedFirst() {
    // All three rules are broken; TorchIO reports the size first.
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new GridSampler(
                    labelsOnly(new Shape(10, 20, 20)), new Shape(12, 8, 8), new int[] {13, 3, 3}));
    assertEquals(
        "GridSampler: patch size 12x8x8 cannot be larger than the volume size 10x20x20"
            + " (along x: 12 > 10)",
        e.getMessage());
  }

  @Test
  void patchLargerThanPaddedVolumeNamesThePaddedSize() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new GridSampler(
                    labelsOnly(new Shape(10, 20, 20)),
                    new Shape(14, 8, 8),
                    new int[] {2},
                    PaddingMode.ZERO));
    assertEquals(
        "GridSampler: patch size 14x8x8 cannot be larger than the padded volume size 12x22x22"
            + " (along x: 14 > 12)",
        e.getMessage());
  }

  @Test
  void overlapNotSmallerThanPatchIsReportedBeforeOddOverlap() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new GridSampler(
                    labelsOnly(new Shape(20, 20, 20)), new Shape(8, 8, 8), new int[] {3, 8, 2}));
    assertEquals(
        "GridSampler: patch overlap 3x8x2 must be smaller than the patch size 8x8x8 on every axis"
            + " (along y: 8 >= 8)",
        e.getMessage());
  }

  @Test
  void oddOverlapIsReported() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new GridSampler(
                    labelsOnly(new Shape(20, 20, 20)), new Shape(8, 8, 8), new int[] {2, 4, 5}));
    assertEquals(
        "GridSampler: patch overlap must be even on every axis, got 2x4x5 (odd along z)",
        e.getMessage());
  }

  @Test
  void negativeOverlapIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new GridSampler(labelsOnly(new Shape(20, 20, 20)), new Shape(8, 8, 8), new int[] {-2}));
  }

  @Test
  void patchesAreViewsOfThePaddedSubjectInLocationOrder() {
    GridSampler grid =
        new GridSampler(
            labelsOnly(new Shape(20, 12, 9)), new Shape(8, 8, 8), new int[] {2}, PaddingMode.EDGE);
    List<Patch> patches = grid.patches();
    assertEquals(grid.size(), patches.size());
    for (int t = 0; t < patches.size(); t++) {
      assertEquals(grid.locations().get(t), patches.get(t).location());
      assertTrue(patches.get(t).subject() == grid.subject());
    }
    List<List<Patch>> batches = grid.batches(4);
    assertEquals((grid.size() + 3) / 4, batches.size());
    assertEquals(grid.locations().get(4), batches.get(1).get(0).location());
  }
}
