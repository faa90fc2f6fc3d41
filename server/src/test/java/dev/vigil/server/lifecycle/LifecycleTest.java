package dev.vigil.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestVigil;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.testkit.MemoryStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Health, readiness, reload (HTTP and SIGHUP), quit, and the start/stop order. */
@Timeout(60)
class LifecycleTest {
  @TempDir
  Path dir;

  private static final String CONFIG = "global:\n  scrape_interval: 15s\n";

  @Test
  void readyOnlyOnceStorageIsOpen() throws Exception {
    CountDownLatch replay = new CountDownLatch(1);
    MemoryStorage storage = new MemoryStorage();
    TestVigil v = TestVigil.create(o -> {
      replay.await(30, TimeUnit.SECONDS); // a long WAL replay
      return storage;
    }, CONFIG, Clock.systemUTC(), dir, s -> { }, true);
    Thread starter = Thread.ofVirtual().start(() -> {
      try {
        v.server.start();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      for (int i = 0; i < 500 && v.server.port() < 0; i++) {
        Thread.sleep(10);
      }
      assertThat(v.get("/-/healthy").body()).isEqualTo("Vigil is Healthy.\n");
      TestVigil.Response ready = v.get("/-/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("Service Unavailable");
      assertThat(v.get("/api/v1/labels").status()).isEqualTo(503);
      assertThat(v.get("/federate?match[]=up").status()).isEqualTo(503);
      assertThat(v.get("/metrics").status()).isEqualTo(200);
      replay.countDown();
      starter.join(Duration.ofSeconds(20));
      TestVigil.Response r = v.get("/-/ready");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("Vigil is Ready.\n");
      assertThat(v.get("/api/v1/labels").status()).isEqualTo(200);
    } finally {
      replay.countDown();
      v.close();
    }
  }

  @Test
  void reloadAppliesValidConfigAndKeepsOldOnError() throws Exception {
    List<VigilConfig> applied = new CopyOnWriteArrayList<>();
    try (TestVigil v = TestVigil.start(new MemoryStorage(), CONFIG, Clock.systemUTC(), dir,
        s -> s.config().addListener(applied::add))) {
      assertThat(applied).hasSize(1);
      Files.writeString(v.configFile, "global:\n  scrape_interval: 30s\n  external_labels:\n"
          + "    dc: x\n");
      TestVigil.Response ok = v.method("POST", "/-/reload");
      assertThat(ok.status()).isEqualTo(200);
      assertThat(yaml(v)).contains("scrape_interval: 30s", "dc: x");
      assertThat(applied).hasSize(2);

      Files.writeString(v.configFile, "global:\n  foo: 1\n");
      TestVigil.Response bad = v.method("PUT", "/-/reload");
      assertThat(bad.status()).isEqualTo(500);
      assertThat(bad.body()).isEqualTo("failed to reload config: couldn't load configuration "
          + "(--config.file=\"" + v.configFile + "\"): parsing YAML file " + v.configFile
          + ": yaml: unmarshal errors:\n  line 2: field foo not found in type config.plain\n");
      assertThat(yaml(v)).contains("scrape_interval: 30s");
      assertThat(applied).hasSize(2);
      assertThat(v.get("/api/v1/status/runtimeinfo").json().at("/data/reloadConfigSuccess")
          .asBoolean()).isFalse();
      assertThat(v.get("/metrics").body()).contains("vigil_config_last_reload_successful 0");

      TestVigil.Response get = v.get("/-/reload");
      assertThat(get.status()).isEqualTo(405);
      assertThat(get.body()).isEqualTo("Only POST or PUT requests allowed");
    }
  }

  @Test
  void listenerRejectionKeepsOldConfig() throws Exception {
    AtomicBoolean reject = new AtomicBoolean();
    try (TestVigil v = TestVigil.start(new MemoryStorage(), CONFIG, Clock.systemUTC(), dir,
        s -> s.config().addListener(c -> {
          if (reject.get()) {
            throw new IllegalStateException("scrape manager refuses it");
          }
        }))) {
      reject.set(true);
      Files.writeString(v.configFile, "global:\n  scrape_interval: 45s\n");
      TestVigil.Response r = v.method("POST", "/-/reload");
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.body()).contains("scrape manager refuses it");
      assertThat(yaml(v)).contains("scrape_interval: 15s");
    }
  }

  @Test
  void lifecycleEndpointsNeedTheFlag() throws Exception {
    TestVigil v = TestVigil.create(new MemoryStorage(), CONFIG, Clock.systemUTC(), dir, s -> { },
        false);
    v.server.start();
    try (v) {
      TestVigil.Response r = v.method("POST", "/-/reload");
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.body()).isEqualTo("Lifecycle API is not enabled.");
      assertThat(v.method("POST", "/-/quit").status()).isEqualTo(403);
      assertThat(v.server.awaitShutdownRequest(Duration.ofMillis(10))).isFalse();
    }
  }

  @Test
  void quitRequestsShutdownAndStopClosesStorageLast() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    MemoryStorage memory = new MemoryStorage();
    TestVigil v = TestVigil.create(o -> new ClosingStorage(memory, () -> events.add("storage")),
        CONFIG, Clock.systemUTC(), dir, s -> s.addComponent(new Component() {
          @Override
          public String name() {
            return "probe";
          }

          @Override
          public void start() {
            events.add("component started");
          }

          @Override
          public void stop() {
            events.add("component stopped");
          }
        }), true);
    v.server.start();
    TestVigil.Response r = v.method("POST", "/-/quit");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("Requesting termination... Goodbye!");
    assertThat(v.server.awaitShutdownRequest(Duration.ofSeconds(5))).isTrue();
    v.server.stop(Duration.ofSeconds(20));
    assertThat(events).containsExactly("component started", "component stopped", "storage");
    assertThat(v.server.isReady()).isFalse();
    v.server.stop(); // idempotent
    assertThat(events).hasSize(3);
  }

  @Test
  void routesAddedBeforeStartAreServedBehindReadiness() throws Exception {
    try (TestVigil v = TestVigil.start(new MemoryStorage(), CONFIG, Clock.systemUTC(), dir,
        s -> s.routes().add("/api/v1/write", (ctx, req) -> com.linecorp.armeria.common
            .HttpResponse.of(com.linecorp.armeria.common.HttpStatus.NO_CONTENT), true,
            com.linecorp.armeria.common.HttpMethod.POST))) {
      assertThat(v.method("POST", "/api/v1/write").status()).isEqualTo(204);
      assertThat(v.method("GET", "/api/v1/write").status()).isEqualTo(405);
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> v.server.addComponent(null)).hasMessageContaining("already started");
    }
  }

  @Test
  void sighupReloads() throws Exception {
    try (TestVigil v = TestVigil.start(new MemoryStorage(), CONFIG, Clock.systemUTC(), dir,
        s -> { })) {
      assertThat(Signals.onHangup(v.server::reloadQuietly)).isTrue();
      Files.writeString(v.configFile, "global:\n  scrape_interval: 20s\n");
      sun.misc.Signal.raise(new sun.misc.Signal("HUP"));
      // generous: the signal thread and the reload compete for a core with every other test
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && !yaml(v).contains("scrape_interval: 20s")) {
        Thread.sleep(10);
      }
      assertThat(yaml(v)).contains("scrape_interval: 20s");
    }
  }

  @Test
  void invalidConfigAbortsStart() throws Exception {
    TestVigil v = TestVigil.create(new MemoryStorage(), "global:\n  scrape_interval: 5x\n",
        Clock.systemUTC(), dir, s -> { }, true);
    org.assertj.core.api.Assertions.assertThatThrownBy(v.server::start)
        .hasMessageContaining("not a valid duration string: \"5x\"");
    assertThat(v.server.port()).isEqualTo(-1);
  }

  private static String yaml(TestVigil v) {
    return v.get("/api/v1/status/config").json().at("/data/yaml").asText();
  }
}
