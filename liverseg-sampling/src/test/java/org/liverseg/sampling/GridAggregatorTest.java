package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.liverseg.io.Box;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.sampling.GridAggregator.Mode;
import org.liverseg.transforms.spatial.PaddingMode;

class GridAggregatorTest {

  private static final Shape SHAPE = new Shape(40, 30, 20);

  private static GridSampler grid(boolean padded) {
    return new GridSampler(
        TestSubjects.scalar("g", SHAPE, 1),
        new Shape(16, 12, 8),
        new int[] {4, 2, 2},
        padded ? PaddingMode.ZERO : null);
  }

  private static List<Box> locations(List<Patch> batch) {
    return batch.stream().map(Patch::location).toList();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void identityWithAndWithoutPaddingForEveryMode(Mode mode) {
    for (boolean padded : new boolean[] {false, true}) {
      GridSampler grid = grid(padded);
      GridAggregator agg = new GridAggregator(grid, mode);
      for (List<Patch> batch : grid.batches(3)) {
        agg.add(BatchCollator.collate(batch, "ct"), locations(batch));
      }
      float[] in = grid.originalSubject().scalarImage("ct").voxels();
      float[] out = agg.output().voxels();
      for (int i = 0; i < in.length; i++) {
        assertEquals(
            in[i], out[i], mode == Mode.CROP ? 0 : 1e-6f * Math.max(1, in[i]), "voxel " + i);
      }
      assertEquals(grid.originalSubject().affine(), agg.output().affine());
    }
  }

  @Test
  void hannWindowIsTorchesSymmetricWindowWithoutZeroEnds() {
    float[] w = GridAggregator.weights(Mode.HANN, 5);
    // torch.hann_window(7, periodic=False)[1:-1] = [0.25, 0.75, 1, 0.75, 0.25]
    float[] expected = {0.25f, 0.75f, 1f, 0.75f, 0.25f};
    for (int t = 0; t < 5; t++) {
      assertEquals(expected[t], w[t], 1e-7f);
    }
  }

  @Test
  void rejectsUnknownRepeatedAndMissingPatches() {
    GridSampler grid = grid(false);
    GridAggregator agg = new GridAggregator(grid, Mode.AVERAGE);
    int pv = grid.patchSize().voxelsAsInt();
    Box first = grid.locations().get(0);
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> agg.add(new float[pv], List.of(Box.of(1, 0, 0, grid.patchSize()))));
    assertTrue(
        unknown.getMessage().startsWith("location (1, 0, 0, 17, 12, 8) is not one of the"),
        unknown.getMessage());
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class,
            () -> agg.add(new float[pv], List.of(new Box(0, 0, 0, 4, 4, 4))));
    assertEquals(
        "patch at (0, 0, 0, 4, 4, 4) has size 4x4x4 but the grid's patch size is 16x12x8",
        size.getMessage());
    IllegalArgumentException length =
        assertThrows(
            IllegalArgumentException.class, () -> agg.add(new float[pv + 1], List.of(first)));
    assertTrue(
        length.getMessage().startsWith("batch of " + (pv + 1) + " values does not hold 1 patches"));
    agg.add(new float[pv], List.of(first));
    IllegalArgumentException twice =
        assertThrows(IllegalArgumentException.class, () -> agg.add(new float[pv], List.of(first)));
    assertEquals("patch at " + first + " was already added", twice.getMessage());
    IllegalArgumentException channels =
        assertThrows(
            IllegalArgumentException.class,
            () -> agg.add(new float[2 * pv], List.of(grid.locations().get(1))));
    assertEquals("batch has 2 channels but earlier batches had 1", channels.getMessage());
    IllegalStateException missing = assertThrows(IllegalStateException.class, agg::output);
    assertTrue(
        missing.getMessage().startsWith("only 1 of the " + grid.size() + " patches"),
        missing.getMessage());
  }

  @Test
  void addAfterOutputIsRejected() {
    GridSampler grid = grid(true);
    GridAggregator agg = new GridAggregator(grid, Mode.CROP);
    for (List<Patch> batch : grid.batches(grid.size())) {
      agg.add(BatchCollator.collate(batch, "ct"), locations(batch));
    }
    agg.output();
    assertThrows(
        IllegalStateException.class, () -> agg.add(new float[1], List.of(grid.locations().get(0))));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void allocatesOneVolumePerOutputChannelAndNothingVolumeSized(Mode mode) {
    Shape shape = new Shape(96, 96, 64);
    Subject s = TestSubjects.scalar("m", shape, 2);
    GridSampler grid = new GridSampler(s, Shape.cube(32), new int[] {8}, PaddingMode.ZERO);
    List<List<Patch>> batches = grid.batches(4);
    float[][] inputs =
        batches.stream().map(b -> BatchCollator.collate(b, "ct")).toArray(float[][]::new);
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(tid);
    GridAggregator agg = new GridAggregator(grid, mode);
    for (int b = 0; b < batches.size(); b++) {
      agg.add(inputs[b], locations(batches.get(b)));
    }
    ScalarImage out = agg.output();
    long allocated = bean.getThreadAllocatedBytes(tid) - before;
    long volumeBytes = 4L * shape.voxels();
    assertEquals(2, out.channels());
    assertTrue(
        allocated < 2 * volumeBytes + volumeBytes / 20,
        "allocated "
            + allocated
            + " bytes for 2 output channels of "
            + volumeBytes
            + " bytes each");
  }
}
