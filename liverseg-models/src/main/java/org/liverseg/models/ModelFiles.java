package org.liverseg.models;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Saves and loads models: DL4J's {@link ModelSerializer} zip plus JSON entries of ours (the {@link
 * ModelSpec} and, for checkpoints, the trainer's state).
 *
 * <p>Writes are atomic: the file is written completely under a temporary name in the same folder
 * and then renamed over the target ({@link StandardCopyOption#ATOMIC_MOVE}), so a process killed at
 * any moment leaves either the previous file or the new one, never a torn one.
 */
public final class ModelFiles {

  /** Zip entry that holds the {@link ModelSpec} as JSON. */
  public static final String SPEC_ENTRY = "liverseg-model-spec.json";

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

  private ModelFiles() {}

  /**
   * A loaded model and its description.
   *
   * @param network the network as saved (configuration and weights)
   * @param spec what the file says about it
   */
  public record Loaded(ComputationGraph network, ModelSpec spec) {

    /**
     * The zoo architecture the file records, rebuilt as a description (its outputs, size divisor,
     * parameters); empty for files written before the model zoo.
     */
    public Optional<Architecture> architecture() {
      return spec.zooArchitecture().map(a -> ModelZoo.builder(a).build());
    }
  }

  /**
   * Writes {@code net} (with updater state when {@code withUpdater}), {@code spec} and any extra
   * JSON entries to {@code file}, atomically.
   *
   * @param extraJsonEntries zip entry name (a plain file name, e.g. {@code
   *     liverseg-trainer-state.json}: DL4J refuses zips with folders) to JSON text
   */
  public static void save(
      ComputationGraph net,
      ModelSpec spec,
      Path file,
      boolean withUpdater,
      Map<String, String> extraJsonEntries)
      throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      // createTempFile makes the file owner-only (600); a model file is an ordinary output
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      ModelSerializer.writeModel(net, tmp.toFile(), withUpdater);
      Map<String, String> entries = new LinkedHashMap<>(extraJsonEntries);
      entries.put(SPEC_ENTRY, GSON.toJson(spec));
      try (FileSystem zip = FileSystems.newFileSystem(tmp, Map.of())) {
        for (Map.Entry<String, String> e : entries.entrySet()) {
          if (e.getKey().contains("/")) {
            throw new IllegalArgumentException(
                "zip entry \""
                    + e.getKey()
                    + "\" must be a plain name: DL4J's ModelSerializer rejects folders in the zip");
          }
          Files.writeString(zip.getPath(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** {@link #save(ComputationGraph, ModelSpec, Path, boolean, Map)} without extra entries. */
  public static void save(ComputationGraph net, ModelSpec spec, Path file, boolean withUpdater)
      throws IOException {
    save(net, spec, file, withUpdater, Map.of());
  }

  /**
   * Loads network (with updater state if present and {@code withUpdater}) and spec from {@code
   * file}.
   */
  public static Loaded load(Path file, boolean withUpdater) throws IOException {
    ModelSpec spec = readSpec(file);
    ComputationGraph net = ModelSerializer.restoreComputationGraph(file.toFile(), withUpdater);
    Loaded loaded = new Loaded(net, spec);
    if (spec.network() != null) {
      // The recorded architecture must describe the saved network: same parameters, same outputs.
      Architecture a = loaded.architecture().orElseThrow();
      List<String> outputs = a.outputs().stream().map(Architecture.Output::name).toList();
      if (a.parameterCount() != net.numParams()
          || !outputs.equals(net.getConfiguration().getNetworkOutputs())) {
        throw new IOException(
            file
                + ": the network ("
                + net.numParams()
                + " parameters, outputs "
                + net.getConfiguration().getNetworkOutputs()
                + ") is not the recorded architecture "
                + a
                + " ("
                + a.parameterCount()
                + " parameters, outputs "
                + outputs
                + ")");
      }
    }
    return loaded;
  }

  /** Reads only the {@link ModelSpec} of a model file. */
  public static ModelSpec readSpec(Path file) throws IOException {
    String json =
        readEntry(file, SPEC_ENTRY)
            .orElseThrow(
                () ->
                    new IOException(
                        file
                            + " has no "
                            + SPEC_ENTRY
                            + " entry: not a liverseg model file (plain DL4J zip?)"));
    try {
      ModelSpec spec = GSON.fromJson(json, ModelSpec.class);
      // Re-run the record's validation (Gson bypasses constructors).
      PreprocessingSpec p = spec.preprocessing();
      ArchitectureSpec a = spec.network();
      if (a != null) {
        // Fails here, naming the file, for an unknown architecture or invalid parameters.
        a = new ArchitectureSpec(a.name(), a.parameters());
        ModelZoo.builder(a).build();
      }
      return new ModelSpec(
          spec.name(),
          spec.architecture(),
          new PreprocessingSpec(
              p.targetShape(), p.windowLow(), p.windowHigh(), p.patchSize(), p.classes()),
          a);
    } catch (JsonParseException | NullPointerException | IllegalArgumentException e) {
      throw new IOException(file + ": invalid " + SPEC_ENTRY + ": " + e.getMessage(), e);
    }
  }

  /** The text of a zip entry of {@code file}, if present. */
  public static Optional<String> readEntry(Path file, String entry) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry e = zip.getEntry(entry);
      if (e == null) {
        return Optional.empty();
      }
      try (InputStream in = zip.getInputStream(e)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  /** Shared JSON settings for the entries we write (NaN allowed). */
  public static Gson gson() {
    return GSON;
  }
}
