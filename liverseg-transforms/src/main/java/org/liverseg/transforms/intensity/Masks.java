package org.liverseg.transforms.intensity;

import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;

/** Selects the voxels that intensity statistics are computed from. */
final class Masks {

  private Masks() {}

  /**
   * The values of {@code image} (every channel) where the mask's channel 0 is above 0, or all
   * values when {@code maskName} is null. The mask must be a label map of the subject.
   */
  static float[] maskedValues(
      Subject subject, String transform, String imageName, ScalarImage image, String maskName) {
    float[] v = image.voxels();
    if (maskName == null) {
      return v;
    }
    byte[] m = mask(subject, transform, maskName).labels();
    int volume = image.shape().voxelsAsInt();
    int count = 0;
    for (int i = 0; i < volume; i++) {
      if (m[i] != 0) {
        count++;
      }
    }
    float[] out = new float[count * image.channels()];
    int o = 0;
    for (int c = 0; c < image.channels(); c++) {
      int off = c * volume;
      for (int i = 0; i < volume; i++) {
        if (m[i] != 0) {
          out[o++] = v[off + i];
        }
      }
    }
    return out;
  }

  static LabelMap mask(Subject subject, String transform, String maskName) {
    if (!subject.has(maskName)) {
      throw new IllegalArgumentException(
          transform
              + ": masking image '"
              + maskName
              + "' not found in subject "
              + subject.id()
              + "; it has "
              + subject.images().keySet());
    }
    Image m = subject.image(maskName);
    if (!(m instanceof LabelMap l)) {
      throw new IllegalArgumentException(
          transform
              + ": masking image '"
              + maskName
              + "' of subject "
              + subject.id()
              + " is a scalar image; a mask must be a LabelMap");
    }
    return l;
  }
}
