package org.liverseg.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version line of {@code --version}: liverseg's Maven version and the Java runtime. */
public final class VersionProvider implements IVersionProvider {

  /** liverseg's version, from a resource Maven fills in at build time. */
  public static String liversegVersion() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "liverseg " + liversegVersion(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
