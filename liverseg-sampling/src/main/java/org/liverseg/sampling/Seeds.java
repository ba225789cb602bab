package org.liverseg.sampling;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Derives independent random generators from a seed and a few coordinates (epoch, index, purpose),
 * so that a queue's random choices depend only on what they are for, never on which thread makes
 * them or when. Mixing is SplitMix64's finaliser applied per coordinate.
 */
final class Seeds {

  /** Purpose: the order of subjects in an epoch. */
  static final long SUBJECT_ORDER = 0x5B1EC7L;

  /** Purpose: the shuffle of one fill's patches. */
  static final long PATCH_ORDER = 0x9A7C4L;

  /** Purpose: the sampler of one subject visit. */
  static final long SAMPLING = 0x5A3B1EL;

  /** Purpose: the random transform of one subject visit. */
  static final long TRANSFORM = 0x7EA45FL;

  private Seeds() {}

  /** A 64-bit seed that depends on every argument. */
  static long mix(long seed, long epoch, long index, long purpose) {
    long h = fmix(seed + 0x9E3779B97F4A7C15L);
    h = fmix(h ^ (epoch + 0x632BE59BD9B4E019L));
    h = fmix(h ^ (index + 0x8CB92BA72F3D8DD7L));
    return fmix(h ^ (purpose + 0xD1B54A32D192ED03L));
  }

  /**
   * A generator for the given coordinates (a {@link SplittableRandom}, whose algorithm is fixed).
   */
  static RandomGenerator generator(long seed, long epoch, long index, long purpose) {
    return new SplittableRandom(mix(seed, epoch, index, purpose));
  }

  private static long fmix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
