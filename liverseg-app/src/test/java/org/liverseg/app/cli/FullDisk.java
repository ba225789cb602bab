package org.liverseg.app.cli;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * A small in-memory file system (Jimfs) with a hard size limit: how the tests fill the disk. It
 * runs as any user on any operating system (a tmpfs of a given size needs root, {@code /dev/full}
 * is Linux-only and cannot stand for a folder). A command sees it through picocli's {@link Path}
 * converter: an argument {@code full:/dir/file} names {@code /dir/file} on this file system, any
 * other argument a path of the default one. Writing past the limit fails with Jimfs's {@code
 * IOException("out of disk space")}, as a full disk fails with ENOSPC.
 */
final class FullDisk implements AutoCloseable {

  /** Prefix of the command-line arguments that name paths on this file system. */
  static final String PREFIX = "full:";

  static final int BLOCK = 1024;

  private final FileSystem fs;

  /** A file system that holds {@code bytes} (a multiple of {@value #BLOCK}) of file content. */
  FullDisk(long bytes) {
    fs =
        Jimfs.newFileSystem(
            Configuration.unix().toBuilder().setBlockSize(BLOCK).setMaxSize(bytes).build());
  }

  /** A path on this file system. */
  Path path(String path) {
    return fs.getPath(path);
  }

  /** The command-line argument naming {@code path} (a path of this file system). */
  static String arg(Path path) {
    return PREFIX + path;
  }

  /** Fills the disk with one file of {@code bytes} bytes. */
  void fill(long bytes) throws IOException {
    Files.write(fs.getPath("/filler"), new byte[Math.toIntExact(bytes)]);
  }

  /** The converter that maps {@code full:} arguments to this file system. */
  CommandLine.ITypeConverter<Path> converter() {
    return s -> s.startsWith(PREFIX) ? fs.getPath(s.substring(PREFIX.length())) : Path.of(s);
  }

  /** The names in {@code dir}, sorted. */
  static java.util.List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
