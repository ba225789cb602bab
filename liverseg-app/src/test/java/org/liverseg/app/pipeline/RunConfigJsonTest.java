package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liverseg.io.Shape;

class RunConfigJsonTest {

  @ParameterizedTest
  @ValueSource(strings = {"cpu", "course", "tiny"})
  void everyPresetSurvivesAJsonRoundTrip(String preset, @TempDir Path dir) throws Exception {
    RunConfig c = RunConfig.preset(RunConfig.Preset.parse(preset));
    Path file = dir.resolve("config.json");
    RunConfigJson.write(c, file);
    assertEquals(c, RunConfigJson.read(file));
  }

  @Test
  void changedSettingsSurviveARoundTrip() {
    RunConfig c =
        RunConfig.cpu().toBuilder()
            .seed(-7)
            .epochs(3)
            .patchSize(Shape.of(32, 40, 16))
            .filters(List.of(3, 5))
            .learningRate(2.5e-4)
            .dataDir("/tmp/x y")
            .augmentEnabled(false)
            .build();
    RunConfig back = RunConfigJson.fromJson(RunConfigJson.toJson(c));
    assertEquals(c, back);
    assertEquals(Shape.of(32, 40, 16), back.sampling().patchSize());
    assertEquals(0.5, back.sampling().labelProbabilities().get(2));
  }

  @Test
  void aFileWithoutScheduleMeansConstantAndAnUnknownOneIsRefused() {
    String json =
        RunConfigJson.toJson(
            RunConfig.tiny().toBuilder().schedule(RunConfig.Schedule.POLY).build());
    assertEquals(RunConfig.Schedule.POLY, RunConfigJson.fromJson(json).model().schedule());
    String old = json.replaceFirst(",\\s*\"schedule\": \"poly\"", "");
    assertEquals(RunConfig.Schedule.CONSTANT, RunConfigJson.fromJson(old).model().schedule());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunConfigJson.fromJson(json.replace("\"poly\"", "\"cosine\"")));
    assertEquals(
        "invalid configuration: model.schedule: unknown value 'cosine'; valid: constant, poly",
        e.getMessage());
  }

  /** config.json files written before the settings became enums load unchanged. */
  @Test
  void aConfigFileOfVersion010StillLoadsAndIsWrittenTheSameWay() throws Exception {
    String text;
    try (var in = getClass().getResourceAsStream("config-0.1.0.json")) {
      text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    RunConfig c = RunConfigJson.fromJson(text);
    // fills of 40 patches mixed whole subjects only before visits could straddle two fills; 36
    // gives those fills now
    assertEquals(40, c.sampling().queueMaxLength());
    assertEquals(36, RunConfig.cpu().sampling().queueMaxLength());
    // a file without plan section trains without a plan (the fixed CropOrPad preprocessing of its
    // time), and its inference section means what it meant: no mirroring, nothing chosen
    assertEquals(RunConfig.PlanSource.NONE, c.plan().source());
    assertEquals(0.5, c.inference().tileStep());
    assertEquals(List.of(), c.inference().mirrorAxes());
    assertFalse(c.inference().choose());
    RunConfig.Sampling cpuSampling = RunConfig.cpu().sampling();
    RunConfig then =
        RunConfig.cpu().toBuilder()
            .plan(RunConfig.PlanSettings.none())
            .filters(List.of(8, 16, 32))
            .sampling(
                new RunConfig.Sampling(
                    cpuSampling.patchSize(),
                    cpuSampling.labelProbabilities(),
                    40,
                    6, // the cpu preset's samples per volume of that time
                    cpuSampling.numWorkers()))
            .inference(
                new RunConfig.Inference(
                    8, 4, RunConfig.Aggregation.HANN, true, RunConfig.Decision.TUNED, 0, 0))
            .build();
    assertEquals(then, c);
    assertEquals(c, RunConfigJson.fromJson(RunConfigJson.toJson(c)));
    assertEquals(RunConfig.Preset.CPU, c.preset());
    assertEquals(org.liverseg.phantoms.PhantomSize.SMALL, c.data().phantomSize());
    assertEquals(RunConfig.Normalization.BATCH, c.model().normalization());
    assertEquals(RunConfig.Schedule.POLY, c.model().schedule());
    assertEquals(RunConfig.Aggregation.HANN, c.inference().aggregation());
    assertEquals(RunConfig.Decision.TUNED, c.inference().decision());
    // written again, it gains the sections and settings added since, with those meanings (and the
    // architecture that files of 0.1.0 did not name)
    String again = RunConfigJson.toJson(c);
    assertTrue(again.contains("\"source\": \"none\""), again);
    assertTrue(again.contains("\"choose\": false"), again);
    assertTrue(again.contains("\"architecture\": \"unet\""), again);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "preset|\"cpu\"|\"gpu\"|preset|cpu, course, tiny",
        "phantomSize|\"small\"|\"huge\"|data.phantomSize|full, small, tiny",
        "normalization|\"batch\"|\"layer\"|model.normalization|default, none, batch, instance, group",
        "aggregation|\"gaussian\"|\"max\"|inference.aggregation|crop, average, hann, gaussian",
        "source|\"auto\"|\"guess\"|plan.source|auto, file, none",
        "decision|\"tuned\"|\"best\"|inference.decision|argmax, liver-tumour, tuned",
        "decision|\"tuned\"|3|inference.decision|argmax, liver-tumour, tuned",
      })
  void unknownNamesAreRefusedListingTheValidOnes(String row) {
    String[] f = row.split("\\|");
    String json =
        RunConfigJson.toJson(RunConfig.cpu())
            .replace("\"" + f[0] + "\": " + f[1], "\"" + f[0] + "\": " + f[2]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RunConfigJson.fromJson(json));
    assertEquals(
        "invalid configuration: "
            + f[3]
            + ": unknown value '"
            + f[2].replace("\"", "")
            + "'; valid: "
            + f[4],
        e.getMessage());
  }

  @Test
  void namesAreCaseSensitiveInFilesButNotOnTheCommandLine() {
    assertEquals(RunConfig.Decision.LIVER_TUMOUR, RunConfig.Decision.parse("Liver-Tumour"));
    assertEquals("liver-tumour", RunConfig.Decision.LIVER_TUMOUR.toString());
    String json = RunConfigJson.toJson(RunConfig.cpu()).replace("\"tuned\"", "\"TUNED\"");
    assertThrows(IllegalArgumentException.class, () -> RunConfigJson.fromJson(json));
  }

  @Test
  void aFileWithoutArchitectureMeansTheUNetAndTheArchitectureMustAcceptTheFilters() {
    String json = RunConfigJson.toJson(RunConfig.tiny());
    String old =
        json.replaceFirst(",\\s*\"architecture\": \"unet\"", "")
            .replaceFirst("\"normalization\": \"none\",", "");
    assertFalse(old.contains("architecture") || old.contains("normalization"), old);
    RunConfig.Model m = RunConfigJson.fromJson(old).model();
    assertEquals("unet", m.architecture());
    assertEquals(RunConfig.Normalization.DEFAULT, m.normalization());
    var unet = (org.liverseg.models.UNet3D) ModelStore.architecture(RunConfigJson.fromJson(old), 1);
    assertEquals(org.liverseg.models.Norm.NONE, unet.norm());

    RunConfig seg = RunConfig.cpu().toBuilder().architecture("segresnet", null).build();
    assertEquals(RunConfig.Normalization.DEFAULT, seg.model().normalization());
    assertEquals(seg, RunConfigJson.fromJson(RunConfigJson.toJson(seg)));
    assertEquals("segresnet", ModelStore.architecture(seg, 1).name());
    assertEquals("segresnet", ModelStore.spec(seg).network().name());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunConfig.cpu().toBuilder().architecture("segresnet", List.of(8, 12)).build());
    assertTrue(e.getMessage().contains("widths must double"), e.getMessage());
    IllegalArgumentException e2 =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunConfigJson.fromJson(json.replace("\"unet\"", "\"vnet\"")));
    assertTrue(e2.getMessage().contains("resenc-unet"), e2.getMessage());
  }

  @Test
  void theInferenceDecisionDefaultsToArgmaxAndNamesItsValues() {
    RunConfig.Inference liverTumour =
        RunConfig.tiny()
            .inference()
            .withDecision(new org.liverseg.models.task03.LiverTumourDecision(0.7, 25));
    RunConfig c = RunConfig.tiny().toBuilder().inference(liverTumour).build();
    RunConfig back = RunConfigJson.fromJson(RunConfigJson.toJson(c));
    assertEquals(
        new org.liverseg.models.task03.LiverTumourDecision(0.7, 25),
        back.inference().labelDecision());
    String old = RunConfigJson.toJson(c).replaceFirst(",\\s*\"decision\": \"liver-tumour\"", "");
    assertEquals(
        org.liverseg.models.prediction.LabelDecision.argmax(),
        RunConfigJson.fromJson(old).inference().labelDecision());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunConfigJson.fromJson(RunConfigJson.toJson(c).replace("0.7", "0.3")));
    assertTrue(
        e.getMessage().contains("inference.tumourThreshold must be in [0.5, 1)"), e.getMessage());
  }

  @Test
  void shapesAreWrittenAsArraysAndLabelProbabilitiesAsAnObject() {
    String json = RunConfigJson.toJson(RunConfig.course());
    assertTrue(json.contains("\"targetShape\": [\n      256,\n      256,\n      200\n    ]"), json);
    assertTrue(json.contains("\"2\": 0.5"), json);
  }

  @Test
  void coursePresetIsTheSeedConfiguration() {
    RunConfig c = RunConfig.course();
    assertEquals(Shape.of(256, 256, 200), c.preprocess().targetShape());
    assertEquals(Shape.cube(96), c.sampling().patchSize());
    assertEquals(40, c.sampling().queueMaxLength());
    assertEquals(5, c.sampling().samplesPerVolume());
    assertEquals(4, c.sampling().numWorkers());
    assertEquals(2, c.train().batchSize());
    assertEquals(List.of(32, 64, 128, 256), c.model().filters());
    assertEquals(100, c.train().epochs());
    assertEquals(1e-4, c.model().learningRate());
    assertEquals(List.of(1.0, 1.0, 3.0), c.model().lossWeights());
  }

  @Test
  void badFilesGiveMessagesNamingTheProblem(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.json");
    Files.writeString(f, "{ not json");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RunConfigJson.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());

    String json = RunConfigJson.toJson(RunConfig.tiny()).replace("\"epochs\": 2", "\"epochs\": 0");
    e = assertThrows(IllegalArgumentException.class, () -> RunConfigJson.fromJson(json));
    assertTrue(e.getMessage().contains("train.epochs must be positive"), e.getMessage());

    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunConfigJson.fromJson("{\"preset\": \"cpu\", \"seed\": 1}"));
    assertTrue(e.getMessage().contains("section"), e.getMessage());

    String badShape =
        RunConfigJson.toJson(RunConfig.tiny())
            .replaceFirst("\"patchSize\": \\[", "\"patchSize\": [1,");
    e = assertThrows(IllegalArgumentException.class, () -> RunConfigJson.fromJson(badShape));
    assertTrue(e.getMessage().contains("exactly 3 extents"), e.getMessage());

    assertThrows(
        java.nio.file.NoSuchFileException.class,
        () -> RunConfigJson.read(dir.resolve("missing.json")));
  }

  @Test
  void patchLargerThanTheTargetShapeIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RunConfig.tiny().toBuilder()
                    .plan(RunConfig.PlanSettings.none())
                    .patchSize(Shape.cube(64))
                    .build());
    assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    // with a plan the plan's patch replaces it, so it is not checked
    RunConfig.tiny().toBuilder().patchSize(Shape.cube(64)).build();
  }

  @Test
  void planSettingsValidateAndRoundTrip() {
    RunConfig c = RunConfig.cpu().toBuilder().plan(RunConfig.PlanSettings.file("p.json")).build();
    assertEquals(c, RunConfigJson.fromJson(RunConfigJson.toJson(c)));
    assertEquals(RunConfig.PlanSource.AUTO, RunConfig.cpu().plan().source());
    assertEquals(RunConfig.PlanSource.NONE, RunConfig.course().plan().source());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RunConfig.PlanSettings(RunConfig.PlanSource.FILE, null, 0, 0, 0, null));
    assertTrue(e.getMessage().contains("plan.file is needed"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RunConfig.PlanSettings(
                    RunConfig.PlanSource.AUTO, null, 147456, 4, 1.5, RunConfig.Intensity.CT));
    assertEquals("plan.minPatchCoverage must be in [0, 1], got 1.5", e.getMessage());
    // mirroring only along axes the augmentation flips
    RunConfig.Inference i = RunConfig.cpu().inference();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RunConfig.cpu().toBuilder()
                    .inference(i.withWindow(RunConfig.Aggregation.HANN, 0.5, List.of(0)))
                    .build());
    assertTrue(e.getMessage().contains("axis 0 is not flipped in training"), e.getMessage());
  }

  @Test
  void unknownPresetNamesTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RunConfig.Preset.parse("gpu"));
    assertEquals("unknown preset 'gpu'; valid: cpu, course, tiny", e.getMessage());
    assertEquals(RunConfig.course(), RunConfig.preset(RunConfig.Preset.parse("course")));
  }
}
