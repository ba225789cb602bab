package org.liverseg.transforms.spatial;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TransformBuilder;

/**
 * Reorders voxel axes to the closest canonical RAS+ orientation, as TorchIO's {@code ToCanonical}
 * (nibabel's {@code as_closest_canonical}): axes are permuted and flipped, never interpolated, and
 * the affine changes so that every voxel keeps its world position. An image already RAS is left as
 * it is. Invertible: the inverse restores the input voxel order and affine exactly.
 *
 * <pre>{@code
 * Subject ras = ToCanonical.builder().build().apply(subject);
 * }</pre>
 */
public final class ToCanonical extends AbstractTransform {

  private ToCanonical(Builder b) {
    super(b);
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    Affine a = subject.affine();
    Shape shape = subject.shape();
    String code = a.orientation();
    int[] perm = new int[3];
    boolean[] flip = new boolean[3];
    for (int v = 0; v < 3; v++) {
      char c = code.charAt(v);
      int w = "RLAPSI".indexOf(c) / 2;
      perm[w] = v;
      flip[w] = c == 'L' || c == 'P' || c == 'I';
    }
    boolean identity = code.equals("RAS");
    Affine newAffine = Reorder.affine(a, shape, perm, flip);
    int[] inv = new int[3];
    for (int w = 0; w < 3; w++) {
      inv[perm[w]] = w;
    }
    boolean[] invFlip = {flip[inv[0]], flip[inv[1]], flip[inv[2]]};
    List<String> names = selectedNames(subject);
    Map<String, Image> changed = new LinkedHashMap<>();
    for (String n : names) {
      Image im = subject.image(n);
      changed.put(
          n,
          identity
              ? im
              : Reorder.apply(im, perm, flip, Reorder.affine(im.affine(), shape, perm, flip)));
    }
    AppliedTransform record =
        AppliedTransform.invertible(
            name(),
            ImmutableMap.of("orientation", code),
            names,
            subject.images().keySet(),
            image -> identity ? image : Reorder.apply(image, inv, invFlip, a));
    return replace(subject, changed, record);
  }

  /** Configures a {@link ToCanonical}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public ToCanonical build() {
      return new ToCanonical(this);
    }
  }
}
