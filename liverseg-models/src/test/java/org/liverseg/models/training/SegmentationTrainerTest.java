package org.liverseg.models.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Subject;
import org.liverseg.io.phantom.PhantomGenerator;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.PreprocessingSpec;
import org.liverseg.models.UNet3D;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.sampling.Queue;

class SegmentationTrainerTest {

    private static final PreprocessingSpec PRE = PreprocessingSpec.of(new int[] {48, 48, 24}, Phantoms.LOW,
            Phantoms.HIGH, new int[] {24, 24, 16}, 3);

    private static ModelSpec spec(UNet3D u) {
        return new ModelSpec("tiny", u.toString(), PRE);
    }

    /** The acceptance test of the issue: a tiny U-Net on tiny phantoms learns liver and tumour. */
    @Test
    void tinyUNetLearnsLiverAndTumourOnTinyPhantoms(@TempDir Path dir) throws IOException {
        List<Subject> train = Phantoms.withTumours(0, 3);
        Subject val = Phantoms.withTumours(20, 1).get(0);
        // Batch norm: without it the same network needs about 3x the iterations before it predicts any liver.
        UNet3D u = UNet3D.builder().filters(8, 16, 32).norm(UNet3D.Norm.BATCH).learningRate(3e-3).seed(1).build();
        ComputationGraph net = u.build();
        SegmentationPredictor predictor = SegmentationPredictor.builder().network(net).patchSize(Phantoms.PATCH)
                .overlap(8).batchSize(4).build();
        byte[] truth = val.labelMap(PhantomGenerator.LABEL).labels();
        var background = Dice.score("bg", truth, new byte[truth.length], 3);

        try (Queue queue = Phantoms.queue(train, 8, 11); MetricsCsv csv = new MetricsCsv(dir.resolve("m.csv"))) {
            SegmentationTrainer trainer = SegmentationTrainer.builder().network(net).spec(spec(u)).patches(queue)
                    .batchSize(2).epochs(5).iterationsPerEpoch(12).validation(List.of(val), predictor, 1)
                    .checkpointDir(dir).listener(csv).build();
            List<EpochReport> r = trainer.fit();
            assertEquals(5, r.size());
            assertTrue(r.get(4).meanLoss() < 0.7 * r.get(0).meanLoss(), "loss " + r);
            // Validation Dice is noisy this early; the best epoch is what the best checkpoint keeps.
            double liver = r.stream().mapToDouble(EpochReport::liverDice).max().orElseThrow();
            double tumour = r.stream().mapToDouble(EpochReport::tumourDice).max().orElseThrow();
            assertTrue(liver > background.dice(Dice.LIVER) + 0.3, "liver Dice " + r);
            assertTrue(tumour > background.dice(Dice.TUMOUR) + 0.05, "tumour Dice " + r);
            assertTrue(Files.exists(dir.resolve(SegmentationTrainer.BEST)));
            double best = r.stream().mapToDouble(e -> (e.liverDice() + e.tumourDice()) / 2).max().orElseThrow();
            assertEquals(best, trainer.state().bestScore(), 1e-12);
        }
        List<String> rows = Files.readAllLines(dir.resolve("m.csv"));
        assertEquals(MetricsCsv.HEADER, rows.get(0));
        assertEquals(6, rows.size());
    }

    /** Resuming from last.zip gives the same weights as an uninterrupted run (same patches, same Adam state). */
    @Test
    void resumedRunMatchesAnUninterruptedOne(@TempDir Path dir) throws IOException {
        List<Subject> train = Phantoms.withTumours(0, 2);
        UNet3D u = UNet3D.builder().filters(4, 8).learningRate(1e-3).seed(2).build();

        ComputationGraph straight = u.build();
        try (Queue q = Phantoms.queue(train, 2, 5)) {
            SegmentationTrainer.builder().network(straight).spec(spec(u)).patches(q).batchSize(2).epochs(3).build()
                    .fit();
        }

        Path ckpt = dir.resolve("ckpt");
        try (Queue q = Phantoms.queue(train, 2, 5)) {
            SegmentationTrainer t = SegmentationTrainer.builder().network(u.build()).spec(spec(u)).patches(q)
                    .batchSize(2).epochs(1).checkpointDir(ckpt).build();
            t.fit();
            assertEquals(1, t.state().epochsDone());
        }
        try (Queue q = Phantoms.queue(train, 2, 5)) {
            SegmentationTrainer t = SegmentationTrainer.builder().resumeFrom(ckpt.resolve(SegmentationTrainer.LAST))
                    .patches(q).batchSize(2).epochs(3).checkpointDir(ckpt).build();
            assertEquals(1, t.state().epochsDone());
            assertEquals(2, t.fit().size());
            assertEquals(3, t.state().epochsDone());
            double diff = t.network().params().sub(straight.params()).norm2Number().doubleValue();
            assertEquals(0, diff, 1e-6 * straight.params().norm2Number().doubleValue());
        }
        assertEquals(spec(u), ModelFiles.readSpec(ckpt.resolve(SegmentationTrainer.LAST)));
    }

    @Test
    void earlyStoppingEndsAfterPatienceValidationsWithoutImprovement(@TempDir Path dir) throws IOException {
        List<Subject> train = Phantoms.withTumours(0, 1);
        UNet3D u = UNet3D.builder().filters(2, 2).learningRate(1e-12).seed(3).build();
        ComputationGraph net = u.build();
        SegmentationPredictor p = SegmentationPredictor.builder().network(net).patchSize(Phantoms.PATCH).overlap(8)
                .build();
        try (Queue q = Phantoms.queue(train, 2, 1)) {
            // A learning rate of 1e-12 cannot change the predictions: only the first validation "improves".
            List<EpochReport> r = SegmentationTrainer.builder().network(net).spec(spec(u)).patches(q).batchSize(2)
                    .epochs(10).validation(train, p, 1).patience(2).build().fit();
            assertEquals(3, r.size());
            assertTrue(r.get(0).improved());
        }
    }
}
