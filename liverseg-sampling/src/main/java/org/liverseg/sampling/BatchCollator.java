package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.List;
import org.liverseg.io.Box;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/**
 * Copies patches into one contiguous batch array in {@code [batch, channel, z, y, x]} order (x
 * fastest), the c-order layout of an ND4J/PyTorch {@code [N, C, D, H, W]} array, so a model can
 * wrap it (e.g. {@code Nd4j.create(data, shape)}) without another copy. Each voxel is copied once,
 * straight from the subject's arrays (one {@link System#arraycopy} per x-row of a scalar image).
 *
 * <pre>{@code
 * float[] x = BatchCollator.collate(patches, List.of("ct"));          // [b, 1, z, y, x]
 * long[] shape = BatchCollator.shape(patches, List.of("ct"));
 * float[] y = BatchCollator.oneHot(patches, "label", 3);              // [b, 3, z, y, x]
 * }</pre>
 *
 * <p>All patches of a batch must have the same size. The channels of a batch are the channels of
 * the named images in the given order (a label map contributes its labels as float values). The
 * {@code ...Into} variants fill a caller-owned array so a training loop can reuse one.
 */
public final class BatchCollator {

  private BatchCollator() {}

  /** The batch shape {@code {batch, channels, z, y, x}} of {@link #collate(List, List)}. */
  public static long[] shape(List<Patch> patches, List<String> imageNames) {
    Shape size = commonSize(patches);
    int channels = channels(patches.get(0).subject(), imageNames);
    return new long[] {patches.size(), channels, size.z(), size.y(), size.x()};
  }

  /** The batch shape {@code {batch, classes, z, y, x}} of {@link #oneHot(List, String, int)}. */
  public static long[] oneHotShape(List<Patch> patches, int classes) {
    Shape size = commonSize(patches);
    return new long[] {patches.size(), classes, size.z(), size.y(), size.x()};
  }

  /** Collates the named images of the patches into a new array (see the class description). */
  public static float[] collate(List<Patch> patches, List<String> imageNames) {
    long[] shape = shape(patches, imageNames);
    float[] out = new float[checkedLength(shape)];
    collateInto(patches, imageNames, out);
    return out;
  }

  /** Shorthand for {@link #collate(List, List)}. */
  public static float[] collate(List<Patch> patches, String... imageNames) {
    return collate(patches, ImmutableList.copyOf(imageNames));
  }

  /**
   * Collates into {@code out}, which must have exactly the length of {@link #shape(List, List)};
   * every element is written.
   */
  public static void collateInto(List<Patch> patches, List<String> imageNames, float[] out) {
    checkArgument(!imageNames.isEmpty(), "no image names to collate");
    long[] shape = shape(patches, imageNames);
    int channels = (int) shape[1];
    checkArgument(
        out.length == checkedLength(shape),
        "batch array has length %s but %s patches of %s with %s" + " channels need %s",
        out.length,
        patches.size(),
        patches.get(0).size(),
        channels,
        checkedLength(shape));
    int n = (int) (shape[2] * shape[3] * shape[4]);
    for (int b = 0; b < patches.size(); b++) {
      Patch p = patches.get(b);
      int c = 0;
      for (String name : imageNames) {
        Image image = p.subject().image(name);
        for (int ic = 0; ic < image.channels(); ic++, c++) {
          checkArgument(
              c < channels,
              "patch %s of subject %s has more channels in %s than the first patch (%s)",
              b,
              p.subjectId(),
              imageNames,
              channels);
          copyChannel(p, image, ic, out, (b * channels + c) * n);
        }
      }
      checkArgument(
          c == channels,
          "patch %s of subject %s has %s channels in %s but the first patch has %s",
          b,
          p.subjectId(),
          c,
          imageNames,
          channels);
    }
  }

  /**
   * One-hot encodes channel 0 of the label map {@code labelName} of each patch into a new array
   * {@code [batch, classes, z, y, x]}: 1 in the class of the voxel's label, 0 elsewhere.
   *
   * @throws IllegalArgumentException if a label is {@code >= classes} (naming the subject, label
   *     and voxel)
   */
  public static float[] oneHot(List<Patch> patches, String labelName, int classes) {
    float[] out = new float[checkedLength(oneHotShape(patches, classes))];
    oneHotInto(patches, labelName, classes, out);
    return out;
  }

  /**
   * One-hot encodes into {@code out}, which must have exactly the length of {@link
   * #oneHotShape(List, int)}; every element is written, so {@code out} need not be cleared.
   */
  public static void oneHotInto(List<Patch> patches, String labelName, int classes, float[] out) {
    checkArgument(
        classes >= 1 && classes <= LabelMap.MAX_LABEL + 1,
        "classes must be in 1..256, got %s",
        classes);
    long[] shape = oneHotShape(patches, classes);
    checkArgument(
        out.length == checkedLength(shape),
        "one-hot array has length %s but %s patches of %s with %s" + " classes need %s",
        out.length,
        patches.size(),
        patches.get(0).size(),
        classes,
        checkedLength(shape));
    Shape size = patches.get(0).size();
    int n = size.voxelsAsInt();
    // Per class, a table from label to 0 or 1: a load per voxel and class, no compare.
    float[][] indicator = new float[classes][LabelMap.MAX_LABEL + 1];
    for (int c = 0; c < classes; c++) {
      indicator[c][c] = 1;
    }
    for (int b = 0; b < patches.size(); b++) {
      Patch p = patches.get(b);
      LabelMap map = p.subject().labelMap(labelName);
      byte[] labels = map.labels();
      Shape src = map.shape();
      Box r = p.region();
      int d = b * classes * n; // advances one x-row of class 0; class c lies c * n further
      for (int z = 0; z < size.z(); z++) {
        for (int y = 0; y < size.y(); y++, d += size.x()) {
          int s = src.index(r.x0(), r.y0() + y, r.z0() + z);
          if (Boxes.isUniform(labels, s, size.x()) && (labels[s] & 0xFF) < classes) {
            int label = labels[s] & 0xFF; // one label in the row: a fill per class
            for (int c = 0; c < classes; c++) {
              Arrays.fill(out, d + c * n, d + c * n + size.x(), c == label ? 1f : 0f);
            }
            continue;
          }
          checkRow(labels, s, size.x(), classes, p, y, z);
          for (int c = 0; c < classes; c++) {
            float[] t = indicator[c];
            int dc = d + c * n;
            for (int x = 0; x < size.x(); x++) {
              out[dc + x] = t[labels[s + x] & 0xFF];
            }
          }
        }
      }
    }
  }

  private static void checkRow(byte[] labels, int s, int nx, int classes, Patch p, int y, int z) {
    for (int x = 0; x < nx; x++) {
      int l = labels[s + x] & 0xFF;
      if (l >= classes) {
        Box loc = p.location();
        throw new IllegalArgumentException(
            String.format(
                "subject %s has label %d at voxel (%d, %d, %d), outside the %d one-hot classes 0..%d",
                p.subjectId(), l, loc.x0() + x, loc.y0() + y, loc.z0() + z, classes, classes - 1));
      }
    }
  }

  private static void copyChannel(Patch p, Image image, int channel, float[] out, int dst) {
    Shape src = image.shape();
    int base = channel * src.voxelsAsInt();
    if (image instanceof ScalarImage s) {
      Boxes.copy(s.voxels(), src, base, p.region(), out, p.size(), dst);
    } else {
      Boxes.copy(((LabelMap) image).labels(), src, base, p.region(), out, p.size(), dst);
    }
  }

  private static int channels(Subject subject, List<String> imageNames) {
    int c = 0;
    for (String name : imageNames) {
      c += subject.image(name).channels();
    }
    return c;
  }

  private static Shape commonSize(List<Patch> patches) {
    checkArgument(!patches.isEmpty(), "cannot collate an empty list of patches");
    Shape size = patches.get(0).size();
    for (int b = 1; b < patches.size(); b++) {
      Patch p = patches.get(b);
      checkArgument(
          p.size().equals(size),
          "patches of one batch must have the same size: patch 0 (%s) is %s"
              + " but patch %s (%s) is %s",
          patches.get(0).subjectId(),
          size,
          b,
          p.subjectId(),
          p.size());
    }
    return size;
  }

  private static int checkedLength(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    checkArgument(
        n <= Integer.MAX_VALUE - 8,
        "batch of shape %s has %s values, more than one Java array holds",
        Arrays.toString(shape),
        n);
    return (int) n;
  }
}
