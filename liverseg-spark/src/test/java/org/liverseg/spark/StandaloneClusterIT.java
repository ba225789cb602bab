package org.liverseg.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.models.task03.Task03Model;

/**
 * What local mode hides (closures and rows crossing JVMs, the executor's class path and native
 * libraries, the per-JVM model cache): a Spark standalone master and worker on localhost, each in
 * its own JVM with only a Spark installation's jars, and the shaded jar submitted as {@code
 * spark-submit} does ({@code org.apache.spark.deploy.SparkSubmit}, client mode, model broadcast),
 * must give the rows and masks of the local tests. Every JVM started here is stopped afterwards,
 * executors included, whatever happens.
 */
class StandaloneClusterIT {

  private final List<Process> started = new ArrayList<>();

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theShadedJarSegmentsOnAStandaloneCluster(@TempDir Path tmp) throws Exception {
    // Failsafe (mvn verify) sets these; a Surefire run that selects this class by name skips it
    Assumptions.assumeTrue(
        System.getProperty("liverseg.spark.submitJar") != null,
        "the cluster test runs in mvn verify (Failsafe), after the shaded jar is built");
    Path jar = Path.of(property("liverseg.spark.submitJar"));
    assertTrue(Files.isRegularFile(jar), jar + " is built in the package phase");
    List<String> addOpens = Arrays.asList(property("liverseg.spark.addOpens").trim().split("\\s+"));
    Path sparkHome = sparkHome(Path.of(property("liverseg.spark.home")), tmp.resolve("spark"));
    Path logs = Files.createDirectories(Path.of("target", "cluster-it"));
    Path log4j = tmp.resolve("log4j2.properties");
    Files.writeString(
        log4j,
        "rootLogger.level = warn\nrootLogger.appenderRef.e.ref = e\nappender.e.type = Console\n"
            + "appender.e.name = e\nappender.e.target = SYSTEM_ERR\n"
            + "appender.e.layout.type = PatternLayout\nappender.e.layout.pattern = %p %c{1}: %m%n\n");
    TestData data = TestData.get();
    Map<String, byte[]> expected = predictMasks(data, tmp.resolve("ref"));

    int masterPort = freePort();
    int masterUi = freePort();
    Thread hook = new Thread(this::stopAll, "stop-spark-cluster");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      List<String> jvm = new ArrayList<>(addOpens);
      jvm.addAll(List.of("-Xmx512m", "-Dlog4j2.configurationFile=" + log4j.toUri()));
      start(
          "master",
          sparkHome,
          logs,
          jvm,
          List.of(
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              "" + masterPort,
              "--webui-port",
              "" + masterUi));
      String master = "spark://127.0.0.1:" + masterPort;
      start(
          "worker",
          sparkHome,
          logs,
          jvm,
          List.of(
              "org.apache.spark.deploy.worker.Worker",
              "--host",
              "127.0.0.1",
              "--port",
              "" + freePort(),
              "--webui-port",
              "" + freePort(),
              "--cores",
              "2",
              "--memory",
              "3g",
              "--work-dir",
              Files.createDirectories(tmp.resolve("work")).toString(),
              master));
      awaitAliveWorker(masterUi, Duration.ofMinutes(3));

      Path out = tmp.resolve("out");
      List<String> submit =
          new ArrayList<>(
              List.of(
                  "org.apache.spark.deploy.SparkSubmit",
                  "--master",
                  master,
                  "--deploy-mode",
                  "client",
                  "--class",
                  SegmentationApp.class.getName(),
                  "--conf",
                  "spark.driver.host=127.0.0.1",
                  "--conf",
                  "spark.driver.bindAddress=127.0.0.1",
                  "--conf",
                  "spark.ui.enabled=false",
                  "--conf",
                  "spark.executor.cores=2",
                  "--conf",
                  "spark.cores.max=2",
                  "--conf",
                  "spark.task.cpus=1",
                  "--conf",
                  "spark.executor.memory=1g",
                  "--conf",
                  "spark.executorEnv.OMP_NUM_THREADS=1",
                  "--conf",
                  "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxbytes=1G"
                      + " -Dorg.bytedeco.javacpp.maxphysicalbytes=3G",
                  jar.toString(),
                  "--model",
                  data.model.toString(),
                  "--out",
                  out.toString(),
                  "--broadcast-model"));
      data.inputs().forEach(p -> submit.add(p.toString()));
      List<String> driverJvm = new ArrayList<>(addOpens);
      // the driver runs in this JVM (client mode, SparkSubmit called directly): its options go here
      driverJvm.addAll(List.of("-Xmx768m", "-Dlog4j2.configurationFile=" + log4j.toUri()));
      Process driver = start("submit", sparkHome, logs, driverJvm, submit);
      assertTrue(driver.waitFor(10, TimeUnit.MINUTES), "spark-submit finished");
      String stdout = Files.readString(logs.resolve("submit.out"));
      String stderr = Files.readString(logs.resolve("submit.err"));
      // two bad inputs: exit code 1, as documented
      assertEquals(1, driver.exitValue(), stdout + stderr);
      assertTrue(stdout.contains("6 ok, 0 skipped, 2 failed"), stdout);
      assertEquals(8, stdout.lines().filter(l -> l.matches("\\[\\d/8\\] .*")).count(), stdout);

      List<List<String>> csv = csv(out.resolve(SegmentationJob.RESULTS_CSV));
      assertEquals(9, csv.size());
      List<String> header = csv.get(0);
      int status = header.indexOf("status");
      for (int i = 1; i <= 6; i++) {
        List<String> row = csv.get(i);
        String id = "liver_" + (i - 1);
        assertEquals(id, row.get(0));
        assertEquals("ok", row.get(status), row.toString());
        assertTrue(!row.get(header.indexOf("dice_liver")).isEmpty(), row.toString());
        assertArrayEquals(
            expected.get(id), Files.readAllBytes(out.resolve("masks/" + id + ".nii.gz")), id);
      }
      assertEquals("failed", csv.get(7).get(status));
      assertEquals("failed", csv.get(8).get(status));
      assertTrue(csv.get(8).get(header.indexOf("error")).contains("not finite"), csv.toString());
      assertTrue(
          Files.isRegularFile(out.resolve(SegmentationJob.RESULTS_PARQUET)), "parquet written");
      // the cases ran in an executor JVM launched by the worker, not in the driver
      try (Stream<Path> apps = Files.list(tmp.resolve("work"))) {
        assertTrue(apps.anyMatch(p -> p.getFileName().toString().startsWith("app-")));
      }
    } finally {
      stopAll();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  /** What {@code liverseg predict} writes for the phantoms. */
  private static Map<String, byte[]> predictMasks(TestData data, Path dir) throws IOException {
    Files.createDirectories(dir);
    Task03Model model = Task03Model.load(data.model);
    Map<String, byte[]> m = new java.util.HashMap<>();
    for (int i = 0; i < TestData.PHANTOMS; i++) {
      String id = "liver_" + i;
      LabelMap mask =
          model
              .segment(ScalarImage.read(data.dataset.resolve("imagesTr/" + id + ".nii.gz")))
              .mask();
      Path f = dir.resolve(id + ".nii.gz");
      Nifti.write(f, mask, NiftiDataType.UINT8);
      m.put(id, Files.readAllBytes(f));
    }
    return m;
  }

  /** A Spark installation: {@code jars/} linking every jar a Spark distribution would hold. */
  private static Path sparkHome(Path built, Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    List<Path> all = new ArrayList<>();
    for (String f : List.of("provided.classpath", "shared.classpath")) {
      for (String p : Files.readString(built.resolve(f)).trim().split(java.io.File.pathSeparator)) {
        all.add(Path.of(p));
      }
    }
    try (Stream<Path> old = Files.list(built.resolve("old-jars"))) {
      old.forEach(all::add);
    }
    for (Path p : all) {
      Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
    }
    return home;
  }

  private Process start(String name, Path sparkHome, Path logs, List<String> jvm, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.redirectOutput(logs.resolve(name + ".out").toFile());
    pb.redirectError(logs.resolve(name + ".err").toFile());
    Process p = pb.start();
    synchronized (started) {
      started.add(p);
    }
    return p;
  }

  /** Stops every JVM started here and their children (the worker's executors), newest first. */
  private void stopAll() {
    List<Process> ps;
    synchronized (started) {
      ps = new ArrayList<>(started);
      started.clear();
    }
    List<ProcessHandle> all = new ArrayList<>();
    for (int i = ps.size() - 1; i >= 0; i--) {
      ProcessHandle h = ps.get(i).toHandle();
      h.descendants().forEach(all::add);
      all.add(h);
    }
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  private void awaitAliveWorker(int masterUi, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (Process p : started) {
        if (!p.isAlive()) {
          throw new AssertionError("a cluster JVM exited early: " + p.info().commandLine());
        }
      }
      try {
        last =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (last.replaceAll("\\s", "").contains("\"aliveworkers\":1")) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("no worker registered with the master in " + timeout + ": " + last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null) {
      throw new IllegalStateException(name + " is not set: run this test with mvn verify");
    }
    return v;
  }

  /** The cells of a CSV file (RFC 4180 quoting). */
  private static List<List<String>> csv(Path file) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            cell.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          cells.add(cell.toString());
          cell.setLength(0);
        } else {
          cell.append(c);
        }
      }
      cells.add(cell.toString());
      rows.add(cells);
    }
    return rows.stream().map(r -> r.stream().collect(Collectors.toList())).toList();
  }
}
