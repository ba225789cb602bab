package org.liverseg.transforms.intensity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.liverseg.io.Image;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TransformBuilder;

/**
 * Base of the intensity transforms: they change the voxel values of the selected scalar images only
 * (label maps are never touched) and keep every geometry. Not invertible.
 */
public abstract class IntensityTransform extends AbstractTransform {

  /** Takes the shared options from {@code builder}. */
  protected IntensityTransform(TransformBuilder<?> builder) {
    super(builder);
  }

  /** A function from one image's voxels to new voxels (a new array). */
  protected interface VoxelFunction {
    /** The new voxels of {@code image}, named {@code name}. */
    float[] apply(String name, ScalarImage image);
  }

  /**
   * Applies {@code f} to every selected scalar image and records {@code parameters} (images for
   * which {@code f} returns the input array itself count as unchanged).
   */
  protected final Subject applyToScalars(
      Subject subject, Map<String, Object> parameters, VoxelFunction f) {
    List<String> names = selectedScalarNames(subject);
    Map<String, Image> changed = new LinkedHashMap<>();
    for (String n : names) {
      ScalarImage im = subject.scalarImage(n);
      float[] out = f.apply(n, im);
      if (out != im.voxels()) {
        changed.put(n, im.withVoxels(out));
      }
    }
    return replace(
        subject,
        changed,
        AppliedTransform.of(name(), parameters, changed.keySet(), subject.images().keySet()));
  }
}
