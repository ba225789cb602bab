package org.liverseg.models;

/**
 * Normalisation after a convolution. Which ones an architecture supports, and its default, is in
 * its Javadoc; the convolution before a normalisation has no bias unless the architecture's PyTorch
 * original keeps one.
 */
public enum Norm {
  /** None: convolutions with bias (the seed's U-Net). */
  NONE,
  /**
   * Batch normalisation, PyTorch {@code BatchNorm3d} defaults (momentum 0.1, eps 1e-5): {@link
   * org.liverseg.models.layers.BatchNorm3D}.
   */
  BATCH,
  /**
   * Instance normalisation, PyTorch {@code InstanceNorm3d(affine=True)}, eps 1e-5 (nnU-Net's):
   * {@link org.liverseg.models.layers.GroupNorm3D#instance}.
   */
  INSTANCE,
  /**
   * Group normalisation, PyTorch {@code GroupNorm(groups, channels)}, eps 1e-5 (MONAI SegResNet's,
   * 8 groups): {@link org.liverseg.models.layers.GroupNorm3D#grouped}.
   */
  GROUP
}
