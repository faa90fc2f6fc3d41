package dev.vigil.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's AOT cache handling ({@code scripts/aot-cache}), with a stand-in {@code java}
 * that records its calls and writes (or fails to write) the cache its training run is asked for:
 * when a cache is trained, reused, made again, and left out.
 */
class AotCacheScriptTest {
  private static final Path SCRIPT =
      Path.of("").toAbsolutePath().getParent().resolve("scripts/aot-cache");

  @TempDir Path dir;
  private Path jdk;
  private Path jar;
  private Path calls;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void fakes() throws IOException {
    jdk = Files.createDirectories(dir.resolve("jdk/bin"));
    Files.writeString(dir.resolve("jdk/release"), "JAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n");
    calls = dir.resolve("calls");
    Path java = jdk.resolve("java");
    // records its arguments; a training run writes the cache named by -XX:AOTCacheOutput
    Files.writeString(java, """
        #!/usr/bin/env bash
        echo "$*" >> "$FAKE_CALLS"
        [ -n "${FAKE_SLEEP:-}" ] && sleep "$FAKE_SLEEP"
        for a in "$@"; do
          case "$a" in -XX:AOTCacheOutput=*) [ "${FAKE_EXIT:-0}" = 0 ] && echo cache > "${a#*=}" ;; esac
        done
        exit "${FAKE_EXIT:-0}"
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path target = Files.createDirectories(dir.resolve("target/lib"));
    jar = Files.writeString(dir.resolve("target/vigil-server.jar"), "jar");
    Files.writeString(target.resolve("dep.jar"), "dep");
    env.put("JAVA_HOME", dir.resolve("jdk").toString());
    env.put("VIGIL_AOT_JAR", jar.toString());
    env.put("VIGIL_AOT", "on");
    env.put("FAKE_CALLS", calls.toString());
  }

  @Test
  void trainsOnceThenUsesTheCache() throws Exception {
    assertThat(run("-Xmx1g")).as("no cache, no training asked").isEmpty();
    assertThat(trainings()).isZero();

    Path cache = dir.resolve("target/vigil-server.aot");
    String flags = "-XX:AOTCache=" + cache + " -Xlog:aot*=off -Xlog:cds*=off";
    assertThat(run("--train", "-Xmx1g", "-XX:+UseSerialGC")).isEqualTo(flags);
    assertThat(trainings()).isEqualTo(1);
    assertThat(Files.readString(calls)).contains("-Xmx1g -XX:+UseSerialGC -XX:AOTCacheOutput=")
        .contains("-cp " + jar + " dev.vigil.server.warmup.TrainingRun");
    assertThat(cache).exists();

    assertThat(run("--train", "-Xmx1g", "-XX:+UseSerialGC")).isEqualTo(flags);
    assertThat(run("-Xmx1g", "-XX:+UseSerialGC")).isEqualTo(flags);
    assertThat(trainings()).as("a matching cache is not trained again").isEqualTo(1);
  }

  @Test
  void theTrainingWorkloadCanBeBounded() throws Exception {
    env.put("VIGIL_AOT_TRAINING_SECONDS", "3");
    assertThat(run("--train", "-Xmx1g")).isNotEmpty();
    assertThat(Files.readString(calls)).containsPattern("TrainingRun \\S+ 3\\n");
    Files.delete(dir.resolve("target/vigil-server.aot"));
    env.remove("VIGIL_AOT_TRAINING_SECONDS");
    assertThat(run("--train", "-Xmx1g")).isNotEmpty();
    assertThat(Files.readAllLines(calls).get(1)).as("the training run's own default")
        .endsWith("/run");
  }

  @Test
  void otherOptionsOrARebuiltJarOrADeletedCacheTrainAgain() throws Exception {
    run("--train", "-Xmx1g");
    assertThat(run("-Xmx2g")).as("options differ: the cache does not match").isEmpty();
    assertThat(run("--train", "-Xmx2g")).isNotEmpty();
    assertThat(trainings()).isEqualTo(2);

    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar)
        .toMillis() + 5_000));
    assertThat(run("-Xmx2g")).as("the jar was rebuilt").isEmpty();
    assertThat(run("--train", "-Xmx2g")).isNotEmpty();
    assertThat(trainings()).isEqualTo(3);

    Files.writeString(dir.resolve("target/lib/dep.jar"), "dep, longer");
    assertThat(run("--train", "-Xmx2g")).isNotEmpty();
    assertThat(trainings()).as("a library changed").isEqualTo(4);

    Files.delete(dir.resolve("target/vigil-server.aot"));
    assertThat(run("-Xmx2g")).isEmpty();
    assertThat(run("--train", "-Xmx2g")).isNotEmpty();
    assertThat(trainings()).isEqualTo(5);
  }

  @Test
  void aFailedTrainingIsRememberedAndStartsWithoutACache() throws Exception {
    env.put("FAKE_EXIT", "3");
    assertThat(run("--train", "-Xmx1g")).isEmpty();
    assertThat(run("--train", "-Xmx1g")).isEmpty();
    assertThat(trainings()).as("not retried for the same build").isEqualTo(1);
    assertThat(dir.resolve("target/vigil-server.aot")).doesNotExist();
    assertThat(dir.resolve("target/vigil-server.aot.log")).exists();

    env.remove("FAKE_EXIT");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar)
        .toMillis() + 5_000));
    assertThat(run("--train", "-Xmx1g")).as("a new build trains again").isNotEmpty();
    assertThat(trainings()).isEqualTo(2);
  }

  @Test
  void aHangingTrainingIsStoppedAndStartsWithoutACache() throws Exception {
    env.put("FAKE_SLEEP", "60");
    env.put("VIGIL_AOT_TIMEOUT", "1");
    long t0 = System.nanoTime();
    assertThat(run("--train", "-Xmx1g")).isEmpty();
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
    assertThat(dir.resolve("target/vigil-server.aot")).doesNotExist();
    assertThat(trainings()).isEqualTo(1);
  }

  @Test
  void turnedOffOrTheCallersOwnCacheMeansNone() throws Exception {
    env.put("VIGIL_AOT", "off");
    assertThat(run("--train", "-Xmx1g")).isEmpty();
    env.remove("VIGIL_AOT"); // opt-in: unset is off
    assertThat(run("--train", "-Xmx1g")).isEmpty();
    env.put("VIGIL_AOT", "on");
    assertThat(run("--train", "-Xmx1g", "-XX:AOTCache=/elsewhere.aot")).isEmpty();
    assertThat(run("--train", "-Xshare:off")).isEmpty();
    assertThat(trainings()).isZero();
  }

  @Test
  void aDirectoryThatCannotBeWrittenMeansNoTraining() throws Exception {
    Path readOnly = Files.createDirectories(dir.resolve("ro"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    env.put("VIGIL_AOT_DIR", readOnly.toString());
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly),
        "running as a user who may write anywhere");
    assertThat(run("--train", "-Xmx1g")).isEmpty();
    assertThat(trainings()).isZero();
  }

  @Test
  void missingJarMeansNoCache() throws Exception {
    Files.delete(jar);
    assertThat(run("--train", "-Xmx1g")).isEmpty();
    assertThat(trainings()).isZero();
  }

  @Test
  void benchmarkOptionsGetTheCacheFlagsAsWords() throws Exception {
    // VigilJvmOptions runs the script of a repository root with the benchmark's own JDK; here
    // only the empty case can be checked without training a real cache
    Path root = Files.createDirectories(dir.resolve("norepo"));
    assertThat(VigilJvmOptions.aotCache(root, List.of("-Xmx1g"))).isEmpty();
  }

  private int trainings() throws IOException {
    if (!Files.exists(calls)) {
      return 0;
    }
    return (int) Files.readAllLines(calls).stream().filter(l -> l.contains("TrainingRun"))
        .count();
  }

  private String run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("VIGIL_AOT");
    pb.environment().remove("VIGIL_AOT_DIR");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as("the script never fails").isZero();
    return out;
  }
}
