package org.liverseg.spark;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.liverseg.io.LabelMap;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.io.nifti.NiftiWriter;

/**
 * The masks folder of a job: {@code <case>.nii.gz} (uint8, as {@code liverseg predict} writes it)
 * and its sidecar {@code <case>.json} ({@link MaskRecord}).
 *
 * <p>Both are written atomically through temporary files of the run ({@link RunFiles}), mask first,
 * sidecar second.
 */
final class MaskStore {

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private final Path dir;
  private final String runId;

  MaskStore(Path dir, String runId) {
    this.dir = dir;
    this.runId = runId;
  }

  /** The mask of case {@code id}. */
  Path mask(String id) {
    return dir.resolve(id + ".nii.gz");
  }

  /** The sidecar of case {@code id}. */
  Path record(String id) {
    return dir.resolve(id + ".json");
  }

  /**
   * The sidecar of a complete mask of case {@code c} made by the model {@code modelSha256} from the
   * same input file (same path, size and modification time), if there is one; empty when anything
   * is missing, unreadable or different (the case is then made again).
   */
  Optional<MaskRecord> completed(CaseInput c, String modelSha256) throws IOException {
    Path r = record(c.caseId());
    Path m = mask(c.caseId());
    if (!Files.isRegularFile(r) || !Files.isRegularFile(m)) {
      return Optional.empty();
    }
    MaskRecord rec;
    try {
      rec = GSON.fromJson(Files.readString(r, StandardCharsets.UTF_8), MaskRecord.class);
    } catch (JsonParseException e) {
      return Optional.empty();
    }
    Path input = Path.of(c.image());
    if (rec == null
        || !modelSha256.equals(rec.modelSha256())
        || !c.image().equals(rec.input())
        || !Files.isRegularFile(input)
        || Files.size(input) != rec.inputBytes()
        || Files.getLastModifiedTime(input).toMillis() != rec.inputModifiedMillis()
        || Files.size(m) != rec.maskBytes()
        || !sha256(m).equals(rec.maskSha256())) {
      return Optional.empty();
    }
    return Optional.of(rec);
  }

  /** A mask written into place: its SHA-256 and size. */
  record Written(String sha256, long bytes) {}

  /**
   * Writes the mask of case {@code id} atomically.
   *
   * @param threads threads compressing the gzip stream (the bytes do not depend on it)
   */
  Written writeMask(String id, LabelMap mask, int threads) throws IOException {
    Written[] w = new Written[1];
    RunFiles.write(
        mask(id),
        runId,
        tmp -> {
          NiftiWriter.builder()
              .dataType(NiftiDataType.UINT8)
              .threads(threads)
              .build()
              .write(tmp, mask);
          w[0] = new Written(sha256(tmp), Files.size(tmp));
        });
    return w[0];
  }

  /** Writes the sidecar of {@code rec}'s case atomically. */
  void writeRecord(MaskRecord rec) throws IOException {
    RunFiles.write(
        record(rec.caseId()),
        runId,
        tmp -> Files.writeString(tmp, GSON.toJson(rec) + "\n", StandardCharsets.UTF_8));
  }

  /** The run this store writes for. */
  String runId() {
    return runId;
  }

  /** The SHA-256 of a file's bytes, in hex. */
  static String sha256(Path file) throws IOException {
    return MoreFiles.asByteSource(file).hash(Hashing.sha256()).toString();
  }
}
