package org.liverseg.models;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * What a model file records about its network so that it can be rebuilt: the {@link ModelZoo} name
 * and the architecture's {@link Architecture#parameters() parameters} as JSON.
 *
 * @param name zoo name, e.g. {@code "unet"}
 * @param parameters every shape setting of the architecture, plus input channels, classes and class
 *     weights (not the optimiser, seed or precision: those are training choices)
 */
public record ArchitectureSpec(String name, JsonObject parameters) {

  /** Checks for nulls and keeps a private copy of the JSON. */
  public ArchitectureSpec {
    Objects.requireNonNull(name, "name");
    parameters = Objects.requireNonNull(parameters, "parameters").deepCopy();
  }

  /** A copy of the parameters. */
  @Override
  public JsonObject parameters() {
    return parameters.deepCopy();
  }

  /** The builder of this architecture with these parameters, from {@link ModelZoo}. */
  public Architecture.Builder builder() {
    return ModelZoo.builder(this);
  }
}
