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
import org.liverseg.models.LearningRates;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.PreprocessingSpec;
import org.liverseg.models.UNet3D;
import org.liverseg.models.task03.LiverTumourDecision;
import org.liverseg.models.task03.SegmentationModel;
import org.liverseg.models.task03.Task03;
import org.liverseg.models.training.TrainerState;
import org.liverseg.models.training.TrainingProgressListener;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Builds the U-Net a {@link RunConfig} describes and saves and loads it as a liverseg model file
 * ({@link ModelFiles}): the network (with optimiser state, so training can resume), the {@link
 * ModelSpec} with the preprocessing the model expects, the whole run configuration and the
 * trainer's {@link TrainerState} (epoch, iterations, best score), so that a pipeline model file is
 * also a checkpoint that {@code SegmentationTrainer.Builder.resumeFrom} accepts, and, once training
 * has chosen it for a "tuned" configuration, the {@link LiverTumourDecision}.
 */
public final class ModelStore {

  /** Zip entry holding the {@link RunConfig} as JSON. */
  public static final String CONFIG_ENTRY = SegmentationModel.CONFIG_ENTRY;

  /** Zip entry holding the {@link TrainerState} the model was saved at. */
  public static final String STATE_ENTRY = TrainerState.ENTRY;

  /** Zip entry holding the tumour decision training chose for a "tuned" configuration. */
  public static final String DECISION_ENTRY = SegmentationModel.DECISION_ENTRY;

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
   */
  public record Loaded(
      ComputationGraph network,
      ModelSpec spec,
      RunConfig config,
      TrainerState state,
      LiverTumourDecision tunedDecision) {

    /**
     * The inference settings to predict with: the configuration's, with the tuned decision in place
     * of "tuned" when the file has one (else "tuned" predicts with argmax).
     */
    public RunConfig.Inference inference() {
      RunConfig.Inference i = config.inference();
      return tunedDecision != null && i.decision().equals("tuned")
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
   * A freshly initialised network for {@code config} (seeded by the configuration's seed).
   *
   * @param totalIterations the run's optimisation steps, over which a "poly" schedule decays
   */
  public static ComputationGraph build(RunConfig config, long totalIterations) {
    RunConfig.Model m = config.model();
    Adam adam =
        m.schedule().equals("poly")
            ? new Adam(LearningRates.poly(m.learningRate(), totalIterations, 0.9))
            : new Adam(m.learningRate());
    return UNet3D.builder()
        .filters(m.filters().stream().mapToInt(Integer::intValue).toArray())
        .classWeights(m.lossWeightArray())
        .norm(m.normalization().equals("batch") ? UNet3D.Norm.BATCH : UNet3D.Norm.NONE)
        .updater(adam)
        .seed(config.seed())
        .build()
        .build();
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

  /** The name, architecture and preprocessing written into the model file of {@code config}. */
  public static ModelSpec spec(RunConfig config) {
    return new ModelSpec(
        "liverseg-unet3d-" + config.preset(),
        "UNet3D filters "
            + config.model().filters()
            + ", normalization "
            + config.model().normalization(),
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
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put(CONFIG_ENTRY, RunConfigJson.toJson(config));
    extra.put(STATE_ENTRY, ModelFiles.gson().toJson(state));
    if (tuned != null) {
      extra.put(DECISION_ENTRY, ModelFiles.gson().toJson(tuned));
    }
    ModelFiles.save(net, spec(config), file, true, extra);
  }

  /** A trainer listener that saves the model to {@code file} after every epoch. */
  public static TrainingProgressListener savingAfterEveryEpoch(RunConfig config, Path file) {
    return new TrainingProgressListener() {
      @Override
      public void checkpoint(ComputationGraph network, TrainerState state) throws IOException {
        save(network, config, state, file);
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
    spec.requireCompatible(preprocessingSpec(config));
    Optional<String> stateJson = ModelFiles.readEntry(file, STATE_ENTRY);
    TrainerState state =
        stateJson.isPresent() ? state(file, stateJson.get()) : TrainerState.initial();
    LiverTumourDecision tuned = SegmentationModel.tunedDecision(file).orElse(null);
    ComputationGraph net = ModelFiles.load(file, true).network();
    return new Loaded(net, spec, config, state, tuned);
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
