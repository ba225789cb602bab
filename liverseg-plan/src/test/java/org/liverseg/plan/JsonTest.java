package org.liverseg.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Shape;

/** JSON of fingerprints and plans: round trips, versions, readable form, atomic writes. */
class JsonTest {

  private static Fingerprint fingerprint() {
    return FingerprintExtractor.builder()
        .samplesPerCase(500)
        .build()
        .extract(
            List.of(
                Cases.subject("a", Shape.of(24, 20, 16), Cases.lps(0.8, 0.8, 2.5), 1),
                Cases.subject("b", Shape.of(32, 28, 12), Cases.lps(0.7, 0.7, 3.0), 2)));
  }

  @Test
  void fingerprintAndPlanRoundTripExactly() {
    Fingerprint fp = fingerprint();
    assertEquals(fp, Fingerprint.fromJson(fp.toJson()));
    Plan plan = Plan.from(fp, Budget.cpu(40_000));
    assertEquals(plan, Plan.fromJson(plan.toJson()));
    Plan window = plan.withNormalization(Normalization.SEED_WINDOW);
    assertEquals(window, Plan.fromJson(window.toJson()));
  }

  @Test
  void jsonIsReadableWithTheRecordsFieldNames() {
    Plan plan = Plan.from(fingerprint(), Budget.cpu(40_000));
    String json = plan.toJson();
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    assertEquals(1, o.get("version").getAsInt());
    assertEquals("ct", o.getAsJsonObject("normalization").get("scheme").getAsString());
    assertTrue(json.contains("\"patchSize\": [" + plan.patchSize().x() + ", "), json);
    assertTrue(json.contains("\"targetSpacing\": [0.75, 0.75, 2.75]"), json);
    assertTrue(json.contains("\"budget\": {\n    \"voxelsPerStep\": 40000,"), json);
    String fpJson = fingerprint().toJson();
    assertTrue(fpJson.contains("\"shape\": [24, 20, 16],"), fpJson);
    assertTrue(fpJson.contains("\"orientation\": \"LPS\""), fpJson);
    assertTrue(fpJson.contains("\"percentile99_5\": "), fpJson);
  }

  @Test
  void unknownOrMissingVersionsAreRejectedClearly() {
    String json = Plan.from(fingerprint(), Budget.cpu(40_000)).toJson();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plan.fromJson(json.replaceFirst("\"version\": 1", "\"version\": 2")));
    assertEquals(
        "plan schema version 2 is not supported; this liverseg reads version 1", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plan.fromJson(json.replaceFirst("\"version\": 1,", "")));
    assertEquals("plan has no \"version\" field; this liverseg reads version 1", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Fingerprint.fromJson(
                    fingerprint().toJson().replace("\"version\": 1", "\"version\": \"1\"")));
    assertTrue(e.getMessage().startsWith("fingerprint schema version \"1\" is not supported"));
  }

  @Test
  void badContentIsNamed() {
    String json = Plan.from(fingerprint(), Budget.cpu(40_000)).toJson();
    assertEquals(
        "plan must be a JSON object, got an array",
        assertThrows(IllegalArgumentException.class, () -> Plan.fromJson("[1]")).getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Plan.fromJson("{\"version\": 1,"))
            .getMessage()
            .startsWith("plan is not valid JSON"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Plan.fromJson(json.replaceFirst("\"patchSize\": \\[\\d+,", "\"patchSize\": [3,")));
    assertTrue(e.getMessage().contains("is not a multiple of 2^depth"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plan.fromJson(json.replaceFirst("\"patchSize\": \\[\\d+, ", "\"patchSize\": [")));
    assertTrue(e.getMessage().contains("a shape must have 3 numbers, got 2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plan.fromJson(json.replaceFirst("\"normalization\"", "\"normalisation\"")));
    assertTrue(e.getMessage().contains("normalization"), e.getMessage());
    String fp = fingerprint().toJson();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Fingerprint.fromJson(
                    fp.replaceFirst("\"spacing\": \\[0.8,", "\"spacing\": [0.9,")));
    assertTrue(e.getMessage().contains("medianSpacing"), e.getMessage());
  }

  @Test
  void writesAtomicallyAndNeverOverwritesUnasked(@TempDir Path dir) throws IOException {
    Plan plan = Plan.from(fingerprint(), Budget.cpu(40_000));
    Path file = dir.resolve("sub/plan.json");
    plan.write(file, false);
    assertEquals(plan, Plan.read(file));
    Plan other = plan.withNormalization(Normalization.SEED_WINDOW);
    FileAlreadyExistsException e =
        assertThrows(FileAlreadyExistsException.class, () -> other.write(file, false));
    assertTrue(e.getMessage().contains("use --overwrite"), e.getMessage());
    assertEquals(plan, Plan.read(file), "left as it was");
    other.write(file, true);
    assertEquals(other, Plan.read(file));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary file left");
    }
    Fingerprint fp = fingerprint();
    fp.write(dir.resolve("fp.json"), false);
    assertEquals(fp, Fingerprint.read(dir.resolve("fp.json")));
  }

  @Test
  void readingNamesTheFile(@TempDir Path dir) throws IOException {
    NoSuchFileException missing =
        assertThrows(NoSuchFileException.class, () -> Plan.read(dir.resolve("none.json")));
    assertTrue(missing.getMessage().contains("none.json"));
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"version\": 9}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plan.read(bad));
    assertEquals(
        bad + ": plan schema version 9 is not supported; this liverseg reads version 1",
        e.getMessage());
  }
}
