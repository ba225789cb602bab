package org.liverseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InfoCommandTest {

  @Test
  void namesTheBackendThisBuildRunsOn() throws Exception {
    CommandRunner r = CommandRunner.run(new InfoCommand());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("liverseg "), r.out());
    // the default build has only ND4J's CPU backend (the cuda profile adds the CUDA one)
    assertTrue(r.out().contains("nd4j backend: CPU (CpuBackend)"), r.out());
    assertTrue(r.out().contains("omp.threads: "), r.out());
  }

  @Test
  void describesBothBackends() {
    assertEquals("CPU", InfoCommand.describe("CpuBackend"));
    assertEquals("CUDA", InfoCommand.describe("JCublasBackend"));
    assertEquals("Other", InfoCommand.describe("Other"));
  }
}
