package org.liverseg.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelZooTest {

  private static final PreprocessingSpec PRE =
      PreprocessingSpec.of(new int[] {96, 96, 48}, -100, 250, new int[] {32, 32, 32}, 3);

  @Test
  void entriesHaveTheirFilters() {
    assertArrayEquals(new int[] {8, 16, 32}, ModelZoo.CPU_SMALL.unet().filters());
    assertEquals(UNet3D.Norm.BATCH, ModelZoo.CPU_SMALL_BN.unet().norm());
    assertArrayEquals(new int[] {16, 32, 64, 128}, ModelZoo.BENCHMARK.unet().filters());
    assertArrayEquals(new int[] {32, 64, 128, 256}, ModelZoo.COURSE.unet().filters());
    assertEquals(ModelZoo.COURSE, ModelZoo.byName("liverseg-course"));
    var e = assertThrows(IllegalArgumentException.class, () -> ModelZoo.byName("nope"));
    assertTrue(e.getMessage().contains("liverseg-cpu-small"), e.getMessage());
  }

  @Test
  void loadChecksTheModelName(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("m.zip");
    ModelFiles.save(ModelZoo.CPU_SMALL.unet().build(), ModelZoo.CPU_SMALL.spec(PRE), f, false);
    assertEquals(PRE, ModelZoo.CPU_SMALL.load(f).spec().preprocessing());
    var e = assertThrows(IOException.class, () -> ModelZoo.CPU_SMALL_BN.load(f));
    assertTrue(e.getMessage().contains("liverseg-cpu-small"), e.getMessage());
  }
}
