package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.liverseg.io.Box;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/** Where samplers put patches, for random shapes, patch sizes and label layouts. */
class SamplerProperties {

  private static boolean inValidRegion(Box l, Shape volume, Shape patch) {
    for (int a = 0; a < 3; a++) {
      int c = l.start(a) + patch.get(a) / 2;
      if (c < patch.get(a) / 2 || c >= volume.get(a) - (patch.get(a) - 1) / 2) {
        return false;
      }
    }
    return true;
  }

  @Property(tries = 300)
  void labelSamplerCentresLieInTheValidRegionOnAWantedLabel(
      @ForAll @IntRange(min = 1, max = 24) int sx,
      @ForAll @IntRange(min = 1, max = 24) int sy,
      @ForAll @IntRange(min = 1, max = 24) int sz,
      @ForAll @IntRange(min = 1, max = 24) int px,
      @ForAll @IntRange(min = 1, max = 24) int py,
      @ForAll @IntRange(min = 1, max = 24) int pz,
      @ForAll @IntRange(min = 1, max = 4) int labels,
      @ForAll long seed,
      @ForAll boolean withProbabilities) {
    Shape volume = new Shape(sx, sy, sz);
    Shape patch = new Shape(Math.min(px, sx), Math.min(py, sy), Math.min(pz, sz));
    SplittableRandom layout = new SplittableRandom(seed);
    Subject s = TestSubjects.subject("p", volume, i -> layout.nextInt(labels));
    Map<Integer, Double> p = new HashMap<>();
    if (withProbabilities) {
      for (int l = 0; l < labels; l++) {
        if (layout.nextBoolean()) {
          p.put(l, layout.nextDouble());
        }
      }
      Assume.that(p.values().stream().mapToDouble(Double::doubleValue).sum() > 0);
    }
    LabelSampler sampler = new LabelSampler(patch, "label", p);
    Iterator<Patch> it;
    try {
      it = sampler.sample(s, new SplittableRandom(seed));
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("half a patch of the border"), e.getMessage());
      assertNoWantedVoxelInRegion(s, patch, p);
      return;
    }
    for (int n = 0; n < 50; n++) {
      Patch patchOut = it.next();
      Box l = patchOut.location();
      assertEquals(patch, l.size());
      assertTrue(l.fitsIn(volume));
      assertTrue(inValidRegion(l, volume, patch), () -> l + " centre outside the valid region");
      int label =
          s.labelMap("label")
              .get(l.x0() + patch.x() / 2, l.y0() + patch.y() / 2, l.z0() + patch.z() / 2);
      assertTrue(p.isEmpty() ? label > 0 : p.getOrDefault(label, 0.0) > 0, "centre label " + label);
    }
  }

  private static void assertNoWantedVoxelInRegion(Subject s, Shape patch, Map<Integer, Double> p) {
    Shape v = s.shape();
    for (int z = patch.z() / 2; z < v.z() - (patch.z() - 1) / 2; z++) {
      for (int y = patch.y() / 2; y < v.y() - (patch.y() - 1) / 2; y++) {
        for (int x = patch.x() / 2; x < v.x() - (patch.x() - 1) / 2; x++) {
          int l = s.labelMap("label").get(x, y, z);
          assertTrue(
              p.isEmpty() ? l == 0 : p.getOrDefault(l, 0.0) == 0, "a wanted label was present");
        }
      }
    }
  }

  @Property(tries = 300)
  void uniformSamplerStartsLieInRange(
      @ForAll @IntRange(min = 1, max = 30) int sx,
      @ForAll @IntRange(min = 1, max = 30) int sy,
      @ForAll @IntRange(min = 1, max = 30) int sz,
      @ForAll @IntRange(min = 1, max = 30) int px,
      @ForAll @IntRange(min = 1, max = 30) int py,
      @ForAll @IntRange(min = 1, max = 30) int pz,
      @ForAll long seed) {
    Shape volume = new Shape(sx, sy, sz);
    Shape patch = new Shape(px, py, pz);
    Subject s = TestSubjects.scalar("u", volume, 1);
    UniformSampler sampler = new UniformSampler(patch);
    if (!patch.fitsIn(volume)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> sampler.sample(s, new SplittableRandom(seed)));
      assertTrue(e.getMessage().contains("subject u") && e.getMessage().contains(patch.toString()));
      return;
    }
    for (Patch p : sampler.sample(s, new SplittableRandom(seed), 40)) {
      assertTrue(p.location().fitsIn(volume));
      assertEquals(patch, p.size());
    }
  }

  @Property(tries = 200)
  void weightedSamplerCentresLieInTheValidRegionOnPositiveWeights(
      @ForAll @IntRange(min = 1, max = 20) int sx,
      @ForAll @IntRange(min = 1, max = 20) int sy,
      @ForAll @IntRange(min = 1, max = 20) int sz,
      @ForAll @IntRange(min = 1, max = 20) int px,
      @ForAll @IntRange(min = 1, max = 20) int py,
      @ForAll @IntRange(min = 1, max = 20) int pz,
      @ForAll long seed) {
    Shape volume = new Shape(sx, sy, sz);
    Shape patch = new Shape(Math.min(px, sx), Math.min(py, sy), Math.min(pz, sz));
    SplittableRandom layout = new SplittableRandom(seed);
    float[] weights = new float[volume.voxelsAsInt()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = layout.nextInt(4) == 0 ? layout.nextFloat() : 0;
    }
    Subject s =
        Subject.builder("w")
            .image("map", org.liverseg.io.ScalarImage.of(volume, TestSubjects.AFFINE, weights))
            .build();
    Iterator<Patch> it;
    try {
      it = new WeightedSampler(patch, "map").sample(s, new SplittableRandom(seed));
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("zero everywhere inside the region"), e.getMessage());
      return;
    }
    for (int n = 0; n < 50; n++) {
      Box l = it.next().location();
      assertTrue(inValidRegion(l, volume, patch));
      int centre =
          volume.index(l.x0() + patch.x() / 2, l.y0() + patch.y() / 2, l.z0() + patch.z() / 2);
      assertTrue(weights[centre] > 0);
    }
  }
}
