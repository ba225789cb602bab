package org.liverseg.models;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model file says about itself besides its weights: a name, the network description and the
 * preprocessing it was trained with.
 *
 * @param name short model name
 * @param architecture human-readable network description (e.g. {@link UNet3D#toString()})
 * @param preprocessing the preprocessing the model expects
 * @param network the zoo architecture and its parameters, from which the network can be rebuilt;
 *     null in files written before the model zoo (and for networks not from the zoo)
 */
public record ModelSpec(
    String name, String architecture, PreprocessingSpec preprocessing, ArchitectureSpec network) {

  /** Checks for nulls (except {@code network}). */
  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(preprocessing, "preprocessing");
  }

  /** A spec without a zoo architecture (a network built by hand). */
  public ModelSpec(String name, String architecture, PreprocessingSpec preprocessing) {
    this(name, architecture, preprocessing, null);
  }

  /** The spec of a model of zoo architecture {@code a}: its description and its parameters. */
  public static ModelSpec of(String name, Architecture a, PreprocessingSpec preprocessing) {
    return new ModelSpec(name, a.toString(), preprocessing, a.spec());
  }

  /** The recorded zoo architecture, if the file has one. */
  public Optional<ArchitectureSpec> zooArchitecture() {
    return Optional.ofNullable(network);
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
