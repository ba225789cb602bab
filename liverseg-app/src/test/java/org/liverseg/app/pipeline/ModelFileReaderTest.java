package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.task03.CropOrPadModel;
import org.liverseg.models.task03.LiverTumourDecision;
import org.liverseg.models.training.TrainerState;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;

/**
 * The library's model reader ({@link CropOrPadModel}, which {@code predict} and liverseg-spark use)
 * sees in a file the app writes exactly the run's settings, and segments as the pipeline does.
 */
class ModelFileReaderTest {

  @Test
  void theLibraryReaderSeesTheRunsSettingsAndSegmentsAsThePipeline(@TempDir Path dir)
      throws IOException {
    RunConfig config = RunConfig.tiny().toBuilder().threads(2).build();
    ComputationGraph net = ModelStore.build(config, 10);
    Path file = dir.resolve("model.zip");
    LiverTumourDecision chosen = new LiverTumourDecision(0.6, 3);
    ModelStore.save(net, config, TrainerState.initial(), chosen, file);

    CropOrPadModel m = CropOrPadModel.load(file);
    RunConfig.Preprocess p = config.preprocess();
    assertEquals(
        new CropOrPadModel.Preprocess(
            p.targetShape(), p.clampMin(), p.clampMax(), p.rescaleMin(), p.rescaleMax()),
        m.preprocess());
    RunConfig.Inference i = ModelStore.load(file).inference();
    assertEquals(
        new CropOrPadModel.Inference(
            i.patchOverlap(),
            i.batchSize(),
            i.aggregation().mode(),
            i.keepLargestLiverComponent(),
            chosen),
        m.inference());
    assertEquals(config.sampling().patchSize(), m.patchSize());
    assertEquals(2, m.threads());

    Subject s =
        PhantomGenerator.builder().size(PhantomSize.TINY).seed(3).threads(1).build().generate(0);
    Subject scan =
        Subject.builder("c").image(MsdDataset.IMAGE, s.scalarImage(PhantomGenerator.CT)).build();
    PredictStep step =
        new PredictStep(
            config.preprocess(),
            PredictStep.predictor(net, config.sampling().patchSize(), i, i.batchSize()));
    assertArrayEquals(step.predict(scan).labels(), m.segment(scan).labels());
  }
}
