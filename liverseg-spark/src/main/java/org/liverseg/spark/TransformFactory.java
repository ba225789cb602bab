package org.liverseg.spark;

import java.io.Serializable;
import org.liverseg.transforms.Transform;

/**
 * Makes the transform a {@link PreprocessJob} applies, on each executor: transforms need not be
 * serialisable, the factory (a lambda of this interface capturing only serialisable values) is.
 *
 * <pre>{@code
 * TransformFactory f = () -> Compose.of(
 *     CropOrPad.builder().target(Shape.of(256, 256, 200)).build(),
 *     Clamp.builder().min(-100).max(400).build());
 * }</pre>
 */
@FunctionalInterface
public interface TransformFactory extends Serializable {

  /** A new transform (called once per task). */
  Transform create();
}
