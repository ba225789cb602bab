package org.liverseg.app.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.NativeThreads;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.models.task03.DecisionTuner;
import org.liverseg.models.training.EpochReport;
import org.liverseg.models.training.MetricsCsv;
import org.liverseg.models.training.SegmentationTrainer;
import org.liverseg.models.training.TrainerState;
import org.liverseg.sampling.LabelSampler;
import org.liverseg.sampling.Queue;
import org.liverseg.transforms.Transform;

/**
 * Pipeline step 4: trains the configured U-Net with a {@link SegmentationTrainer} on the training
 * cases of a split, from a {@link Queue} fed by a {@link LabelSampler} with the configured label
 * probabilities, validating on the validation cases, writing {@code metrics.csv} as epochs end and
 * the model file after every epoch (so that the latest model is always loadable and training can
 * resume from it).
 */
public final class TrainStep {

  private final RunConfig config;
  private final PrintStream log;
  private final boolean progressBars;

  /**
   * @param config the run's configuration
   * @param log where progress goes (usually stderr)
   * @param progressBars whether to draw progress bars (else one line per epoch)
   */
  public TrainStep(RunConfig config, PrintStream log, boolean progressBars) {
    this.config = requireNonNull(config, "config");
    this.log = requireNonNull(log, "log");
    this.progressBars = progressBars;
  }

  /** What training produced. */
  /**
   * What training produced.
   *
   * @param network the trained network
   * @param epochs one report per epoch of this call
   * @param config the configuration to predict with: the run's, with the chosen decision if it was
   *     "tuned"
   * @param tuning the candidates' validation scores if the decision was tuned, else null
   */
  public record Result(
      ComputationGraph network,
      List<EpochReport> epochs,
      RunConfig config,
      DecisionTuner.Result tuning) {}

  /**
   * Trains from scratch, or continues {@code resumed} (a model loaded with its optimiser state)
   * from the epoch after the one it was saved at, up to {@code config.train().epochs()}.
   *
   * @param training the dataset's training subjects (raw, lazily loaded)
   * @param split which of them train and validate
   * @param modelFile where to write the model after every epoch
   * @param metricsFile the metrics CSV (appended to when resuming)
   * @param resumed a model to continue, or null
   */
  public Result run(
      SubjectsDataset training,
      DataSplit split,
      Path modelFile,
      Path metricsFile,
      ModelStore.Loaded resumed)
      throws IOException {
    NativeThreads.apply(config.train().threads());
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < training.size(); i++) {
      index.put(training.raw(i).id(), i);
    }
    Transform trainTransform = Preprocessing.training(config);
    SubjectsDataset trainSet =
        training.select(indices(split.train(), index)).withTransform(trainTransform);
    Transform preprocess = Preprocessing.preprocess(config.preprocess());
    List<Subject> validation = new ArrayList<>();
    for (int i : indices(split.validation(), index)) {
      validation.add(preprocess.apply(training.raw(i)).load());
    }

    RunConfig.Sampling s = config.sampling();
    RunConfig.Train t = config.train();
    // The queue's size, known before it starts: every patch of an epoch trains, a last smaller
    // batch too.
    long iterationsPerEpoch =
        ((long) split.train().size() * s.samplesPerVolume() + t.batchSize() - 1) / t.batchSize();
    ComputationGraph net =
        resumed != null
            ? resumed.network()
            : ModelStore.build(config, iterationsPerEpoch * t.epochs());
    LabelSampler sampler =
        new LabelSampler(s.patchSize(), MsdDataset.LABEL, s.labelProbabilities());
    double[] weights = config.model().lossWeightArray();

    List<EpochReport> epochs;
    TrainerState state;
    try (Queue queue =
            Queue.builder()
                .dataset(trainSet)
                .sampler(sampler)
                .maxLength(s.queueMaxLength())
                .samplesPerVolume(s.samplesPerVolume())
                .numWorkers(s.numWorkers())
                .seed(config.seed())
                .build();
        MetricsCsv csv =
            resumed != null ? MetricsCsv.append(metricsFile) : MetricsCsv.create(metricsFile)) {
      log.printf(
          "training %s on %d cases (%d patches, %d iterations per epoch), validating on %d%n",
          config.model().filters(),
          split.train().size(),
          queue.size(),
          iterationsPerEpoch,
          validation.size());
      try (TrainingProgress progress =
          new TrainingProgress(t.epochs(), iterationsPerEpoch, t.batchSize(), log, progressBars)) {
        SegmentationTrainer.Builder b =
            SegmentationTrainer.builder()
                .network(net)
                .spec(ModelStore.spec(config))
                .patches(queue)
                .batchSize(t.batchSize())
                .dropLastBatch(false)
                .inputImages(MsdDataset.IMAGE)
                .labelName(MsdDataset.LABEL)
                .epochs(t.epochs())
                .classWeights(weights)
                .listener(progress)
                .listener(csv)
                .listener(ModelStore.savingAfterEveryEpoch(config, modelFile));
        if (t.validateEvery() > 0) {
          b.validation(
              validation,
              PredictStep.predictor(
                  net, s.patchSize(), config.inference(), config.inference().batchSize()),
              t.validateEvery());
        }
        if (resumed != null) {
          b.resumeState(resumed.state());
        }
        SegmentationTrainer trainer = b.build();
        epochs = trainer.fit();
        state = trainer.state();
      }
    }
    if (!config.inference().decision().equals("tuned")) {
      return new Result(net, epochs, config, null);
    }
    if (validation.isEmpty()) {
      log.println(
          "inference.decision is tuned, but there are no validation cases: predicting with argmax");
      return new Result(net, epochs, config, null);
    }
    DecisionTuner.Result tuning = tune(net, validation);
    // The file keeps the configuration as given ("tuned", so a resumed run tunes again) plus the
    // choice.
    ModelStore.save(net, config, state, tuning.best().decision(), modelFile);
    RunConfig tuned =
        config.toBuilder()
            .inference(config.inference().withDecision(tuning.best().decision()))
            .build();
    return new Result(net, epochs, tuned, tuning);
  }

  /**
   * Picks the liver-tumour decision on the validation cases: their probabilities are predicted
   * once, then every candidate of {@link DecisionTuner#defaultGrid()} labels them.
   */
  private DecisionTuner.Result tune(ComputationGraph net, List<Subject> validation) {
    SegmentationPredictor predictor =
        PredictStep.predictor(
            net, config.sampling().patchSize(), config.inference(), config.inference().batchSize());
    List<DecisionTuner.Case> cases = new ArrayList<>();
    for (Subject s : validation) {
      cases.add(
          new DecisionTuner.Case(
              s.id(), predictor.predict(s).probabilities(), s.labelMap(MsdDataset.LABEL)));
    }
    DecisionTuner.Result r = DecisionTuner.tune(predictor, cases, DecisionTuner.defaultGrid());
    DecisionTuner.Score argmax = r.scores().get(0);
    log.printf(
        Locale.ROOT,
        "tumour decision tuned on %d validation cases: threshold %.1f, smallest tumour %d voxels "
            + "(mean validation Dice liver %.3f, tumour %.3f; with threshold 0.5 and no size floor %.3f, %.3f)%n",
        cases.size(),
        r.best().decision().tumourThreshold(),
        r.best().decision().minTumourVoxels(),
        r.best().meanLiverDice(),
        r.best().meanTumourDice(),
        argmax.meanLiverDice(),
        argmax.meanTumourDice());
    return r;
  }

  private static List<Integer> indices(List<String> ids, Map<String, Integer> index) {
    List<Integer> out = new ArrayList<>();
    for (String id : ids) {
      Integer i = index.get(id);
      if (i == null) {
        throw new IllegalArgumentException(
            "split names case " + id + ", which the dataset does not have");
      }
      out.add(i);
    }
    return out;
  }
}
