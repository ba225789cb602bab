package org.liverseg.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Named network configurations. Each entry builds its (untrained) {@link UNet3D} and loads trained
 * model files of its kind, refusing files that another entry wrote.
 */
public enum ModelZoo {

  /** CPU default: 3 levels, 8/16/32 filters (about 0.1 M parameters), batch norm off. */
  CPU_SMALL("liverseg-cpu-small", UNet3D::builder),

  /** CPU default with batch norm: trains in about a third of the iterations on the phantoms. */
  CPU_SMALL_BN("liverseg-cpu-small-bn", () -> UNet3D.builder().norm(UNet3D.Norm.BATCH)),

  /** The network compared with PyTorch: 4 levels, 16/32/64/128 filters (1.6 M parameters). */
  BENCHMARK("liverseg-bench-16", UNet3D::benchmark),

  /** The seed's "course" network for a GPU: 4 levels, 32/64/128/256 filters (6.4 M parameters). */
  COURSE("liverseg-course", UNet3D::course);

  private final String modelName;
  private final Supplier<UNet3D.Builder> config;

  ModelZoo(String modelName, Supplier<UNet3D.Builder> config) {
    this.modelName = modelName;
    this.config = config;
  }

  /** The name written into model files of this entry. */
  public String modelName() {
    return modelName;
  }

  /** A builder preset with this entry's configuration (to adjust e.g. the learning rate). */
  public UNet3D.Builder config() {
    return config.get();
  }

  /** The entry's network description. */
  public UNet3D unet() {
    return config.get().build();
  }

  /** A {@link ModelSpec} for a model of this entry trained with {@code preprocessing}. */
  public ModelSpec spec(PreprocessingSpec preprocessing) {
    return new ModelSpec(modelName, unet().toString(), preprocessing);
  }

  /**
   * Loads a model file written for this entry.
   *
   * @throws IOException if the file cannot be read or was written for another model name
   */
  public ModelFiles.Loaded load(Path file) throws IOException {
    ModelSpec spec = ModelFiles.readSpec(file);
    if (!spec.name().equals(modelName)) {
      throw new IOException(
          file + " holds model \"" + spec.name() + "\", not \"" + modelName + "\"");
    }
    return ModelFiles.load(file, false);
  }

  /** The entry with {@code modelName}. */
  public static ModelZoo byName(String modelName) {
    return Arrays.stream(values())
        .filter(z -> z.modelName.equals(modelName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no zoo model named \""
                        + modelName
                        + "\"; known: "
                        + Arrays.stream(values()).map(ModelZoo::modelName).toList()));
  }
}
