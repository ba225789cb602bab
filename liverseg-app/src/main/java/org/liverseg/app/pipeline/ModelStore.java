package org.liverseg.app.pipeline;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.Shape;
import org.liverseg.models.Architecture;
import org.liverseg.models.LearningRates;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.ModelZoo;
import org.liverseg.models.PreprocessingSpec;
import org.liverseg.models.prediction.InferenceSettings;
import org.liverseg.models.task03.CropOrPadModel;
import org.liverseg.models.task03.LiverTumourDecision;
import org.liverseg.models.task03.Task03;
import org.liverseg.models.training.TrainerState;
import org.liverseg.models.training.TrainingProgressListener;
import org.liverseg.plan.Plan;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Builds the network a {@link RunConfig} describes and saves and loads it as a liverseg model file
 * ({@link ModelFiles}): the network (with optimiser state, so training can resume), the {@link
 * ModelSpec} with the preprocessing the model expects, the whole run configuration and the
 * trainer's {@link TrainerState} (epoch, iterations, best score), so that a pipeline model file is
 * also a checkpoint that {@code SegmentationTrainer.Builder.resumeFrom} accepts, and, once training
 * has chosen it for a "tuned" configuration, the {@link LiverTumourDecision}. A model trained from
 * a plan also carries the {@link Plan} and its {@link InferenceSettings} ({@link
 * ModelFiles#PLAN_ENTRY}, {@link ModelFiles#INFERENCE_ENTRY}), which is what {@code CropOrPadModel}
 * (and so {@code liverseg predict}) segments with; the spec's target shape is then the patch size
 * and its window the normalisation's clipping range.
 */
public final class ModelStore {

  /** Zip entry holding the {@link RunConfig} as JSON. */
  public static final String CONFIG_ENTRY = CropOrPadModel.CONFIG_ENTRY;

  /** Zip entry holding the {@link TrainerState} the model was saved at. */
  public static final String STATE_ENTRY = TrainerState.ENTRY;

  /** Zip entry holding the tumour decision training chose for a "tuned" configuration. */
  public static final String DECISION_ENTRY = CropOrPadModel.DECISION_ENTRY;

  /** Classes of the Task03_Liver labels: background, liver, tumour. */
  public static final int CLASSES = Task03.CLASSES;

  private ModelStore() {}

  /**
   * A loaded model: the network, its spec, the configuration it was trained with and how far.
   *
   * @param state the trainer's state when the model was saved ({@link TrainerState#initial()} if
   *     the file does not say)
   * @param tunedDecision the decision chosen on validation for a "tuned" configuration, or null if
   *     none was chosen (yet)
   * @param plan the plan the model was trained with, or null for a model without one
   * @param settings the inference settings of a model with a plan (as chosen on validation), or
   *     null
   */
  public record Loaded(
      ComputationGraph network,
      ModelSpec spec,
      RunConfig config,
      TrainerState state,
      LiverTumourDecision tunedDecision,
      Plan plan,
      InferenceSettings settings) {

    /**
     * The inference settings to predict with: the configuration's, with the tuned decision in place
     * of "tuned" when the file has one (else "tuned" predicts with argmax).
     */
    public RunConfig.Inference inference() {
      RunConfig.Inference i = config.inference();
      return tunedDecision != null && i.decision() == RunConfig.Decision.TUNED
          ? i.withDecision(tunedDecision)
          : i;
    }

    /** The last epoch the model was trained for (0: untrained). */
    public int epoch() {
      return state.epochsDone();
    }

    /** Training iterations done. */
    public long iterations() {
      return state.iterations();
    }
  }

  /**
   * The network {@code config} describes: its {@link ModelZoo} architecture with the configured
   * filters, normalisation, loss weights, optimiser and seed.
   *
   * @param totalIterations the run's optimisation steps, over which a "poly" schedule decays
   */
  public static Architecture architecture(RunConfig config, long totalIterations) {
    return architecture(config, config.model().filters(), totalIterations);
  }

  /**
   * The network of {@code config} with the depth of {@code plan}: filters per level from {@link
   * #filters(RunConfig, Plan)}.
   */
  public static Architecture architecture(RunConfig config, Plan plan, long totalIterations) {
    return architecture(config, filters(config, plan), totalIterations);
  }

  /**
   * The filters per level of a network with the plan's depth: the first {@code depth + 1} entries
   * of {@code model.filters}, the last one doubled for each level the list lacks.
   */
  public static List<Integer> filters(RunConfig config, Plan plan) {
    List<Integer> f = config.model().filters();
    List<Integer> out = new java.util.ArrayList<>();
    for (int level = 0; level < plan.levels(); level++) {
      out.add(level < f.size() ? f.get(level) : out.get(level - 1) * 2);
    }
    return out;
  }

  /** The one place that describes the network (a new builder changes one method). */
  private static Architecture architecture(
      RunConfig config, List<Integer> filters, long totalIterations) {
    RunConfig.Model m = config.model();
    Adam adam =
        m.schedule() == RunConfig.Schedule.POLY
            ? new Adam(LearningRates.poly(m.learningRate(), totalIterations, 0.9))
            : new Adam(m.learningRate());
    return m.architectureBuilder(filters)
        .classWeights(m.lossWeightArray())
        .updater(adam)
        .seed(config.seed())
        .build();
  }

  /**
   * A freshly initialised network for {@code config} (seeded by the configuration's seed).
   *
   * @param totalIterations the run's optimisation steps, over which a "poly" schedule decays
   */
  public static ComputationGraph build(RunConfig config, long totalIterations) {
    return architecture(config, totalIterations).newNetwork();
  }

  /** A freshly initialised network for {@code config} with the depth of {@code plan}. */
  public static ComputationGraph build(RunConfig config, Plan plan, long totalIterations) {
    return architecture(config, plan, totalIterations).newNetwork();
  }

  /** What a model trained with {@code config} expects of its input. */
  public static PreprocessingSpec preprocessingSpec(RunConfig config) {
    RunConfig.Preprocess p = config.preprocess();
    return PreprocessingSpec.of(
        p.targetShape().toArray(),
        p.clampMin(),
        p.clampMax(),
        config.sampling().patchSize().toArray(),
        CLASSES);
  }

  /**
   * What a model trained with {@code config} and {@code plan} expects, in the fields the spec has:
   * the patch size as target shape (the plan's resampling, not a crop, brings scans to the
   * network), the normalisation's clipping range as window, the plan's patch size.
   */
  public static PreprocessingSpec preprocessingSpec(RunConfig config, Plan plan) {
    if (plan == null) {
      return preprocessingSpec(config);
    }
    int[] patch = plan.patchSize().toArray();
    return PreprocessingSpec.of(
        patch, plan.normalization().low(), plan.normalization().high(), patch, CLASSES);
  }

  /** The name, architecture and preprocessing written into the model file of a plan's model. */
  public static ModelSpec spec(RunConfig config, Plan plan) {
    if (plan == null) {
      return spec(config);
    }
    String a = config.model().architecture();
    return ModelSpec.of(
        "liverseg-" + (a.equals("unet") ? "unet3d" : a) + "-" + config.preset() + "-planned",
        architecture(config, plan, 1),
        preprocessingSpec(config, plan));
  }

  /**
   * The name, architecture (description, zoo name and parameters) and preprocessing written into
   * the model file of {@code config}.
   */
  public static ModelSpec spec(RunConfig config) {
    String a = config.model().architecture();
    return ModelSpec.of(
        "liverseg-" + (a.equals("unet") ? "unet3d" : a) + "-" + config.preset(),
        architecture(config, 1),
        preprocessingSpec(config));
  }

  /** Saves atomically, with optimiser state, configuration and training state. */
  public static void save(ComputationGraph net, RunConfig config, TrainerState state, Path file)
      throws IOException {
    save(net, config, state, null, file);
  }

  /**
   * Saves atomically, with optimiser state, configuration, training state and the decision chosen
   * on validation (null: none).
   */
  public static void save(
      ComputationGraph net,
      RunConfig config,
      TrainerState state,
      LiverTumourDecision tuned,
      Path file)
      throws IOException {
    save(net, config, null, null, state, tuned, file);
  }

  /**
   * Saves atomically, with optimiser state, configuration, the plan and inference settings (both
   * null for a model without plan), training state and the decision chosen on validation (null:
   * none).
   */
  public static void save(
      ComputationGraph net,
      RunConfig config,
      Plan plan,
      InferenceSettings settings,
      TrainerState state,
      LiverTumourDecision tuned,
      Path file)
      throws IOException {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put(CONFIG_ENTRY, RunConfigJson.toJson(config));
    extra.put(STATE_ENTRY, ModelFiles.gson().toJson(state));
    if (tuned != null) {
      extra.put(DECISION_ENTRY, ModelFiles.gson().toJson(tuned));
    }
    if (plan != null) {
      extra.put(ModelFiles.PLAN_ENTRY, plan.toJson());
      extra.put(
          ModelFiles.INFERENCE_ENTRY,
          (settings != null ? settings : config.inference().settings()).toJson());
    }
    ModelFiles.save(net, spec(config, plan), file, true, extra);
  }

  /** A trainer listener that saves the model to {@code file} after every epoch. */
  public static TrainingProgressListener savingAfterEveryEpoch(RunConfig config, Path file) {
    return savingAfterEveryEpoch(config, null, file);
  }

  /**
   * A trainer listener that saves the model of {@code plan} (null: none) to {@code file} after
   * every epoch.
   */
  public static TrainingProgressListener savingAfterEveryEpoch(
      RunConfig config, Plan plan, Path file) {
    return new TrainingProgressListener() {
      @Override
      public void checkpoint(ComputationGraph network, TrainerState state) throws IOException {
        save(network, config, plan, null, state, null, file);
      }
    };
  }

  /**
   * Loads a model file written by {@link #save}.
   *
   * @throws IOException naming the file if it is not a liverseg pipeline model
   */
  public static Loaded load(Path file) throws IOException {
    ModelSpec spec = ModelFiles.readSpec(file);
    Optional<String> configJson = ModelFiles.readEntry(file, CONFIG_ENTRY);
    if (configJson.isEmpty()) {
      throw new IOException(
          file + " has no " + CONFIG_ENTRY + ": not a model written by liverseg train/pipeline");
    }
    RunConfig config;
    try {
      config = RunConfigJson.fromJson(configJson.get());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    Plan plan = ModelFiles.readPlan(file).orElse(null);
    spec.requireCompatible(preprocessingSpec(config, plan));
    InferenceSettings settings = null;
    if (plan != null) {
      Optional<String> json = ModelFiles.readEntry(file, ModelFiles.INFERENCE_ENTRY);
      try {
        settings =
            json.isPresent()
                ? InferenceSettings.fromJson(json.get())
                : config.inference().settings();
      } catch (IllegalArgumentException e) {
        throw new IOException(
            file + ": invalid " + ModelFiles.INFERENCE_ENTRY + ": " + e.getMessage(), e);
      }
    }
    Optional<String> stateJson = ModelFiles.readEntry(file, STATE_ENTRY);
    TrainerState state =
        stateJson.isPresent() ? state(file, stateJson.get()) : TrainerState.initial();
    LiverTumourDecision tuned = CropOrPadModel.tunedDecision(file).orElse(null);
    ComputationGraph net = ModelFiles.load(file, true).network();
    return new Loaded(net, spec, config, state, tuned, plan, settings);
  }

  /**
   * The trainer state, also from files of earlier versions that saved only epoch and iterations.
   */
  private static TrainerState state(Path file, String json) throws IOException {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      if (o.has("epochsDone")) {
        return ModelFiles.gson().fromJson(json, TrainerState.class);
      }
      return new TrainerState(
          o.get("epoch").getAsInt(), o.get("iterations").getAsLong(), Double.NaN, 0, 0);
    } catch (JsonParseException
        | IllegalStateException
        | NullPointerException
        | UnsupportedOperationException e) {
      throw new IOException(file + ": invalid " + STATE_ENTRY + ": " + e.getMessage(), e);
    }
  }

  /** The patch size a spec names, as a shape. */
  public static Shape patchSize(PreprocessingSpec spec) {
    List<Integer> p = spec.patchSize();
    return Shape.of(p.get(0), p.get(1), p.get(2));
  }
}
