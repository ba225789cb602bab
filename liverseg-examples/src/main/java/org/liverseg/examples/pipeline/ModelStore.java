package org.liverseg.examples.pipeline;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.Shape;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.PreprocessingSpec;
import org.liverseg.models.UNet3D;

/**
 * Builds the U-Net a {@link RunConfig} describes and saves and loads it as a liverseg model file
 * ({@link ModelFiles}): the network (with optimiser state, so training can resume), the {@link
 * ModelSpec} with the preprocessing the model expects, the whole run configuration and the training
 * state (epoch and iteration).
 */
public final class ModelStore {

  /** Zip entry holding the {@link RunConfig} as JSON. */
  public static final String CONFIG_ENTRY = "liverseg-run-config.json";
  /** Zip entry holding the epoch and iteration the model was saved at. */
  public static final String STATE_ENTRY = "liverseg-trainer-state.json";
  /** Classes of the Task03_Liver labels: background, liver, tumour. */
  public static final int CLASSES = 3;

  private ModelStore() {}

  /** A loaded model: the network, its spec, the configuration it was trained with and how far. */
  public record Loaded(ComputationGraph network, ModelSpec spec, RunConfig config, int epoch, long iterations) {}

  /** A freshly initialised network for {@code config} (seeded by the configuration's seed). */
  public static ComputationGraph build(RunConfig config) {
    RunConfig.Model m = config.model();
    return UNet3D.builder().filters(m.filters().stream().mapToInt(Integer::intValue).toArray())
        .classWeights(m.lossWeights().stream().mapToDouble(Double::doubleValue).toArray())
        .norm(m.normalization().equals("batch") ? UNet3D.Norm.BATCH : UNet3D.Norm.NONE)
        .learningRate(m.learningRate()).seed(config.seed()).build().build();
  }

  /** What a model trained with {@code config} expects of its input. */
  public static PreprocessingSpec preprocessingSpec(RunConfig config) {
    RunConfig.Preprocess p = config.preprocess();
    return PreprocessingSpec.of(p.targetShape().toArray(), p.clampMin(), p.clampMax(),
        config.sampling().patchSize().toArray(), CLASSES);
  }

  /** Saves atomically, with optimiser state, configuration and training state. */
  public static void save(ComputationGraph net, RunConfig config, int epoch, long iterations, Path file)
      throws IOException {
    ModelSpec spec = new ModelSpec("liverseg-unet3d-" + config.preset(), "UNet3D filters " + config.model().filters() + ", normalization " + config.model().normalization(),
        preprocessingSpec(config));
    JsonObject state = new JsonObject();
    state.addProperty("epoch", epoch);
    state.addProperty("iterations", iterations);
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put(CONFIG_ENTRY, RunConfigJson.toJson(config));
    extra.put(STATE_ENTRY, state.toString());
    ModelFiles.save(net, spec, file, true, extra);
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
      throw new IOException(file + " has no " + CONFIG_ENTRY + ": not a model written by liverseg train/pipeline");
    }
    RunConfig config;
    try {
      config = RunConfigJson.fromJson(configJson.get());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    spec.requireCompatible(preprocessingSpec(config));
    int epoch = 0;
    long iterations = 0;
    Optional<String> stateJson = ModelFiles.readEntry(file, STATE_ENTRY);
    if (stateJson.isPresent()) {
      JsonObject state = JsonParser.parseString(stateJson.get()).getAsJsonObject();
      epoch = state.get("epoch").getAsInt();
      iterations = state.get("iterations").getAsLong();
    }
    ComputationGraph net = ModelFiles.load(file, true).network();
    return new Loaded(net, spec, config, epoch, iterations);
  }

  /** The patch size a spec names, as a shape. */
  public static Shape patchSize(PreprocessingSpec spec) {
    List<Integer> p = spec.patchSize();
    return Shape.of(p.get(0), p.get(1), p.get(2));
  }
}
