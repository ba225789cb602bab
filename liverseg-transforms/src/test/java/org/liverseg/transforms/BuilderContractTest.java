package org.liverseg.transforms;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.intensity.Clamp;
import org.liverseg.transforms.intensity.RandomBlur;
import org.liverseg.transforms.intensity.RandomGamma;
import org.liverseg.transforms.intensity.RandomNoise;
import org.liverseg.transforms.intensity.RescaleIntensity;
import org.liverseg.transforms.intensity.ZNormalization;
import org.liverseg.transforms.label.KeepLargestComponent;
import org.liverseg.transforms.label.OneHot;
import org.liverseg.transforms.label.RemapLabels;
import org.liverseg.transforms.spatial.Crop;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.EnsureShapeMultiple;
import org.liverseg.transforms.spatial.Flip;
import org.liverseg.transforms.spatial.RandomAffine;
import org.liverseg.transforms.spatial.RandomElasticDeformation;
import org.liverseg.transforms.spatial.RandomFlip;
import org.liverseg.transforms.spatial.Resample;
import org.liverseg.transforms.spatial.ToCanonical;

/**
 * Every builder: the shared options chain through its own type and reach the transform, the random
 * transforms say so, and each bound is accepted at its edge and rejected just past it.
 */
class BuilderContractTest {

  private final Subject s = TestSubjects.ctAndLabel(Shape.of(4, 4, 4), Affine.identity());

  private static void accepted(Executable e) {
    assertDoesNotThrow(e);
  }

  private static void rejected(Executable e) {
    assertThrows(IllegalArgumentException.class, e);
  }

  @Test
  void sharedOptionsChainAndReachTheTransform() {
    List<Transform> all =
        List.of(
            Clamp.builder().p(0.5).seed(1).min(0).build(),
            RescaleIntensity.builder().p(0.5).seed(1).build(),
            ZNormalization.builder().p(0.5).seed(1).build(),
            RandomNoise.builder().p(0.5).seed(1).std(0.1).build(),
            RandomGamma.builder().p(0.5).seed(1).logGamma(0.1).build(),
            RandomBlur.builder().p(0.5).seed(1).std(1).build(),
            OneHot.builder().p(0.5).seed(1).numClasses(3).build(),
            RemapLabels.builder().p(0.5).seed(1).map(1, 2).build(),
            KeepLargestComponent.builder().p(0.5).seed(1).labels(1).build(),
            Crop.builder().p(0.5).seed(1).cropping(1).build(),
            CropOrPad.builder().p(0.5).seed(1).target(3, 3, 3).build(),
            EnsureShapeMultiple.builder().p(0.5).seed(1).multiple(2).build(),
            Flip.builder().p(0.5).seed(1).axes(1).build(),
            RandomFlip.builder().p(0.5).seed(1).axes(1).build(),
            RandomAffine.builder().p(0.5).seed(1).centreAtOrigin().build(),
            RandomElasticDeformation.builder().p(0.5).seed(1).lockedBorders(1).build(),
            Resample.builder().p(0.5).seed(1).spacing(2).build(),
            ToCanonical.builder().p(0.5).seed(1).build());
    for (Transform t : all) {
      assertTrue(t.isRandom(), t.name());
      assertEquals(0.5, ((AbstractTransform) t).probability(), t.name());
      Subject out = t.apply(s); // the seeded generator decides; either way the subject is valid
      assertTrue(out.history().size() <= 1, t.name());
    }
  }

  @Test
  void randomTransformsAreRandomAtProbabilityOne() {
    for (Transform t :
        List.of(
            RandomNoise.builder().build(),
            RandomGamma.builder().build(),
            RandomBlur.builder().build(),
            RandomFlip.builder().build(),
            RandomAffine.builder().build(),
            RandomElasticDeformation.builder().build())) {
      assertTrue(t.isRandom(), t.name());
      assertThrows(IllegalStateException.class, () -> t.apply(s), t.name());
    }
    for (Transform t :
        List.of(
            Clamp.builder().max(1).build(),
            Flip.builder().build(),
            Resample.builder().spacing(1).build(),
            ToCanonical.builder().build())) {
      assertFalse(t.isRandom(), t.name());
    }
  }

  @Test
  void labelBoundsAreInclusive() {
    accepted(() -> CropOrPad.builder().mask("label").labels(0, 255));
    rejected(() -> CropOrPad.builder().mask("label").labels(256));
    rejected(() -> CropOrPad.builder().mask("label").labels(-1));
    accepted(() -> KeepLargestComponent.builder().labels(1, 255));
    rejected(() -> KeepLargestComponent.builder().labels(0));
    rejected(() -> KeepLargestComponent.builder().labels(256));
    accepted(() -> OneHot.builder().numClasses(1));
    accepted(() -> OneHot.builder().numClasses(256));
    rejected(() -> OneHot.builder().numClasses(0));
    rejected(() -> OneHot.builder().numClasses(257));
    accepted(() -> RemapLabels.builder().map(0, 255).map(255, 0));
    rejected(() -> RemapLabels.builder().map(-1, 0));
    rejected(() -> RemapLabels.builder().map(256, 0));
    rejected(() -> RemapLabels.builder().map(0, -1));
    rejected(() -> RemapLabels.builder().map(0, 256));
    rejected(() -> RemapLabels.builder().map(3, 1).map(3, 2));
    rejected(() -> RemapLabels.builder().build());
    accepted(() -> RandomAffine.builder().padLabel(0).padLabel(255));
    rejected(() -> RandomAffine.builder().padLabel(256));
    accepted(() -> RandomElasticDeformation.builder().lockedBorders(0).lockedBorders(2));
    accepted(() -> RandomFlip.builder().flipProbability(0).flipProbability(1));
    rejected(() -> RandomFlip.builder().flipProbability(-0.01));
    rejected(() -> RandomFlip.builder().flipProbability(1.01));
  }

  @Test
  void intensityBoundsAreChecked() {
    rejected(() -> Clamp.builder().min(Double.NaN));
    rejected(() -> Clamp.builder().max(Double.NaN));
    rejected(() -> Clamp.builder().build());
    accepted(() -> Clamp.builder().min(2).max(2).build());
    rejected(() -> Clamp.builder().min(2.5).max(2).build());
    accepted(() -> RescaleIntensity.builder().outMinMax(1, 1));
    rejected(() -> RescaleIntensity.builder().outMinMax(1, 0.5));
    rejected(() -> RescaleIntensity.builder().outMinMax(Double.NEGATIVE_INFINITY, 1));
    rejected(() -> RescaleIntensity.builder().outMinMax(0, Double.NaN));
    accepted(() -> RescaleIntensity.builder().percentiles(0, 100).percentiles(30, 30));
    rejected(() -> RescaleIntensity.builder().percentiles(-0.1, 50));
    rejected(() -> RescaleIntensity.builder().percentiles(50, 100.1));
    rejected(() -> RescaleIntensity.builder().percentiles(60, 50));
    accepted(() -> RescaleIntensity.builder().inMinMax(-1, 1));
    rejected(() -> RescaleIntensity.builder().inMinMax(1, 1));
    rejected(() -> RescaleIntensity.builder().inMinMax(0, Double.POSITIVE_INFINITY));
    rejected(() -> RescaleIntensity.builder().inMinMax(Double.NaN, 1));
  }

  @Test
  void structuralPreconditionsNameTheProblem() {
    rejected(() -> EnsureShapeMultiple.builder().build());
    rejected(() -> CropOrPad.builder().build());
    rejected(() -> CropOrPad.builder().target(2, 2, 2).onlyCrop().onlyPad().build());
    rejected(() -> CropOrPad.builder().target(2, 2, 2).labels(1).build());
    rejected(() -> TransformBuilderProbe.includeThenExclude());
    rejected(() -> Clamp.builder().exclude("ct").include("label"));
    Subject twoChannels =
        Subject.builder("c")
            .image(
                "label",
                LabelMap.of(
                    new ImageGeometry(Shape.of(2, 2, 2), 2, Affine.identity()), new byte[16]))
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OneHot.builder().build().apply(twoChannels));
    assertTrue(e.getMessage().contains("2 channels"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> KeepLargestComponent.builder().labels(1).build().apply(twoChannels));
    byte[] big = new byte[8];
    big[0] = 4;
    Subject four =
        Subject.builder("f")
            .image("label", LabelMap.of(Shape.of(2, 2, 2), Affine.identity(), big))
            .build();
    rejected(() -> OneHot.builder().numClasses(4).build().apply(four));
    assertEquals(5, OneHot.builder().numClasses(5).build().apply(four).image("label").channels());
    assertEquals(5, OneHot.builder().build().apply(four).image("label").channels());
    assertTrue(
        Clamp.builder().max(1).build().apply(s, new SplittableRandom(1)).history().size() == 1);
  }

  /** Calls include after exclude through the shared builder. */
  private static final class TransformBuilderProbe {
    static void includeThenExclude() {
      Clamp.builder().include("ct").exclude("label");
    }
  }
}
