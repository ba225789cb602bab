package org.liverseg.app.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.NativeThreads;
import org.liverseg.models.prediction.InferenceSettings;
import org.liverseg.models.prediction.SegmentationModel;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.models.task03.DecisionTuner;
import org.liverseg.models.task03.LiverTumourDecision;
import org.liverseg.models.training.EpochReport;
import org.liverseg.models.training.MetricsCsv;
import org.liverseg.models.training.SegmentationTrainer;
import org.liverseg.models.training.TrainerState;
import org.liverseg.plan.Plan;
import org.liverseg.sampling.LabelSampler;
import org.liverseg.sampling.PatchQueue;
import org.liverseg.transforms.Transform;

/**
 * Pipeline step 4: trains the configured U-Net with a {@link SegmentationTrainer} on the training
 * cases of a split, from a {@link PatchQueue} fed by a {@link LabelSampler} with the configured
 * label probabilities, validating on the validation cases, writing {@code metrics.csv} as epochs
 * end and the model file after every epoch (so that the latest model is always loadable and
 * training can resume from it).
 *
 * <p>With a plan ({@link RunConfig.PlanSettings#planned()}): the plan comes from the training
 * split's fingerprint or a file ({@link TrainingPlan}; a resumed model keeps its own) and is
 * written next to the model as {@code plan.json}; the training and validation cases are
 * preprocessed once ({@link PreparedCases}); the patch, batch and depth are the plan's; after
 * training, the inference and the tumour decision are chosen on the validation cases at their own
 * resolution ({@link InferenceChoice}) and kept in the model file with the plan.
 */
public final class TrainStep {

  /** The plan of a run with one, next to its model file. */
  public static final String PLAN_FILE = "plan.json";

  /** Where preprocessed cases are cached when they do not fit in memory, next to the model. */
  public static final String PREPROCESSED_DIR = "preprocessed";

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

  /**
   * What training produced.
   *
   * @param network the trained network
   * @param epochs one report per epoch of this call
   * @param config the configuration to predict with: the run's, with the chosen decision if it was
   *     "tuned" (and, with a plan, the chosen sliding window)
   * @param tuning the candidates' validation scores if the decision was tuned, else null
   * @param plan the plan trained with, or null without one
   * @param choice what was chosen on the validation cases for a model with a plan, else null
   */
  public record Result(
      ComputationGraph network,
      List<EpochReport> epochs,
      RunConfig config,
      DecisionTuner.Result tuning,
      Plan plan,
      InferenceChoice.Result choice) {

    /** A result without plan. */
    public Result(
        ComputationGraph network,
        List<EpochReport> epochs,
        RunConfig config,
        DecisionTuner.Result tuning) {
      this(network, epochs, config, tuning, null, null);
    }

    /**
     * The model to predict with, for a result with a plan: the network with the plan and the chosen
     * inference settings.
     */
    public SegmentationModel model() {
      if (plan == null) {
        throw new IllegalStateException("trained without a plan");
      }
      return SegmentationModel.of(
          network,
          ModelStore.spec(config, plan),
          plan,
          choice != null ? choice.chosen() : config.inference().settings());
    }
  }

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
    if (config.plan().planned()) {
      return runPlanned(training, split, modelFile, metricsFile, resumed);
    }
    SubjectsDataset trainSet =
        training.select(split.train()).withTransform(Preprocessing.training(config));
    Transform preprocess = Preprocessing.preprocess(config.preprocess());
    List<Subject> validation = new ArrayList<>();
    for (Subject s : training.select(split.validation()).subjects()) {
      validation.add(preprocess.apply(s).load());
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
    try (PatchQueue queue = queue(trainSet, sampler, config);
        MetricsCsv csv =
            resumed != null ? MetricsCsv.append(metricsFile) : MetricsCsv.create(metricsFile)) {
      log.printf(
          Locale.ROOT,
          "training %s on %d cases (%d patches, %d iterations per epoch), validating on %d%n",
          config.model().architecture() + " " + config.model().filters(),
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
    if (config.inference().decision() != RunConfig.Decision.TUNED) {
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
   * {@link #run} with a plan: plan, preprocessing once, training on the plan's patches, then the
   * inference and decision chosen on the validation cases.
   */
  private Result runPlanned(
      SubjectsDataset training,
      DataSplit split,
      Path modelFile,
      Path metricsFile,
      ModelStore.Loaded resumed)
      throws IOException {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    Plan plan =
        resumed != null && resumed.plan() != null
            ? resumed.plan()
            : TrainingPlan.resolve(config, training, split.train(), threads, log);
    plan.write(modelFile.resolveSibling(PLAN_FILE), true);
    long t0 = System.nanoTime();
    Path cache = modelFile.resolveSibling(PREPROCESSED_DIR);
    List<Subject> trainCases =
        PreparedCases.prepare(training.select(split.train()).subjects(), plan, cache, threads);
    List<Subject> validation =
        PreparedCases.prepare(training.select(split.validation()).subjects(), plan, cache, threads);
    log.printf(
        Locale.ROOT,
        "preprocessed %d training and %d validation cases once (%.1f s)%n",
        trainCases.size(),
        validation.size(),
        (System.nanoTime() - t0) / 1e9);
    SubjectsDataset trainSet =
        SubjectsDataset.of(trainCases).withTransform(Preprocessing.augment(config.augment()));

    RunConfig.Sampling s = config.sampling();
    RunConfig.Train t = config.train();
    int batch = plan.batchSize();
    long iterationsPerEpoch =
        ((long) split.train().size() * s.samplesPerVolume() + batch - 1) / batch;
    ComputationGraph net =
        resumed != null
            ? resumed.network()
            : ModelStore.build(config, plan, iterationsPerEpoch * t.epochs());
    LabelSampler sampler =
        new LabelSampler(plan.patchSize(), MsdDataset.LABEL, s.labelProbabilities());
    List<EpochReport> epochs;
    TrainerState state;
    try (PatchQueue queue = queue(trainSet, sampler, config);
        MetricsCsv csv =
            resumed != null ? MetricsCsv.append(metricsFile) : MetricsCsv.create(metricsFile)) {
      log.printf(
          Locale.ROOT,
          "training %s on %d cases (patch %s, batch %d: %d patches, %d iterations per epoch),"
              + " validating on %d%n",
          ModelStore.filters(config, plan),
          split.train().size(),
          plan.patchSize(),
          batch,
          queue.size(),
          iterationsPerEpoch,
          validation.size());
      try (TrainingProgress progress =
          new TrainingProgress(t.epochs(), iterationsPerEpoch, batch, log, progressBars)) {
        SegmentationTrainer.Builder b =
            SegmentationTrainer.builder()
                .network(net)
                .spec(ModelStore.spec(config, plan))
                .patches(queue)
                .batchSize(batch)
                .dropLastBatch(false)
                .inputImages(MsdDataset.IMAGE)
                .labelName(MsdDataset.LABEL)
                .epochs(t.epochs())
                .classWeights(config.model().lossWeightArray())
                .listener(progress)
                .listener(csv)
                .listener(ModelStore.savingAfterEveryEpoch(config, plan, modelFile));
        if (t.validateEvery() > 0) {
          b.validation(validation, planGridPredictor(net, plan), t.validateEvery());
        }
        if (resumed != null) {
          b.resumeState(resumed.state());
        }
        SegmentationTrainer trainer = b.build();
        epochs = trainer.fit();
        state = trainer.state();
      }
    }
    Result plain = new Result(net, epochs, config, null, plan, null);
    if (validation.isEmpty()) {
      log.println(
          "no validation cases: predicting with the configured inference"
              + (config.inference().decision() == RunConfig.Decision.TUNED ? " and argmax" : ""));
      return plain;
    }
    InferenceChoice.Result choice =
        InferenceChoice.choose(
            plain.model(), config, training.select(split.validation()).subjects(), log);
    InferenceSettings chosen = choice.chosen();
    RunConfig.Inference inf =
        config
            .inference()
            .withWindow(
                RunConfig.Aggregation.valueOf(chosen.aggregation().name()),
                chosen.tileStep(),
                chosen.mirrorAxes());
    LiverTumourDecision tuned = null;
    if (choice.tuning() != null) {
      tuned = choice.tuning().best().decision();
      inf = inf.withDecision(tuned);
    }
    // The file keeps the configuration as given (so a resumed run chooses again) plus the choice.
    ModelStore.save(net, config, plan, chosen, state, tuned, modelFile);
    return new Result(
        net, epochs, config.toBuilder().inference(inf).build(), choice.tuning(), plan, choice);
  }

  /**
   * The whole-volume predictor of training's validation on the plan's grid (the preprocessed
   * validation cases): the configured window, argmax, the largest component.
   */
  private SegmentationPredictor planGridPredictor(ComputationGraph net, Plan plan) {
    RunConfig.Inference inf = config.inference();
    return SegmentationPredictor.builder()
        .network(net)
        .patchSize(plan.patchSize())
        .tileStep(inf.tileStep())
        .mirrorAxes(inf.mirrorAxes().stream().mapToInt(Integer::intValue).toArray())
        .batchSize(inf.batchSize())
        .mode(inf.aggregation().mode())
        .inputImages(MsdDataset.IMAGE)
        .padding(null)
        .keepLargestLiver(inf.keepLargestLiverComponent())
        .connectivity(6)
        .build();
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

  /** The training queue of the run's sampling settings over the augmented training cases. */
  private static PatchQueue queue(
      SubjectsDataset trainSet, LabelSampler sampler, RunConfig config) {
    RunConfig.Sampling s = config.sampling();
    return PatchQueue.builder()
        .dataset(trainSet)
        .sampler(sampler)
        .maxLength(s.queueMaxLength())
        .samplesPerVolume(s.samplesPerVolume())
        .numWorkers(s.numWorkers())
        .seed(config.seed())
        .build();
  }
}
