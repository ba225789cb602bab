package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.prediction.LabelDecision;
import org.liverseg.models.task03.LiverTumourDecision;
import org.liverseg.models.training.TrainerState;

class ModelStoreTest {

  @Test
  void aModelFileHoldsTheConfigurationAndTheTrainerState(@TempDir Path dir) throws IOException {
    RunConfig config = RunConfig.tiny();
    ComputationGraph net = ModelStore.build(config, 10);
    Path file = dir.resolve("model.zip");
    TrainerState state = new TrainerState(3, 12, 0.625, 2, 1);
    ModelStore.savingAfterEveryEpoch(config, file).checkpoint(net, state);
    ModelStore.Loaded loaded = ModelStore.load(file);
    assertEquals(config, loaded.config());
    assertEquals(state, loaded.state());
    assertEquals(3, loaded.epoch());
    assertEquals(12, loaded.iterations());
    assertEquals(ModelStore.spec(config), loaded.spec());
    assertEquals(net.params(), loaded.network().params());
    // The same entry the trainer's own checkpoints use, so SegmentationTrainer.resumeFrom reads it
    // too.
    assertEquals(
        state,
        ModelFiles.gson()
            .fromJson(
                ModelFiles.readEntry(file, TrainerState.ENTRY).orElseThrow(), TrainerState.class));
  }

  @Test
  void modelFilesOfEarlierVersionsStillLoad(@TempDir Path dir) throws IOException {
    RunConfig config = RunConfig.tiny();
    Path file = dir.resolve("old.zip");
    ModelFiles.save(
        ModelStore.build(config, 10),
        ModelStore.spec(config),
        file,
        true,
        Map.of(
            ModelStore.CONFIG_ENTRY,
            RunConfigJson.toJson(config),
            ModelStore.STATE_ENTRY,
            "{\"epoch\": 4, \"iterations\": 20}"));
    ModelStore.Loaded loaded = ModelStore.load(file);
    assertEquals(4, loaded.epoch());
    assertEquals(20, loaded.iterations());
    assertTrue(Double.isNaN(loaded.state().bestScore()));

    ModelFiles.save(
        ModelStore.build(config, 10),
        ModelStore.spec(config),
        file,
        true,
        Map.of(
            ModelStore.CONFIG_ENTRY,
            RunConfigJson.toJson(config),
            ModelStore.STATE_ENTRY,
            "{\"epochs\": 4}"));
    IOException e = assertThrows(IOException.class, () -> ModelStore.load(file));
    assertTrue(e.getMessage().contains("invalid " + ModelStore.STATE_ENTRY), e.getMessage());
  }

  @Test
  void aTunedDecisionTravelsWithTheModelAndReplacesTunedAtPrediction(@TempDir Path dir)
      throws IOException {
    RunConfig config = RunConfig.tiny();
    assertEquals(RunConfig.Decision.TUNED, config.inference().decision());
    Path file = dir.resolve("model.zip");
    ComputationGraph net = ModelStore.build(config, 10);
    ModelStore.save(net, config, TrainerState.initial(), file);
    ModelStore.Loaded before = ModelStore.load(file);
    assertNull(before.tunedDecision());
    assertEquals(
        LabelDecision.argmax(), before.inference().labelDecision(), "not tuned yet: argmax");

    LiverTumourDecision chosen = new LiverTumourDecision(0.6, 100);
    ModelStore.save(net, config, TrainerState.initial(), chosen, file);
    ModelStore.Loaded after = ModelStore.load(file);
    assertEquals(
        config, after.config(), "the configuration stays tuned, so a resumed run tunes again");
    assertEquals(chosen, after.tunedDecision());
    assertEquals(chosen, after.inference().labelDecision());

    RunConfig fixed =
        config.toBuilder()
            .inference(config.inference().withDecision(new LiverTumourDecision(0.8, 0)))
            .build();
    ModelStore.save(net, fixed, TrainerState.initial(), chosen, file);
    assertEquals(
        new LiverTumourDecision(0.8, 0),
        ModelStore.load(file).inference().labelDecision(),
        "an explicit decision in the configuration wins");

    ModelFiles.save(
        net,
        ModelStore.spec(config),
        file,
        true,
        Map.of(
            ModelStore.CONFIG_ENTRY,
            RunConfigJson.toJson(config),
            ModelStore.DECISION_ENTRY,
            "{\"tumourThreshold\": 0.2}"));
    IOException e = assertThrows(IOException.class, () -> ModelStore.load(file));
    assertTrue(e.getMessage().contains("invalid " + ModelStore.DECISION_ENTRY), e.getMessage());
  }
}
