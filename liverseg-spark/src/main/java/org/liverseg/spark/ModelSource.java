package org.liverseg.spark;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.broadcast.Broadcast;

/**
 * How executors get the model file: from a path every executor can read (a shared file system), or
 * as bytes the driver broadcast (Spark's torrent broadcast ships them once per executor). Either
 * way the bytes are checked against the SHA-256 the driver computed when the job started, so every
 * task of a job uses the same model, and the hash names the model in the per-JVM {@link ModelCache}
 * and in each mask's {@link MaskRecord}.
 */
final class ModelSource implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final String sha256;
  private final Broadcast<byte[]> bytes;

  private ModelSource(String path, String sha256, Broadcast<byte[]> bytes) {
    this.path = path;
    this.sha256 = sha256;
    this.bytes = bytes;
  }

  /** The model at {@code file}, read by each executor from there. */
  static ModelSource shared(Path file, String sha256) {
    return new ModelSource(file.toString(), sha256, null);
  }

  /** The model at {@code file} (on the driver), shipped to executors as {@code bytes}. */
  static ModelSource broadcast(Path file, String sha256, Broadcast<byte[]> bytes) {
    return new ModelSource(file.toString(), sha256, bytes);
  }

  /** SHA-256 of the model file, in hex. */
  String sha256() {
    return sha256;
  }

  /** The model file's name. */
  String fileName() {
    return Path.of(path).getFileName().toString();
  }

  /**
   * Deserialises the model (once per executor JVM, through {@link ModelCache}).
   *
   * @throws IOException if the file cannot be read or is not a liverseg model
   * @throws IllegalStateException if the file's bytes are no longer those the job started with
   */
  CaseSegmenter load() throws IOException {
    byte[] data = bytes != null ? bytes.value() : Files.readAllBytes(Path.of(path));
    String actual = Hashing.sha256().hashBytes(data).toString();
    if (!actual.equals(sha256)) {
      throw new IllegalStateException(
          "model file "
              + path
              + " changed since the job started (SHA-256 "
              + sha256
              + " expected, "
              + actual
              + " found)");
    }
    // SegmentationModel reads a zip file: give it a private copy of exactly the checked bytes
    Path tmp = Files.createTempFile("liverseg-model-" + sha256.substring(0, 12) + "-", ".zip");
    try {
      Files.write(tmp, data);
      return CaseSegmenter.load(tmp);
    } catch (IOException e) {
      throw new IOException(
          "model file " + path + ": " + e.getMessage().replace(tmp.toString(), "it"), e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
