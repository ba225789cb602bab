package org.liverseg.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.models.zoo.ResEncUNet;
import org.liverseg.models.zoo.SegResNet;

class ModelZooTest {

  private static final PreprocessingSpec PRE =
      PreprocessingSpec.of(new int[] {96, 96, 48}, -100, 250, new int[] {32, 32, 32}, 3);

  @Test
  void entriesAreNamedDescribedAndBuildTheirArchitecture() {
    assertEquals(List.of("unet", "attention-unet", "resenc-unet", "segresnet"), ModelZoo.names());
    assertEquals(ModelZoo.DEFAULT, ModelZoo.entries().get(0).name());
    for (ModelZoo.Entry e : ModelZoo.entries()) {
      assertFalse(e.description().isBlank(), e.name());
      Architecture a = e.architecture();
      assertEquals(e.name(), a.name());
      assertEquals(a.parameterCount(), a.newNetwork().numParams(), e.name());
    }
    assertTrue(((UNet3D) ModelZoo.entry("attention-unet").architecture()).attention());
    assertEquals(Norm.BATCH, ((UNet3D) ModelZoo.entry("attention-unet").architecture()).norm());
    var e = assertThrows(IllegalArgumentException.class, () -> ModelZoo.entry("nope"));
    assertTrue(e.getMessage().contains("\"nope\"") && e.getMessage().contains("segresnet"));
  }

  /** What a model file records rebuilds the same network, for every entry and a variant of each. */
  @Test
  void parametersRebuildTheSameConfiguration() {
    List<Architecture> variants =
        List.of(
            UNet3D.builder()
                .filters(4, 8, 16, 32)
                .deepSupervision(true)
                .classes(2)
                .classWeights(1, 5)
                .build(),
            UNet3D.builder().attention(true).norm(Norm.INSTANCE).inputChannels(2).build(),
            ResEncUNet.builder()
                .widths(4, 8, 16)
                .blocksPerStage(1, 2, 1)
                .decoderConvs(2, 1)
                .build(),
            ResEncUNet.builder().norm(Norm.BATCH).deepSupervision(true).build(),
            SegResNet.builder().widths(4, 8, 16).groups(2).blocksUp(2, 1).build());
    for (Architecture a : variants) {
      Architecture back = ModelZoo.builder(a.spec()).build();
      assertEquals(a.parameters(), back.parameters(), a.toString());
      assertEquals(a.configuration(), back.configuration(), a.toString());
      assertEquals(a.toString(), a.toBuilder().build().toString());
    }
  }

  @Test
  void badParametersAreRejectedNamingTheKey() {
    JsonObject unknown = new JsonObject();
    unknown.addProperty("filterz", 3);
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> ModelZoo.builder("unet").parameters(unknown));
    assertTrue(
        e.getMessage().contains("filterz") && e.getMessage().contains("widths"), e.getMessage());
    JsonObject bad = new JsonObject();
    bad.addProperty("norm", "LAYER");
    var e2 =
        assertThrows(
            IllegalArgumentException.class, () -> ModelZoo.builder("segresnet").parameters(bad));
    assertTrue(
        e2.getMessage().contains("\"norm\"") && e2.getMessage().contains("GROUP"), e2.getMessage());
    var e3 =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelZoo.builder("segresnet").deepSupervision(true));
    assertTrue(e3.getMessage().contains("segresnet"), e3.getMessage());
    var e4 =
        assertThrows(
            IllegalArgumentException.class, () -> ModelZoo.builder("unet").norm(Norm.GROUP));
    assertTrue(e4.getMessage().contains("GROUP"), e4.getMessage());
  }

  @Test
  void modelFilesRecordTheArchitectureAndLoadChecksIt(@TempDir Path dir) throws IOException {
    Architecture a = ResEncUNet.builder().widths(2, 4).blocksPerStage(1, 1).build();
    Path f = dir.resolve("m.zip");
    ModelFiles.save(a.newNetwork(), ModelSpec.of("tiny", a, PRE), f, false);
    ModelFiles.Loaded back = ModelFiles.load(f, false);
    assertEquals(a.spec(), back.spec().network());
    assertEquals(a.parameters(), back.architecture().orElseThrow().parameters());
    // a file whose recorded architecture is not its network
    Architecture other = ResEncUNet.builder().widths(2, 4).blocksPerStage(1, 2).build();
    Path g = dir.resolve("g.zip");
    ModelFiles.save(a.newNetwork(), ModelSpec.of("tiny", other, PRE), g, false);
    var e = assertThrows(IOException.class, () -> ModelFiles.load(g, false));
    assertTrue(e.getMessage().contains("not the recorded architecture"), e.getMessage());
  }
}
