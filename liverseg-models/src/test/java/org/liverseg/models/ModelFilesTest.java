package org.liverseg.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelFilesTest {

  private static final PreprocessingSpec PRE =
      PreprocessingSpec.of(new int[] {96, 96, 48}, -100, 250, new int[] {32, 32, 32}, 3);

  @Test
  void roundTripKeepsWeightsUpdaterStateAndSpec(@TempDir Path dir) throws IOException {
    UNet3D u = UNet3D.builder().filters(2, 4).norm(Norm.BATCH).build();
    ComputationGraph net = u.newNetwork();
    INDArray x = Nd4j.rand(DataType.FLOAT, 1, 1, 4, 4, 4);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 3, 4, 4, 4);
    y.get(
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.point(1))
        .assign(1);
    net.fit(new INDArray[] {x}, new INDArray[] {y});
    ModelSpec spec = new ModelSpec("tiny", u.toString(), PRE);
    Path f = dir.resolve("sub/model.zip");
    ModelFiles.save(net, spec, f, true, Map.of("liverseg-extra.json", "{\"epoch\": 3}"));

    ModelFiles.Loaded back = ModelFiles.load(f, true);
    assertEquals(spec, back.spec());
    assertEquals(net.params(), back.network().params());
    assertEquals(
        net.getUpdater().getStateViewArray(), back.network().getUpdater().getStateViewArray());
    assertEquals(net.outputSingle(x), back.network().outputSingle(x));
    assertEquals("{\"epoch\": 3}", ModelFiles.readEntry(f, "liverseg-extra.json").orElseThrow());
    try (var files = Files.list(f.getParent())) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void replacingAnExistingFileLeavesAValidModel(@TempDir Path dir) throws IOException {
    ComputationGraph net = UNet3D.builder().filters(2).build().newNetwork();
    Path f = dir.resolve("m.zip");
    ModelSpec spec = new ModelSpec("a", "x", PRE);
    ModelFiles.save(net, spec, f, false);
    ModelFiles.save(net, new ModelSpec("b", "x", PRE), f, false);
    assertEquals("b", ModelFiles.readSpec(f).name());
  }

  @Test
  void aSaveThatFailsHalfwayLeavesThePreviousFileIntact(@TempDir Path dir) throws IOException {
    ComputationGraph net = UNet3D.builder().filters(2).build().newNetwork();
    Path f = dir.resolve("m.zip");
    ModelFiles.save(net, new ModelSpec("old", "x", PRE), f, false);
    // The bad entry name fails after the network was already written to the temporary file.
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ModelFiles.save(
                net, new ModelSpec("new", "x", PRE), f, false, Map.of("a/b.json", "{}")));
    assertEquals("old", ModelFiles.load(f, false).spec().name());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "the temporary file is removed");
    }
  }

  @Test
  void anotherPreprocessingIsRefusedNamingTheDifferences() {
    ModelSpec spec = new ModelSpec("m", "x", PRE);
    spec.requireCompatible(
        PreprocessingSpec.of(new int[] {96, 96, 48}, -100, 250, new int[] {32, 32, 32}, 3));
    var e =
        assertThrows(
            IllegalStateException.class,
            () ->
                spec.requireCompatible(
                    PreprocessingSpec.of(
                        new int[] {96, 96, 48}, -200, 250, new int[] {48, 48, 48}, 3)));
    assertTrue(e.getMessage().contains("[-100.0, 250.0] vs [-200.0, 250.0]"), e.getMessage());
    assertTrue(e.getMessage().contains("patchSize [32, 32, 32] vs [48, 48, 48]"), e.getMessage());
  }

  @Test
  void aPlainDl4jZipIsNotTakenForAModel(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("plain.zip");
    ModelSerializer.writeModel(UNet3D.builder().filters(2).build().newNetwork(), f.toFile(), false);
    var e = assertThrows(IOException.class, () -> ModelFiles.load(f, false));
    assertTrue(e.getMessage().contains(ModelFiles.SPEC_ENTRY), e.getMessage());
  }

  @Test
  void invalidSpecsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PreprocessingSpec.of(new int[] {96, 96, 48}, 250, -100, new int[] {32, 32, 32}, 3));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PreprocessingSpec.of(new int[] {96, 0, 48}, -100, 250, new int[] {32, 32, 32}, 3));
    assertTrue(e.getMessage().contains("[96, 0, 48]"), e.getMessage());
  }
}
