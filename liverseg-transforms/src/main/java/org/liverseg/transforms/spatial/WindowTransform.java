package org.liverseg.transforms.spatial;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TransformBuilder;

/** Shared application and inversion of the pad/crop family (see {@link Window}). */
abstract class WindowTransform extends AbstractTransform {

  WindowTransform(TransformBuilder<?> builder) {
    super(builder);
  }

  /**
   * Pads by {@code padding} (filled by {@code mode}) and then crops by {@code cropping} every
   * selected image, recording an invertible step whose inverse crops/pads back to the input grid
   * (new voxels 0) and restores the input affine exactly.
   */
  final Subject window(
      Subject subject,
      Bounds padding,
      Bounds cropping,
      PaddingMode mode,
      Map<String, Object> params) {
    Shape in = subject.shape();
    Affine inAffine = subject.affine();
    int[] offset = offset(padding, cropping);
    Shape out = outputShape(in, padding, cropping, name() + " of subject " + subject.id());
    List<String> names = selectedNames(subject);
    Map<String, Image> changed = new LinkedHashMap<>();
    for (String n : names) {
      changed.put(n, Window.apply(subject.image(n), offset, out, mode));
    }
    Map<String, Object> all = new LinkedHashMap<>(params);
    all.put("padding", padding.toList());
    all.put("cropping", cropping.toList());
    all.put("padding_mode", mode.torchioName());
    int[] back = {-offset[0], -offset[1], -offset[2]};
    AppliedTransform record =
        AppliedTransform.invertible(
            name(),
            ImmutableMap.copyOf(all),
            names,
            subject.images().keySet(),
            image -> Window.apply(image, back, in, PaddingMode.ZERO).withAffine(inAffine));
    return replace(subject, changed, record);
  }

  /** Input voxel that becomes output voxel 0: {@code crop_ini - pad_ini} per axis. */
  static int[] offset(Bounds padding, Bounds cropping) {
    return new int[] {
      cropping.xIni() - padding.xIni(),
      cropping.yIni() - padding.yIni(),
      cropping.zIni() - padding.zIni()
    };
  }

  /** Shape after padding then cropping; throws naming {@code what} if an axis would vanish. */
  static Shape outputShape(Shape in, Bounds padding, Bounds cropping, String what) {
    int[] s = new int[3];
    for (int a = 0; a < 3; a++) {
      s[a] = in.get(a) + padding.ini(a) + padding.fin(a) - cropping.ini(a) - cropping.fin(a);
      if (s[a] < 1) {
        throw new IllegalArgumentException(
            String.format(
                "%s: cropping %s voxels of axis %d (size %d, padded by %d) leaves nothing",
                what,
                cropping.ini(a) + cropping.fin(a),
                a,
                in.get(a),
                padding.ini(a) + padding.fin(a)));
      }
    }
    return Shape.of(s);
  }
}
