package org.liverseg.transforms;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.liverseg.io.Image;
import org.liverseg.io.TransformRecord;

/**
 * The history record every liverseg transform leaves in a subject: its name, the parameters it used
 * (random ones as drawn; values are numbers, strings or immutable lists, so records compare with
 * {@code equals}), the names of the images it changed and of all images present at the time, and,
 * for invertible transforms, a per-image inverse.
 *
 * <p>The inverse is an image operation, so it also applies to images added to the subject after the
 * transform ran (e.g. a predicted label map added to the preprocessed subject): see {@link
 * Transforms#inverse}. Two records are equal when their name, parameters and image names are.
 */
public final class AppliedTransform implements TransformRecord {

  private final String name;
  private final ImmutableMap<String, Object> parameters;
  private final ImmutableSet<String> changedImages;
  private final ImmutableSet<String> presentImages;
  private final UnaryOperator<Image> inverse;

  private AppliedTransform(
      String name,
      Map<String, Object> parameters,
      ImmutableSet<String> changedImages,
      ImmutableSet<String> presentImages,
      UnaryOperator<Image> inverse) {
    this.name = requireNonNull(name, "name");
    this.parameters = ImmutableMap.copyOf(parameters);
    this.changedImages = requireNonNull(changedImages, "changedImages");
    this.presentImages = requireNonNull(presentImages, "presentImages");
    this.inverse = inverse;
  }

  /** A record of a transform that cannot be undone. */
  public static AppliedTransform of(
      String name,
      Map<String, Object> parameters,
      Iterable<String> changedImages,
      Iterable<String> presentImages) {
    return new AppliedTransform(
        name,
        parameters,
        ImmutableSet.copyOf(changedImages),
        ImmutableSet.copyOf(presentImages),
        null);
  }

  /**
   * A record of an invertible transform; {@code inverse} maps one image of the transformed grid
   * back onto the grid the transform started from.
   */
  public static AppliedTransform invertible(
      String name,
      Map<String, Object> parameters,
      Iterable<String> changedImages,
      Iterable<String> presentImages,
      UnaryOperator<Image> inverse) {
    return new AppliedTransform(
        name,
        parameters,
        ImmutableSet.copyOf(changedImages),
        ImmutableSet.copyOf(presentImages),
        requireNonNull(inverse, "inverse"));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ImmutableMap<String, Object> parameters() {
    return parameters;
  }

  /** Names of the images the transform changed. */
  public ImmutableSet<String> changedImages() {
    return changedImages;
  }

  /** Names of all images the subject had when the transform ran. */
  public ImmutableSet<String> presentImages() {
    return presentImages;
  }

  /** The per-image inverse, if the transform is invertible. */
  public Optional<UnaryOperator<Image>> inverse() {
    return Optional.ofNullable(inverse);
  }

  /** Whether the transform can be undone. */
  public boolean isInvertible() {
    return inverse != null;
  }

  /**
   * Whether the inverse must be applied to the image with this name: it was changed by the
   * transform, or it was not in the subject then (added later, so it lives on the transformed
   * grid).
   */
  public boolean appliesTo(String imageName) {
    return changedImages.contains(imageName) || !presentImages.contains(imageName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppliedTransform a
        && name.equals(a.name)
        && parameters.equals(a.parameters)
        && changedImages.equals(a.changedImages)
        && presentImages.equals(a.presentImages);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, parameters, changedImages, presentImages);
  }

  @Override
  public String toString() {
    return name + parameters;
  }
}
