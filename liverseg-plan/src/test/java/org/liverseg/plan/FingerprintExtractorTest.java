package org.liverseg.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;

class FingerprintExtractorTest {

  private static List<Subject> subjects() {
    List<Subject> s = new ArrayList<>();
    s.add(Cases.subject("a", Shape.of(12, 10, 8), Cases.lps(0.8, 0.8, 2.5), 1));
    s.add(Cases.subject("b", Shape.of(16, 14, 6), Cases.lps(0.7, 0.7, 3.0), 2));
    s.add(Cases.subject("c", Shape.of(10, 12, 9), Cases.lps(0.9, 0.9, 2.0), 3));
    s.add(Cases.subject("d", Shape.of(8, 8, 4), Cases.lps(0.75, 0.75, 5.0), 4));
    return s;
  }

  @Test
  void exactForegroundMomentsLabelCountsAndMedians() {
    List<Subject> subjects = subjects();
    Fingerprint fp = FingerprintExtractor.builder().threads(2).build().extract(subjects);
    // the truth, computed directly in double
    double sum = 0;
    long n = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long[] labels = new long[3];
    long all = 0;
    for (Subject s : subjects) {
      float[] v = s.scalarImage("ct").voxels();
      byte[] l = s.labelMap("label").labels();
      for (int i = 0; i < v.length; i++) {
        labels[l[i]]++;
        if (l[i] > 0) {
          sum += v[i];
          n++;
          min = Math.min(min, v[i]);
          max = Math.max(max, v[i]);
        }
      }
      all += v.length;
    }
    double mean = sum / n;
    double ss = 0;
    for (Subject s : subjects) {
      float[] v = s.scalarImage("ct").voxels();
      byte[] l = s.labelMap("label").labels();
      for (int i = 0; i < v.length; i++) {
        if (l[i] > 0) {
          ss += (v[i] - mean) * (v[i] - mean);
        }
      }
    }
    IntensityStatistics fg = fp.foreground();
    assertEquals(n, fg.voxels());
    assertEquals(mean, fg.mean(), 1e-9 * Math.abs(mean));
    assertEquals(Math.sqrt(ss / n), fg.std(), 1e-9 * fg.std());
    assertEquals(min, fg.min(), 0);
    assertEquals(max, fg.max(), 0);
    assertEquals(4 * FingerprintExtractor.DEFAULT_SAMPLES_PER_CASE, fg.samples());
    assertEquals(List.of(0, 1, 2), fp.labels());
    for (int k = 0; k < 3; k++) {
      assertEquals((double) labels[k] / all, fp.classFractions().get(k), 1e-15);
    }
    // the cases in order, as stored; medians over canonical axes (LPS keeps the order)
    assertEquals(
        List.of("a", "b", "c", "d"), fp.cases().stream().map(CaseFingerprint::id).toList());
    CaseFingerprint b = fp.cases().get(1);
    assertEquals(Shape.of(16, 14, 6), b.shape());
    assertEquals("LPS", b.orientation());
    assertEquals(0.7, b.spacing().x(), 1e-12);
    assertEquals(new Vec3(11, 11, 7), fp.medianShape()); // (10+12)/2, (10+12)/2, (6+8)/2
    assertEquals(0.775, fp.medianSpacing().x(), 1e-12);
    assertEquals(2.75, fp.medianSpacing().z(), 1e-12);
    assertEquals("ct", fp.imageName());
    assertEquals("label", fp.labelName());
  }

  @Test
  void everyCaseWeighsTheSameInThePercentilesButNotInTheMean() {
    // case "small": 8 foreground voxels of 7; case "large": 504 foreground voxels of 9
    Shape shape = Shape.of(8, 8, 8);
    Subject small = constant("small", shape, 8, 7);
    Subject large = constant("large", shape, 504, 9);
    Fingerprint fp =
        FingerprintExtractor.builder().samplesPerCase(1000).build().extract(List.of(small, large));
    IntensityStatistics fg = fp.foreground();
    assertEquals(7, fg.percentile00_5(), 0);
    assertEquals(8, fg.median(), 0, "half the pooled sample is 7, half 9");
    assertEquals(9, fg.percentile99_5(), 0);
    assertEquals((8 * 7 + 504 * 9) / 512.0, fg.mean(), 1e-12, "the mean counts every voxel");
    assertEquals(2000, fg.samples());
  }

  private static Subject constant(String id, Shape shape, int foreground, float value) {
    float[] v = new float[shape.voxelsAsInt()];
    byte[] l = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      l[i] = (byte) (i < foreground ? 1 : 0);
      v[i] = i < foreground ? value : -1000;
    }
    return Subject.builder(id)
        .image("ct", ScalarImage.of(shape, Affine.identity(), v))
        .image("label", LabelMap.of(shape, Affine.identity(), l))
        .build();
  }

  @Test
  void samplePercentilesAreThoseOfTheEqualWeightMixtureOfTheCases() {
    List<Subject> subjects = subjects();
    Fingerprint fp =
        FingerprintExtractor.builder().samplesPerCase(20_000).build().extract(subjects);
    IntensityStatistics fg = fp.foreground();
    double[][] values = new double[subjects.size()][];
    for (int c = 0; c < values.length; c++) {
      float[] v = subjects.get(c).scalarImage("ct").voxels();
      byte[] l = subjects.get(c).labelMap("label").labels();
      List<Double> f = new ArrayList<>();
      for (int i = 0; i < v.length; i++) {
        if (l[i] > 0) {
          f.add((double) v[i]);
        }
      }
      values[c] = f.stream().mapToDouble(d -> d).toArray();
    }
    // each case weighs 1/4 whatever its foreground size: the mixture's CDF at the sampled
    // percentile is the percentile's rank, to the sampling error of 80,000 draws
    double[][] checks = {
      {0.5, fg.percentile00_5()}, {50, fg.median()}, {99.5, fg.percentile99_5()}
    };
    for (double[] check : checks) {
      double q = check[0] / 100;
      double below = 0;
      double atOrBelow = 0;
      for (double[] v : values) {
        below += java.util.Arrays.stream(v).filter(x -> x < check[1]).count() / (double) v.length;
        atOrBelow +=
            java.util.Arrays.stream(v).filter(x -> x <= check[1]).count() / (double) v.length;
      }
      below /= values.length;
      atOrBelow /= values.length;
      assertTrue(
          below - 0.003 <= q && q <= atOrBelow + 0.003,
          "percentile " + check[0] + ": mixture CDF " + below + ".." + atOrBelow);
    }
  }

  @Test
  void sameResultForAnyThreadCountAndSampleIndependentOfCaseOrder() {
    List<Subject> subjects = subjects();
    Fingerprint one = FingerprintExtractor.builder().threads(1).build().extract(subjects);
    for (int threads : new int[] {2, 3, 8}) {
      assertEquals(
          one,
          FingerprintExtractor.builder().threads(threads).build().extract(subjects),
          "threads");
    }
    List<Subject> reversed = new ArrayList<>(subjects);
    Collections.reverse(reversed);
    Fingerprint r = FingerprintExtractor.builder().threads(2).build().extract(reversed);
    assertEquals(one.foreground().percentile00_5(), r.foreground().percentile00_5(), 0);
    assertEquals(one.foreground().median(), r.foreground().median(), 0);
    assertEquals(one.foreground().percentile99_5(), r.foreground().percentile99_5(), 0);
    assertEquals(one.foreground().mean(), r.foreground().mean(), 1e-12 * one.foreground().mean());
    // another seed draws another sample
    Fingerprint other = FingerprintExtractor.builder().seed(7).build().extract(subjects);
    assertFalse(
        one.foreground().percentile99_5() == other.foreground().percentile99_5()
            && one.foreground().percentile00_5() == other.foreground().percentile00_5());
    assertEquals(7, other.seed());
  }

  @Test
  void caseWithoutForegroundCountsInShapesOnly() {
    Shape shape = Shape.of(8, 8, 8);
    Subject empty = constant("empty", shape, 0, 0);
    Fingerprint fp = FingerprintExtractor.builder().build().extract(List.of(empty));
    assertNull(fp.foreground());
    assertEquals(Map.of(0, 1.0), fp.classFractions());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Plan.from(fp, Budget.cpuDefault()));
    assertTrue(e.getMessage().contains("no case has a label above 0"), e.getMessage());
    Fingerprint two =
        FingerprintExtractor.builder().build().extract(List.of(empty, constant("x", shape, 3, 5)));
    assertEquals(3, two.foreground().voxels());
    assertEquals(5, two.foreground().mean(), 0);
    assertEquals(0, two.foreground().std(), 0);
  }

  @Test
  void readsLazyFilesOnceAndLeavesTheSubjectsUnloaded(@TempDir Path dir) throws IOException {
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(5)
        .build()
        .writeDataset(dir, 3, DatasetProgress.NONE);
    MsdDataset data = MsdDataset.open(dir);
    List<Integer> progress = new ArrayList<>();
    Fingerprint fp =
        FingerprintExtractor.builder()
            .threads(2)
            .progress((id, done, total) -> progress.add(done * 10 + total))
            .build()
            .extract(data.training().subjects());
    assertEquals(List.of(13, 23, 33), progress);
    for (Subject s : data.training().subjects()) {
      assertFalse(s.image("ct").isLoaded(), s.id());
      assertFalse(s.image("label").isLoaded(), s.id());
    }
    assertEquals(fp, Fingerprint.of(data), "the defaults of Fingerprint.of");
    Subject first = data.training().subjects().get(0);
    CaseFingerprint c = fp.cases().get(0);
    assertEquals(first.shape(), c.shape());
    assertEquals(first.image("ct").orientation(), c.orientation());
    assertEquals(List.of(0, 1, 2), fp.labels());
    assertTrue(fp.foreground().mean() > 0 && fp.foreground().mean() < 200, fp.describe());
  }

  @Test
  void everyFailedCaseIsReportedWithItsFile(@TempDir Path dir) throws IOException {
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(5)
        .build()
        .writeDataset(dir, 4, DatasetProgress.NONE);
    // liver_1: a NaN voxel; liver_3: voxel data cut off after the header
    Path nan = dir.resolve("imagesTr/liver_1.nii.gz");
    ScalarImage ct = ScalarImage.read(nan);
    float[] v = ct.voxels().clone();
    v[100] = Float.NaN;
    Nifti.write(nan, ct.withVoxels(v));
    Path cut = dir.resolve("imagesTr/liver_3.nii");
    ScalarImage ct3 = ScalarImage.read(dir.resolve("imagesTr/liver_3.nii.gz"));
    Nifti.write(cut, ct3);
    byte[] bytes = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(bytes, 400));
    Files.delete(dir.resolve("imagesTr/liver_3.nii.gz"));
    Files.writeString(
        dir.resolve("dataset.json"),
        Files.readString(dir.resolve("dataset.json"))
            .replace("imagesTr/liver_3.nii.gz", "imagesTr/liver_3.nii"));
    MsdDataset data = MsdDataset.open(dir);
    FingerprintException e =
        assertThrows(
            FingerprintException.class,
            () ->
                FingerprintExtractor.builder()
                    .threads(2)
                    .build()
                    .extract(data.training().subjects()));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("2 of 4 cases could not be fingerprinted:"), e.getMessage());
    String p1 = e.problems().get(0);
    assertTrue(p1.startsWith("case liver_1: image 'ct' (" + nan), p1);
    assertTrue(p1.contains("non-finite voxel (NaN) at index 100"), p1);
    String p3 = e.problems().get(1);
    assertTrue(p3.startsWith("case liver_3: ") && p3.contains(cut.toString()), p3);
  }

  @Test
  void rejectsMultiChannelImagesAndMissingNames() {
    Shape shape = Shape.of(4, 4, 4);
    Subject twoChannels =
        Subject.builder("two")
            .image(
                "ct",
                ScalarImage.of(new ImageGeometry(shape, 2, Affine.identity()), new float[2 * 64]))
            .image("label", LabelMap.of(shape, Affine.identity(), new byte[64]))
            .build();
    Subject noLabel =
        Subject.builder("nolabel")
            .image("ct", ScalarImage.of(shape, Affine.identity(), new float[64]))
            .build();
    FingerprintException e =
        assertThrows(
            FingerprintException.class,
            () -> FingerprintExtractor.builder().build().extract(List.of(twoChannels, noLabel)));
    assertEquals(
        List.of(
            "case two: image 'ct' has 2 channels; a fingerprint reads single-channel 3D images",
            "case nolabel: subject nolabel has no image named 'label'; it has [ct]"),
        e.problems());
    assertThrows(
        IllegalArgumentException.class,
        () -> FingerprintExtractor.builder().build().extract(List.of()));
    assertThrows(IllegalArgumentException.class, () -> FingerprintExtractor.builder().threads(0));
    assertThrows(
        IllegalArgumentException.class, () -> FingerprintExtractor.builder().samplesPerCase(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> FingerprintExtractor.builder().imageName("x").labelName("x").build());
  }

  @Test
  void imageOnlyFingerprintReadsHeadersOnly(@TempDir Path dir) throws IOException {
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(5)
        .build()
        .writeDataset(dir, 3, DatasetProgress.NONE);
    MsdDataset data = MsdDataset.open(dir);
    Fingerprint fp = Fingerprint.ofImages(data.training().subjects());
    for (Subject s : data.training().subjects()) {
      assertFalse(s.image("ct").isLoaded());
    }
    assertFalse(fp.isLabelled());
    assertNull(fp.labelName());
    assertNull(fp.foreground());
    assertNull(fp.classFractions());
    assertEquals(List.of(), fp.labels());
    assertEquals(3, fp.cases().size());
    assertFalse(fp.cases().get(0).isLabelled());
    assertEquals(fp, Fingerprint.fromJson(fp.toJson()));
    assertEquals(
        Fingerprint.of(data).medianSpacing(), fp.medianSpacing(), "same geometry either way");
  }

  @Test
  void caseFingerprintChecksItsCounts() {
    SortedMap<Integer, Long> counts = new TreeMap<>(Map.of(0, 60L, 1, 4L));
    CaseFingerprint c =
        new CaseFingerprint("x", Shape.of(4, 4, 4), new Vec3(1, 1, 1), "RAS", counts);
    assertEquals(4, c.foregroundVoxels());
    counts.put(2, 1L);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CaseFingerprint("x", Shape.of(4, 4, 4), new Vec3(1, 1, 1), "RAS", counts));
    assertTrue(e.getMessage().contains("add up to 65 voxels but the shape 4x4x4 holds 64"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CaseFingerprint("x", Shape.of(4, 4, 4), new Vec3(1, 0, 1), "RAS", null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CaseFingerprint("x", Shape.of(4, 4, 4), new Vec3(1, 1, 1), "R?S", null));
  }
}
