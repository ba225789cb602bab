package org.liverseg.app.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.liverseg.io.Shape;
import org.liverseg.models.Architecture;
import org.liverseg.models.ModelZoo;
import org.liverseg.models.Norm;
import org.liverseg.models.prediction.InferenceSettings;
import org.liverseg.models.prediction.LabelDecision;
import org.liverseg.models.task03.LiverTumourDecision;
import org.liverseg.phantoms.PhantomSize;
import org.liverseg.plan.Budget;
import org.liverseg.sampling.GridAggregator;

/**
 * Every setting of a pipeline run, seeds included, so that {@code liverseg pipeline --config
 * config.json} reproduces a run. Grouped in sections that mirror the pipeline's steps; written and
 * read as JSON by {@link RunConfigJson}. Start from a preset ({@link #cpu()}, {@link #course()},
 * {@link #tiny()}) and change settings with {@link #toBuilder()}.
 *
 * <p>Settings with a fixed set of values are enums ({@link Preset}, {@link Normalization}, {@link
 * Schedule}, {@link Aggregation}, {@link Decision}, {@link PhantomSize}), written to JSON by their
 * lower-case names ({@code "liver-tumour"}); an unknown name is refused with the valid ones.
 *
 * @param preset the preset this configuration started from (informative only)
 * @param seed master seed; every random step derives its generator from it
 * @param data where the dataset lives and how to generate phantoms when it is empty
 * @param split train / validation / test partition
 * @param preprocess spatial and intensity preprocessing applied to every subject when no plan is
 *     used (with a plan only its HU window matters, for the window normalisation)
 * @param plan where the preprocessing, patch, batch and network depth come from: a plan computed
 *     from the training split, a plan file, or the fixed settings of this configuration (missing in
 *     files of earlier versions: {@link PlanSource#NONE})
 * @param augment random augmentation applied to training subjects only
 * @param sampling patch sampling and the training queue
 * @param model network architecture and loss
 * @param train optimisation loop
 * @param inference whole-volume prediction
 */
public record RunConfig(
    Preset preset,
    long seed,
    Data data,
    Split split,
    Preprocess preprocess,
    PlanSettings plan,
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
    plan = plan == null ? PlanSettings.none() : plan;
    requireNonNull(augment, "augment section");
    requireNonNull(sampling, "sampling section");
    requireNonNull(model, "model section");
    requireNonNull(train, "train section");
    requireNonNull(inference, "inference section");
    if (!plan.planned()) {
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
    for (int a : inference.mirrorAxes()) {
      checkArgument(
          augment.enabled() && augment.flipProbability() > 0 && augment.flipAxes().contains(a),
          "inference.mirrorAxes %s: axis %s is not flipped in training (augment.flipAxes %s,"
              + " flipProbability %s); mirror only axes the augmentation flips",
          inference.mirrorAxes(),
          a,
          augment.flipAxes(),
          augment.flipProbability());
    }
  }

  /** The presets: {@link #cpu()}, {@link #course()} and {@link #tiny()}. */
  public enum Preset {
    /** {@link RunConfig#cpu()}. */
    CPU,
    /** {@link RunConfig#course()}. */
    COURSE,
    /** {@link RunConfig#tiny()}. */
    TINY;

    /**
     * The preset named {@code name}, ignoring case.
     *
     * @throws IllegalArgumentException {@code "unknown preset 'x'; valid: cpu, course, tiny"}
     */
    public static Preset parse(String name) {
      return ConfigNames.parse(Preset.class, name, "preset");
    }

    /** The name in files and on the command line, e.g. {@code "cpu"}. */
    @Override
    public String toString() {
      return ConfigNames.of(this);
    }
  }

  /** Normalisation after each convolution of the U-Net. */
  public enum Normalization {
    /**
     * The architecture's own (none for the U-Net, instance for resenc-unet, group for segresnet).
     */
    DEFAULT,
    /** None (the seed's network). */
    NONE,
    /** Batch normalisation. */
    BATCH,
    /** Instance normalisation (nnU-Net's). */
    INSTANCE,
    /** Group normalisation (MONAI SegResNet's). */
    GROUP;

    /** The network option this names; empty for {@link #DEFAULT}. */
    public Optional<Norm> norm() {
      return this == DEFAULT ? Optional.empty() : Optional.of(Norm.valueOf(name()));
    }

    /** The name in files, e.g. {@code "batch"}. */
    @Override
    public String toString() {
      return ConfigNames.of(this);
    }
  }

  /** The learning-rate schedule. */
  public enum Schedule {
    /** The same rate throughout (the seed's). */
    CONSTANT,
    /** {@code (1 - i/n)^0.9} over the run's n iterations (nnU-Net's schedule). */
    POLY;

    /** The name in files, e.g. {@code "poly"}. */
    @Override
    public String toString() {
      return ConfigNames.of(this);
    }
  }

  /** How overlapping patch predictions are blended ({@link GridAggregator.Mode}). */
  public enum Aggregation {
    /** Each voxel from the patch whose centre region holds it. */
    CROP,
    /** The mean of the overlapping patches. */
    AVERAGE,
    /** A Hann-window weighted mean. */
    HANN,
    /** A mean weighted by nnU-Net's Gaussian importance map (sigma = patch / 8 per axis). */
    GAUSSIAN;

    /** The aggregator mode this names. */
    public GridAggregator.Mode mode() {
      return switch (this) {
        case CROP -> GridAggregator.Mode.CROP;
        case AVERAGE -> GridAggregator.Mode.AVERAGE;
        case HANN -> GridAggregator.Mode.HANN;
        case GAUSSIAN -> GridAggregator.Mode.GAUSSIAN;
      };
    }

    /** The name in files, e.g. {@code "hann"}. */
    @Override
    public String toString() {
      return ConfigNames.of(this);
    }
  }

  /** Where a run's plan comes from. */
  public enum PlanSource {
    /** Computed from the fingerprint of the training split (never the validation or test cases). */
    AUTO,
    /** Read from {@link PlanSettings#file()}. */
    FILE,
    /** No plan: the fixed {@link Preprocess} section, patch, batch and filters (the seed's way). */
    NONE;

    /** The name in files, e.g. {@code "auto"}. */
    @Override
    public String toString() {
      return ConfigNames.of(this);
    }
  }

  /** How an automatic plan normalises intensities. */
  public enum Intensity {
    /** nnU-Net's CT scheme: clip to the foreground 0.5/99.5 percentiles, z-score. */
    CT,
    /** The {@link Preprocess} HU window mapped onto [0, 1]. */
    WINDOW;

    /** The name in files, e.g. {@code "ct"}. */
    @Override
    public String toString() {
      return ConfigNames.of(this);
    }
  }

  /** How class probabilities become labels. */
  public enum Decision {
    /** The most probable class (the seed's). */
    ARGMAX,
    /** {@link LiverTumourDecision} with the configured threshold and smallest tumour. */
    LIVER_TUMOUR,
    /**
     * Training picks the liver-tumour values on the validation cases ({@code DecisionTuner}) and
     * stores them in the model file; argmax until it has.
     */
    TUNED;

    /**
     * The decision named {@code name}, ignoring case.
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static Decision parse(String name) {
      return ConfigNames.parse(Decision.class, name, "decision");
    }

    /** The name in files, e.g. {@code "liver-tumour"}. */
    @Override
    public String toString() {
      return ConfigNames.of(this);
    }
  }

  /**
   * Dataset location and phantom generation.
   *
   * @param dir dataset folder in MSD Task03_Liver layout (dataset.json, imagesTr/, labelsTr/)
   * @param phantomCases how many phantoms to generate when {@code dir} holds no dataset
   * @param phantomSize phantom size ({@code "full"}, {@code "small"} or {@code "tiny"} in files)
   * @param phantomSeed seed of the phantom generator
   */
  public record Data(String dir, int phantomCases, PhantomSize phantomSize, long phantomSeed) {
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
   * Where the run's plan comes from, and the budget an automatic plan is fitted to (see {@code
   * org.liverseg.plan.Plan}). With a plan ({@link #planned()}), every case is reoriented to
   * canonical, resampled to the plan's spacing and normalised once before training, the plan's
   * patch and batch replace {@code sampling.patchSize} and {@code train.batchSize}, and the network
   * has the plan's depth: the first {@code depth + 1} entries of {@code model.filters} (doubling
   * the last when the list is shorter).
   *
   * @param source auto (the training split's fingerprint), file, or none (the fixed settings)
   * @param file the plan file for {@link PlanSource#FILE}, else null
   * @param voxelsPerStep the budget of an automatic plan: patch voxels x batch per step
   * @param maxDepth the deepest network an automatic plan may choose
   * @param minPatchCoverage the coverage rule's threshold (0 = off; see {@code Budget})
   * @param intensity the normalisation of an automatic plan
   */
  public record PlanSettings(
      PlanSource source,
      String file,
      long voxelsPerStep,
      int maxDepth,
      double minPatchCoverage,
      Intensity intensity) {
    /** Checks the values. */
    public PlanSettings {
      requireNonNull(source, "plan.source");
      checkArgument(
          (source == PlanSource.FILE) == (file != null),
          "plan.file is needed for plan.source file and only then, got source %s and file %s",
          source,
          file);
      intensity = intensity == null ? Intensity.CT : intensity;
      if (source == PlanSource.AUTO) {
        // the plan module checks the same ranges; here they are named by their config keys
        checkArgument(
            voxelsPerStep >= Budget.MIN_VOXELS_PER_STEP && voxelsPerStep <= Integer.MAX_VALUE,
            "plan.voxelsPerStep must be in [%s, %s], got %s",
            Budget.MIN_VOXELS_PER_STEP,
            Integer.MAX_VALUE,
            voxelsPerStep);
        checkArgument(
            maxDepth >= 0 && maxDepth <= Budget.MAX_DEPTH,
            "plan.maxDepth must be in [0, %s], got %s",
            Budget.MAX_DEPTH,
            maxDepth);
        checkArgument(
            minPatchCoverage >= 0 && minPatchCoverage <= 1,
            "plan.minPatchCoverage must be in [0, 1], got %s",
            minPatchCoverage);
      }
    }

    /** An automatic plan with liverseg's default CPU budget and nnU-Net's CT normalisation. */
    public static PlanSettings auto() {
      Budget b = Budget.cpuDefault();
      return new PlanSettings(
          PlanSource.AUTO,
          null,
          b.voxelsPerStep(),
          b.maxDepth(),
          b.minPatchCoverage(),
          Intensity.CT);
    }

    /** No plan: the fixed settings. */
    public static PlanSettings none() {
      return new PlanSettings(PlanSource.NONE, null, 0, 0, 0, Intensity.CT);
    }

    /** The plan in {@code file}. */
    public static PlanSettings file(String file) {
      return new PlanSettings(PlanSource.FILE, file, 0, 0, 0, Intensity.CT);
    }

    /** Whether a plan is used (auto or file). */
    public boolean planned() {
      return source != PlanSource.NONE;
    }

    /** The budget of an automatic plan. */
    public Budget budget() {
      return new Budget(voxelsPerStep, maxDepth, minPatchCoverage);
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
   * The network and its loss.
   *
   * @param filters feature channels per resolution stage, finest first, e.g. [32, 64, 128, 256]
   *     (the architecture's widths)
   * @param lossWeights cross-entropy weights for background, liver, tumour
   * @param learningRate Adam learning rate
   * @param normalization after each convolution; {@link Normalization#DEFAULT} is the
   *     architecture's own (none for the U-Net, instance for resenc-unet, group for segresnet);
   *     missing in older files means the default, which for the U-Net is none as before
   * @param schedule of the learning rate (missing in older files: {@link Schedule#CONSTANT})
   * @param architecture the {@link ModelZoo} name of the network; missing in older files means
   *     "unet" (the seed's U-Net)
   */
  public record Model(
      List<Integer> filters,
      List<Double> lossWeights,
      double learningRate,
      Normalization normalization,
      Schedule schedule,
      String architecture) {
    /** Checks the values, including that the architecture accepts the filters and normalisation. */
    public Model {
      normalization = normalization == null ? Normalization.DEFAULT : normalization;
      schedule = schedule == null ? Schedule.CONSTANT : schedule;
      architecture = architecture == null ? ModelZoo.DEFAULT : architecture;
      checkArgument(
          ModelZoo.names().contains(architecture),
          "model.architecture: unknown value '%s'; valid: %s",
          architecture,
          String.join(", ", ModelZoo.names()));
      filters = List.copyOf(requireNonNull(filters, "model.filters"));
      lossWeights = List.copyOf(requireNonNull(lossWeights, "model.lossWeights"));
      checkArgument(!filters.isEmpty(), "model.filters is empty");
      filters.forEach(f -> checkArgument(f > 0, "model.filters must be positive, got %s", f));
      checkArgument(
          lossWeights.size() == 3,
          "model.lossWeights needs 3 values (background, liver, tumour), got %s",
          lossWeights);
      checkArgument(learningRate > 0, "model.learningRate must be positive, got %s", learningRate);
      try {
        architectureBuilder(architecture, filters, normalization).build();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("model: " + e.getMessage(), e);
      }
    }

    /**
     * The zoo builder of this network: the architecture's defaults with these filters and this
     * normalisation (the loss weights, optimiser and seed are for the caller to set).
     */
    public Architecture.Builder architectureBuilder() {
      return architectureBuilder(architecture, filters, normalization);
    }

    /** {@link #architectureBuilder()} with other filters per level (a plan's depth). */
    public Architecture.Builder architectureBuilder(List<Integer> perLevel) {
      return architectureBuilder(architecture, perLevel, normalization);
    }

    private static Architecture.Builder architectureBuilder(
        String architecture, List<Integer> filters, Normalization normalization) {
      Architecture.Builder b =
          ModelZoo.builder(architecture)
              .widths(filters.stream().mapToInt(Integer::intValue).toArray());
      normalization.norm().ifPresent(b::norm);
      return b;
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
   * @param aggregation how overlapping patches are blended
   * @param keepLargestLiverComponent whether to keep only the largest connected liver component
   * @param decision how probabilities become labels ({@link Decision#ARGMAX} when missing in older
   *     files)
   * @param tumourThreshold for {@link Decision#LIVER_TUMOUR}: the tumour's share of the liver
   *     region's probability, in [0.5, 1)
   * @param minTumourVoxels for {@link Decision#LIVER_TUMOUR}: tumour components smaller than this
   *     become liver (with a plan: voxels at the plan's spacing, scaled to each scan's voxels)
   * @param tileStep with a plan: patch starts {@code tileStep x patch} apart (nnU-Net's 0.5; 0 or
   *     missing in older files: 0.5); without a plan {@code patchOverlap} applies
   * @param mirrorAxes with a plan: canonical axes mirrored at test time (only axes {@code augment}
   *     flips); missing: none
   * @param choose with a plan: whether training chooses blending (Gaussian or Hann), tile step (0.5
   *     or 0.25) and mirroring (off, or over the flipped axes) on the validation cases, as it
   *     chooses a "tuned" decision; missing: false
   */
  public record Inference(
      int patchOverlap,
      int batchSize,
      Aggregation aggregation,
      boolean keepLargestLiverComponent,
      Decision decision,
      double tumourThreshold,
      int minTumourVoxels,
      double tileStep,
      List<Integer> mirrorAxes,
      boolean choose) {
    /** Checks the values. */
    public Inference {
      checkArgument(
          patchOverlap >= 0 && patchOverlap % 2 == 0,
          "inference.patchOverlap must be even and >= 0, got %s",
          patchOverlap);
      checkArgument(batchSize > 0, "inference.batchSize must be positive, got %s", batchSize);
      requireNonNull(aggregation, "inference.aggregation");
      decision = decision == null ? Decision.ARGMAX : decision;
      checkArgument(
          decision != Decision.LIVER_TUMOUR || (tumourThreshold >= 0.5 && tumourThreshold < 1),
          "inference.tumourThreshold must be in [0.5, 1) for the liver-tumour decision, got %s",
          tumourThreshold);
      checkArgument(
          minTumourVoxels >= 0, "inference.minTumourVoxels must be >= 0, got %s", minTumourVoxels);
      tileStep = tileStep == 0 ? 0.5 : tileStep;
      checkArgument(
          tileStep > 0 && tileStep <= 1, "inference.tileStep must be in (0, 1], got %s", tileStep);
      mirrorAxes = mirrorAxes == null ? List.of() : List.copyOf(mirrorAxes);
      mirrorAxes.forEach(
          a -> checkArgument(a >= 0 && a <= 2, "mirror axis must be 0, 1 or 2, got %s", a));
    }

    /** The pre-plan settings (tile step 0.5, no mirroring, nothing chosen on validation). */
    public Inference(
        int patchOverlap,
        int batchSize,
        Aggregation aggregation,
        boolean keepLargestLiverComponent,
        Decision decision,
        double tumourThreshold,
        int minTumourVoxels) {
      this(
          patchOverlap,
          batchSize,
          aggregation,
          keepLargestLiverComponent,
          decision,
          tumourThreshold,
          minTumourVoxels,
          0.5,
          List.of(),
          false);
    }

    /** The same settings with the liver-tumour decision fixed to {@code d} (what tuning chose). */
    public Inference withDecision(LiverTumourDecision d) {
      return new Inference(
          patchOverlap,
          batchSize,
          aggregation,
          keepLargestLiverComponent,
          Decision.LIVER_TUMOUR,
          d.tumourThreshold(),
          d.minTumourVoxels(),
          tileStep,
          mirrorAxes,
          choose);
    }

    /** The same settings with another blending, tile step and mirroring (what choosing chose). */
    public Inference withWindow(Aggregation a, double step, List<Integer> axes) {
      return new Inference(
          patchOverlap,
          batchSize,
          a,
          keepLargestLiverComponent,
          decision,
          tumourThreshold,
          minTumourVoxels,
          step,
          axes,
          choose);
    }

    /**
     * The library's inference settings for a model with a plan: this blending, tile step,
     * mirroring, batch and largest-component step, and the decision these settings name ({@link
     * #labelDecision()}).
     */
    public InferenceSettings settings() {
      InferenceSettings.Decision d =
          decision == Decision.LIVER_TUMOUR
              ? new InferenceSettings.Decision(
                  InferenceSettings.Decision.LIVER_TUMOUR_RULE, tumourThreshold, minTumourVoxels)
              : InferenceSettings.Decision.ARGMAX;
      return new InferenceSettings(
          InferenceSettings.VERSION,
          aggregation.mode(),
          tileStep,
          mirrorAxes,
          batchSize,
          keepLargestLiverComponent,
          d);
    }

    /**
     * The label decision these settings name: argmax for {@link Decision#ARGMAX} and for {@link
     * Decision#TUNED} (before tuning has chosen), else the liver-tumour rule with this threshold
     * and size floor.
     */
    public LabelDecision labelDecision() {
      return decision == Decision.LIVER_TUMOUR
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
   * 40 small phantoms (96x96x48, about 2 mm in-plane) split 22 / 8 / 10; a plan from the training
   * split (liverseg's CPU budget of 147,456 voxels per step; on the small phantoms: 2.07 x 2.07 x
   * 4.69 mm, patch 52x56x24, batch 2, 2 poolings) and a U-Net with 8/16/32 filters and batch norm;
   * 4 patches per volume per epoch (44 steps), 32 epochs, Adam 2e-3 with poly decay, RandomAffine
   * (p 0.5) without flips, two OpenMP threads; the blending, tile step and tumour decision chosen
   * on the validation cases.
   *
   * <p>Why these values (measured on the 2-core machine, see the root README): convolution time in
   * DL4J 1.0.0-M2.1 grows with the voxels per step far more than with the filter count, so the
   * network is narrow; the seed's learning rate 1e-4 and a network without normalisation did not
   * find the tumours within the step budget, batch norm and 2e-3 did; the poly decay raised the
   * mean test liver Dice from 0.898 to 0.913 (before plans). With the plan, 6 patches per volume
   * (66 steps per epoch) gave test Dice liver 0.940 / tumour 0.883 in 1,472 s on a busy machine
   * (about 12 minutes quiet); 4 patches per volume gave 0.940 / 0.873 in 552 s quiet, within the
   * ten minutes. Two OpenMP threads: on a busy machine (load 5) one thread is 2-4x faster per step
   * ({@code --threads 1}, see {@link org.liverseg.models.NativeThreads}).
   */
  public static RunConfig cpu() {
    return new RunConfig(
        Preset.CPU,
        42,
        new Data("data/phantoms", 40, PhantomSize.SMALL, 7),
        new Split(0.2, 0.25, 42),
        new Preprocess(Shape.of(96, 96, 48), -100, 400, 0, 1),
        PlanSettings.auto(),
        // Flips off (probability 0): a left-right flip puts the liver on the wrong side, which no
        // scan
        // has; measured with everything else equal, mean test Dice liver 0.894 -> 0.900, tumour
        // 0.440 -> 0.475.
        new Augment(true, 0.5, 0.9, 1.1, 10, List.of(0), 0.0),
        // Queue fills of 36 patches = 9 whole visits of 4. The patch size here is the fallback
        // when no plan is used; a plan sets its own.
        new Sampling(Shape.of(48, 48, 16), seedLabelProbabilities(), 36, 4, 2),
        new Model(
            List.of(8, 16, 32, 64, 128),
            List.of(1.0, 1.0, 3.0),
            2e-3,
            Normalization.BATCH,
            Schedule.POLY,
            ModelZoo.DEFAULT),
        new Train(32, 4, 8, 2),
        new Inference(
            8, 4, Aggregation.GAUSSIAN, true, Decision.TUNED, 0, 0, 0.5, List.of(), true));
  }

  /**
   * The seed's configuration, for a GPU machine: CropOrPad 256x256x200, patch 96, queue 40 with 5
   * samples per volume and 4 workers, batch 2, filters 32-256, Adam 1e-4, 100 epochs.
   */
  public static RunConfig course() {
    return new RunConfig(
        Preset.COURSE,
        42,
        new Data("data/phantoms", 24, PhantomSize.FULL, 7),
        new Split(0.1, 0.2, 42),
        new Preprocess(Shape.of(256, 256, 200), -100, 400, 0, 1),
        PlanSettings.none(),
        new Augment(true, 1.0, 0.9, 1.1, 10, List.of(0), 0.5),
        new Sampling(Shape.cube(96), seedLabelProbabilities(), 40, 5, 4),
        new Model(
            List.of(32, 64, 128, 256),
            List.of(1.0, 1.0, 3.0),
            1e-4,
            Normalization.NONE,
            Schedule.CONSTANT,
            ModelZoo.DEFAULT),
        new Train(100, 2, 5, 0),
        new Inference(16, 2, Aggregation.HANN, true, Decision.ARGMAX, 0, 0));
  }

  /**
   * A configuration small enough for an end-to-end test in well under a minute: 4 tiny phantoms, a
   * plan from the 2 training cases with a budget of 2 x 32x32x16 voxels and at most 1 pooling, 2
   * epochs, flips along x with test-time mirroring, the inference and tumour decision chosen on the
   * validation case.
   */
  public static RunConfig tiny() {
    return new RunConfig(
        Preset.TINY,
        42,
        new Data("data/phantoms-tiny", 4, PhantomSize.TINY, 7),
        new Split(0.25, 0.25, 42),
        new Preprocess(Shape.of(48, 48, 24), -100, 400, 0, 1),
        new PlanSettings(PlanSource.AUTO, null, 2 * 32 * 32 * 16, 1, 0.1, Intensity.CT),
        new Augment(true, 0.5, 0.9, 1.1, 10, List.of(0), 0.5),
        new Sampling(Shape.of(32, 32, 16), seedLabelProbabilities(), 8, 2, 1),
        new Model(
            List.of(4, 8),
            List.of(1.0, 1.0, 3.0),
            1e-3,
            Normalization.NONE,
            Schedule.CONSTANT,
            ModelZoo.DEFAULT),
        new Train(2, 2, 1, 0),
        new Inference(
            8, 4, Aggregation.GAUSSIAN, true, Decision.TUNED, 0, 0, 0.5, List.of(0), true));
  }

  /** The configuration of {@code preset}. */
  public static RunConfig preset(Preset preset) {
    return switch (preset) {
      case CPU -> cpu();
      case COURSE -> course();
      case TINY -> tiny();
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
    private Preset preset;
    private long seed;
    private Data data;
    private Split split;
    private Preprocess preprocess;
    private PlanSettings plan;
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
      plan = c.plan;
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

    /** Sets the phantom size. */
    public Builder phantomSize(PhantomSize size) {
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

    /** Replaces the plan section. */
    public Builder plan(PlanSettings p) {
      this.plan = p;
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

    /** Sets the filters (widths) per resolution stage. */
    public Builder filters(List<Integer> f) {
      model =
          new Model(
              f,
              model.lossWeights(),
              model.learningRate(),
              model.normalization(),
              model.schedule(),
              model.architecture());
      return this;
    }

    /** Sets the Adam learning rate. */
    public Builder learningRate(double lr) {
      model =
          new Model(
              model.filters(),
              model.lossWeights(),
              lr,
              model.normalization(),
              model.schedule(),
              model.architecture());
      return this;
    }

    /** Sets the learning-rate schedule. */
    public Builder schedule(Schedule name) {
      model =
          new Model(
              model.filters(),
              model.lossWeights(),
              model.learningRate(),
              model.normalization(),
              name,
              model.architecture());
      return this;
    }

    /** Sets the normalisation. */
    public Builder normalization(Normalization n) {
      model =
          new Model(
              model.filters(),
              model.lossWeights(),
              model.learningRate(),
              n,
              model.schedule(),
              model.architecture());
      return this;
    }

    /**
     * Sets the {@link ModelZoo} architecture; the normalisation becomes that architecture's
     * default, and, when given, the filters replace the current ones (null keeps them).
     */
    public Builder architecture(String name, List<Integer> filters) {
      model =
          new Model(
              filters != null ? filters : model.filters(),
              model.lossWeights(),
              model.learningRate(),
              Normalization.DEFAULT,
              model.schedule(),
              name);
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
          preset, seed, data, split, preprocess, plan, augment, sampling, model, train, inference);
    }
  }
}
