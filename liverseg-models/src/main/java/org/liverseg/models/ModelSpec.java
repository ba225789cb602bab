package org.liverseg.models;

import java.util.List;
import java.util.Objects;

/**
 * What a model file says about itself besides its weights: a name, the network description and the
 * preprocessing it was trained with.
 *
 * @param name short model name (e.g. a zoo entry)
 * @param architecture human-readable network description ({@link UNet3D#toString()})
 * @param preprocessing the preprocessing the model expects
 */
public record ModelSpec(String name, String architecture, PreprocessingSpec preprocessing) {

  /** Checks for nulls. */
  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(preprocessing, "preprocessing");
  }

  /**
   * Fails unless {@code actual} is the preprocessing this model was trained with.
   *
   * @throws IllegalStateException naming every differing field
   */
  public void requireCompatible(PreprocessingSpec actual) {
    List<String> d = preprocessing.differences(actual);
    if (!d.isEmpty()) {
      throw new IllegalStateException(
          "model \""
              + name
              + "\" was trained with another preprocessing "
              + "(model vs requested): "
              + String.join("; ", d));
    }
  }
}
