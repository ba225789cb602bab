package org.liverseg.models.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Subject;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.Norm;
import org.liverseg.models.PreprocessingSpec;
import org.liverseg.models.UNet3D;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.metrics.CrossEntropy;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.models.task03.Task03;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.sampling.PatchQueue;

class SegmentationTrainerTest {

  private static final PreprocessingSpec PRE =
      PreprocessingSpec.of(
          new int[] {48, 48, 24}, Phantoms.LOW, Phantoms.HIGH, new int[] {24, 24, 16}, 3);

  private static ModelSpec spec(UNet3D u) {
    return new ModelSpec("tiny", u.toString(), PRE);
  }

  /** The acceptance test of the issue: a tiny U-Net on tiny phantoms learns liver and tumour. */
  @Test
  void tinyUNetLearnsLiverAndTumourOnTinyPhantoms(@TempDir Path dir) throws IOException {
    List<Subject> train = Phantoms.withTumours(0, 3);
    Subject val = Phantoms.withTumours(20, 1).get(0);
    // Batch norm: without it the same network needs about 3x the iterations before it predicts any
    // liver.
    UNet3D u =
        UNet3D.builder().filters(8, 16, 32).norm(Norm.BATCH).learningRate(3e-3).seed(1).build();
    ComputationGraph net = u.newNetwork();
    SegmentationPredictor predictor =
        SegmentationPredictor.builder()
            .network(net)
            .patchSize(Phantoms.PATCH)
            .overlap(8)
            .batchSize(4)
            .build();
    byte[] truth = val.labelMap(PhantomGenerator.LABEL).labels();
    var background = Dice.score("bg", truth, new byte[truth.length], 3);

    try (PatchQueue queue = Phantoms.queue(train, 8, 11);
        MetricsCsv csv = MetricsCsv.create(dir.resolve("m.csv"))) {
      SegmentationTrainer trainer =
          SegmentationTrainer.builder()
              .network(net)
              .spec(spec(u))
              .patches(queue)
              .batchSize(2)
              .epochs(5)
              .iterationsPerEpoch(12)
              .validation(List.of(val), predictor, 1)
              .checkpointDir(dir)
              .listener(csv)
              .build();
      List<EpochReport> r = trainer.fit();
      assertEquals(5, r.size());
      assertTrue(r.get(4).meanLoss() < 0.7 * r.get(0).meanLoss(), "loss " + r);
      // Validation Dice is noisy this early; the best epoch is what the best checkpoint keeps.
      double liver = r.stream().mapToDouble(EpochReport::liverDice).max().orElseThrow();
      double tumour = r.stream().mapToDouble(EpochReport::tumourDice).max().orElseThrow();
      assertTrue(liver > background.dice(Task03.LIVER) + 0.3, "liver Dice " + r);
      assertTrue(tumour > background.dice(Task03.TUMOUR) + 0.05, "tumour Dice " + r);
      assertTrue(Files.exists(dir.resolve(SegmentationTrainer.BEST)));
      double best =
          r.stream().mapToDouble(e -> (e.liverDice() + e.tumourDice()) / 2).max().orElseThrow();
      assertEquals(best, trainer.state().bestScore(), 1e-12);
    }
    List<String> rows = Files.readAllLines(dir.resolve("m.csv"));
    assertEquals(MetricsCsv.HEADER, rows.get(0));
    assertEquals(6, rows.size());
    assertEquals(
        List.of(12L, 24L, 36L, 48L, 60L),
        MetricsCsv.read(dir.resolve("m.csv")).stream().map(EpochReport::iterations).toList());
  }

  /**
   * What the listeners see: epoch starts, per-voxel losses, checkpoints, and reports with the
   * validation loss.
   */
  @Test
  void listenersSeeEveryStepAndTheLastEpochIsValidated() throws IOException {
    List<Subject> train = Phantoms.withTumours(0, 1);
    Subject val = Phantoms.withTumours(10, 1).get(0);
    UNet3D u =
        UNet3D.builder().filters(2, 2).classWeights(1, 1, 3).learningRate(1e-3).seed(4).build();
    ComputationGraph net = u.newNetwork();
    SegmentationPredictor predictor =
        SegmentationPredictor.builder()
            .network(net)
            .patchSize(Phantoms.PATCH)
            .overlap(8)
            .padding(null)
            .build();
    List<String> events = new ArrayList<>();
    TrainingProgressListener spy =
        new TrainingProgressListener() {
          @Override
          public void epochStarted(int epoch) {
            events.add("start " + epoch);
          }

          @Override
          public void iterationDone(int epoch, long iteration, double loss) {
            assertEquals(net.score() / Phantoms.PATCH.voxels(), loss, 0.0, "loss per voxel");
            events.add("it " + epoch + "/" + iteration);
          }

          @Override
          public void checkpoint(ComputationGraph network, TrainerState state) {
            assertSame(net, network);
            events.add("ckpt " + state.epochsDone() + "/" + state.iterations());
          }

          @Override
          public void epochDone(EpochReport r) {
            events.add("done " + r.epoch());
          }
        };
    // 3 patches per epoch in batches of 2: the short last batch is kept.
    try (PatchQueue q = Phantoms.queue(train, 3, 9)) {
      List<EpochReport> r =
          SegmentationTrainer.builder()
              .network(net)
              .spec(spec(u))
              .patches(q)
              .batchSize(2)
              .dropLastBatch(false)
              .epochs(2)
              .validation(List.of(val), predictor, 5)
              .classWeights(1, 1, 3)
              .listener(spy)
              .build()
              .fit();
      assertEquals(
          List.of(
              "start 1",
              "it 1/1",
              "it 1/2",
              "ckpt 1/2",
              "done 1",
              "start 2",
              "it 2/3",
              "it 2/4",
              "ckpt 2/4",
              "done 2"),
          events);
      assertEquals(List.of(2L, 4L), r.stream().map(EpochReport::iterations).toList());
      assertFalse(r.get(0).validated());
      assertTrue(Double.isNaN(r.get(0).validationLoss()) && Double.isNaN(r.get(0).liverDice()));
      assertTrue(
          r.get(1).validated(), "the last epoch is validated although 2 is not a multiple of 5");
      assertTrue(r.get(0).patchesPerSecond() > 0);

      SegmentationPredictor.Prediction p = predictor.predict(val);
      LabelMap truth = val.labelMap(PhantomGenerator.LABEL);
      assertEquals(
          CrossEntropy.weightedPerVoxel(p.probabilities(), truth, new double[] {1, 1, 3}),
          r.get(1).validationLoss(),
          0.0);
      CaseScores scores = Dice.score(val.id(), truth, p.labels(), 3);
      assertEquals(scores.dice(Task03.LIVER), r.get(1).liverDice(), 0.0);
      assertEquals(scores.dice(Task03.TUMOUR), r.get(1).tumourDice(), 0.0);
    }
  }

  /**
   * A checkpoint written by a listener, continued with resumeState, ends where an uninterrupted run
   * ends.
   */
  @Test
  void aListenerCheckpointResumesLikeLastZip(@TempDir Path dir) throws IOException {
    List<Subject> train = Phantoms.withTumours(0, 2);
    UNet3D u = UNet3D.builder().filters(4, 8).learningRate(1e-3).seed(2).build();
    ComputationGraph straight = u.newNetwork();
    try (PatchQueue q = Phantoms.queue(train, 2, 5)) {
      SegmentationTrainer.builder()
          .network(straight)
          .spec(spec(u))
          .patches(q)
          .batchSize(2)
          .epochs(2)
          .build()
          .fit();
    }
    Path own = dir.resolve("own-format.zip");
    TrainingProgressListener saver =
        new TrainingProgressListener() {
          @Override
          public void checkpoint(ComputationGraph network, TrainerState state) throws IOException {
            ModelFiles.save(
                network,
                spec(u),
                own,
                true,
                Map.of(
                    TrainerState.ENTRY,
                    ModelFiles.gson().toJson(state),
                    "my-run.json",
                    "{\"note\": 1}"));
          }
        };
    try (PatchQueue q = Phantoms.queue(train, 2, 5)) {
      SegmentationTrainer.builder()
          .network(u.newNetwork())
          .spec(spec(u))
          .patches(q)
          .batchSize(2)
          .epochs(1)
          .listener(saver)
          .build()
          .fit();
    }
    TrainerState saved =
        ModelFiles.gson()
            .fromJson(
                ModelFiles.readEntry(own, TrainerState.ENTRY).orElseThrow(), TrainerState.class);
    assertEquals(1, saved.epochsDone());
    try (PatchQueue q = Phantoms.queue(train, 2, 5)) {
      SegmentationTrainer t =
          SegmentationTrainer.builder()
              .network(ModelFiles.load(own, true).network())
              .spec(spec(u))
              .resumeState(saved)
              .patches(q)
              .batchSize(2)
              .epochs(2)
              .build();
      List<EpochReport> r = t.fit();
      assertEquals(1, r.size());
      assertEquals(2, r.get(0).epoch());
      assertEquals(4, r.get(0).iterations());
      double diff = t.network().params().sub(straight.params()).norm2Number().doubleValue();
      assertEquals(0, diff, 1e-6 * straight.params().norm2Number().doubleValue());
    }
  }

  @Test
  void badSettingsSayWhatIsWrong() {
    UNet3D u = UNet3D.builder().filters(2, 2).build();
    var b =
        SegmentationTrainer.builder()
            .network(u.newNetwork())
            .spec(spec(u))
            .patches(List.of())
            .classWeights(1, 3);
    var e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains("2 class weights for a model of 3 classes"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SegmentationTrainer.builder().classWeights(1, -1, 3));
    assertTrue(e.getMessage().contains("class weights must be finite and >= 0"), e.getMessage());
    var s = assertThrows(IllegalStateException.class, () -> SegmentationTrainer.builder().build());
    assertTrue(s.getMessage().contains("missing: network spec patches"), s.getMessage());
  }

  /**
   * Resuming from last.zip gives the same weights as an uninterrupted run (same patches, same Adam
   * state).
   */
  @Test
  void resumedRunMatchesAnUninterruptedOne(@TempDir Path dir) throws IOException {
    List<Subject> train = Phantoms.withTumours(0, 2);
    UNet3D u = UNet3D.builder().filters(4, 8).learningRate(1e-3).seed(2).build();

    ComputationGraph straight = u.newNetwork();
    try (PatchQueue q = Phantoms.queue(train, 2, 5)) {
      SegmentationTrainer.builder()
          .network(straight)
          .spec(spec(u))
          .patches(q)
          .batchSize(2)
          .epochs(3)
          .build()
          .fit();
    }

    Path ckpt = dir.resolve("ckpt");
    try (PatchQueue q = Phantoms.queue(train, 2, 5)) {
      SegmentationTrainer t =
          SegmentationTrainer.builder()
              .network(u.newNetwork())
              .spec(spec(u))
              .patches(q)
              .batchSize(2)
              .epochs(1)
              .checkpointDir(ckpt)
              .build();
      t.fit();
      assertEquals(1, t.state().epochsDone());
    }
    try (PatchQueue q = Phantoms.queue(train, 2, 5)) {
      SegmentationTrainer t =
          SegmentationTrainer.builder()
              .resumeFrom(ckpt.resolve(SegmentationTrainer.LAST))
              .patches(q)
              .batchSize(2)
              .epochs(3)
              .checkpointDir(ckpt)
              .build();
      assertEquals(1, t.state().epochsDone());
      assertEquals(2, t.fit().size());
      assertEquals(3, t.state().epochsDone());
      double diff = t.network().params().sub(straight.params()).norm2Number().doubleValue();
      assertEquals(0, diff, 1e-6 * straight.params().norm2Number().doubleValue());
    }
    assertEquals(spec(u), ModelFiles.readSpec(ckpt.resolve(SegmentationTrainer.LAST)));
  }

  /**
   * A run resumed after one epoch with a two-worker queue, which starts at epoch 1 directly, ends
   * with the weights of an uninterrupted run without workers.
   */
  @Test
  void resumingWithQueueWorkersStartsAtTheNextEpoch(@TempDir Path dir) throws IOException {
    List<Subject> train = Phantoms.withTumours(0, 2);
    UNet3D u = UNet3D.builder().filters(4, 8).learningRate(1e-3).seed(2).build();
    ComputationGraph straight = u.newNetwork();
    try (PatchQueue q = Phantoms.queue(train, 2, 5)) {
      SegmentationTrainer.builder()
          .network(straight)
          .spec(spec(u))
          .patches(q)
          .batchSize(2)
          .epochs(3)
          .build()
          .fit();
    }
    Path ckpt = dir.resolve("ckpt");
    try (PatchQueue q = Phantoms.queue(train, 2, 5, 2)) {
      SegmentationTrainer.builder()
          .network(u.newNetwork())
          .spec(spec(u))
          .patches(q)
          .batchSize(2)
          .epochs(1)
          .checkpointDir(ckpt)
          .build()
          .fit();
    }
    try (PatchQueue q = Phantoms.queue(train, 2, 5, 2)) {
      SegmentationTrainer t =
          SegmentationTrainer.builder()
              .resumeFrom(ckpt.resolve(SegmentationTrainer.LAST))
              .patches(q)
              .batchSize(2)
              .epochs(3)
              .build();
      assertEquals(2, t.fit().size());
      assertEquals(3, q.nextEpoch(), "epochs 1 and 2 ran; epoch 0 was not started again");
      double diff = t.network().params().sub(straight.params()).norm2Number().doubleValue();
      assertEquals(0, diff, 1e-6 * straight.params().norm2Number().doubleValue());
    }
  }

  @Test
  void earlyStoppingEndsAfterPatienceValidationsWithoutImprovement(@TempDir Path dir)
      throws IOException {
    List<Subject> train = Phantoms.withTumours(0, 1);
    UNet3D u = UNet3D.builder().filters(2, 2).learningRate(1e-12).seed(3).build();
    ComputationGraph net = u.newNetwork();
    SegmentationPredictor p =
        SegmentationPredictor.builder().network(net).patchSize(Phantoms.PATCH).overlap(8).build();
    try (PatchQueue q = Phantoms.queue(train, 2, 1)) {
      // A learning rate of 1e-12 cannot change the predictions: only the first validation
      // "improves".
      List<EpochReport> r =
          SegmentationTrainer.builder()
              .network(net)
              .spec(spec(u))
              .patches(q)
              .batchSize(2)
              .epochs(10)
              .validation(train, p, 1)
              .patience(2)
              .build()
              .fit();
      assertEquals(3, r.size());
      assertTrue(r.get(0).improved());
    }
  }
}
