package dev.vigil.server.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.Labels;
import dev.vigil.rules.notify.NotifiedAlert;
import dev.vigil.rules.notify.Notifier;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to external Alertmanagers as Prometheus's notifier does: a bounded queue (oldest
 * alerts dropped when full), batches of at most 64 alerts, each batch sent to every configured
 * Alertmanager as {@code POST /api/v2/alerts} JSON. Sending runs on one virtual thread so rule
 * evaluation never waits for the network. Thread-safe.
 */
final class AlertmanagerSender implements Notifier {
  static final int QUEUE_CAPACITY = 10_000;
  static final int MAX_BATCH = 64;
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerSender.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  // made on the first send: a client initialises TLS (hundreds of classes) and starts a selector
  // thread, which a server without external Alertmanagers never needs
  private HttpClient client; // guarded by this
  private final ArrayDeque<NotifiedAlert> queue = new ArrayDeque<>();
  private volatile List<AlertmanagerTarget> targets = List.of();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private Thread thread;
  private boolean stopped;

  void setTargets(List<AlertmanagerTarget> t) {
    targets = List.copyOf(t);
  }

  List<AlertmanagerTarget> targets() {
    return targets;
  }

  @Override
  public void send(List<NotifiedAlert> alerts) {
    if (alerts.isEmpty() || targets.isEmpty()) {
      return;
    }
    synchronized (queue) {
      for (NotifiedAlert a : alerts) {
        if (queue.size() >= QUEUE_CAPACITY) {
          queue.pollFirst();
          dropped.incrementAndGet();
        }
        queue.addLast(a);
      }
      queue.notifyAll();
    }
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }
    return client;
  }

  synchronized void start() {
    if (thread == null) {
      thread = Thread.ofVirtual().name("alertmanager-sender").start(this::run);
    }
  }

  void stop() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    synchronized (queue) {
      stopped = true;
      queue.notifyAll();
    }
    if (t != null) {
      try {
        t.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (true) {
      List<NotifiedAlert> batch = new ArrayList<>();
      synchronized (queue) {
        while (queue.isEmpty() && !stopped) {
          try {
            queue.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (stopped) {
          return;
        }
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
          batch.add(queue.pollFirst());
        }
      }
      byte[] body = body(batch);
      for (AlertmanagerTarget t : targets) {
        post(t, body, batch.size());
      }
    }
  }

  private void post(AlertmanagerTarget t, byte[] body, int n) {
    HttpRequest.Builder b = HttpRequest.newBuilder(t.alertsUrl())
        .timeout(Duration.ofMillis(Math.max(1, t.timeoutMs())))
        .header("Content-Type", "application/json")
        .header("User-Agent", "Vigil")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (t.authorization() != null) {
      b.header("Authorization", t.authorization());
    }
    try {
      HttpResponse<Void> r = client().send(b.build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 != 2) {
        errors.incrementAndGet();
        log.atWarn().addKeyValue("alertmanager", t.alertsUrl()).addKeyValue("status", r.statusCode())
            .addKeyValue("count", n).log("error sending alerts");
      } else {
        sent.addAndGet(n);
      }
    } catch (java.io.IOException e) {
      errors.incrementAndGet();
      log.atWarn().addKeyValue("alertmanager", t.alertsUrl()).addKeyValue("err", e.toString())
          .addKeyValue("count", n).log("error sending alerts");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The Alertmanager API v2 body: a JSON array of postable alerts. */
  static byte[] body(List<NotifiedAlert> alerts) {
    List<Map<String, Object>> out = new ArrayList<>(alerts.size());
    for (NotifiedAlert a : alerts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("labels", map(a.labels()));
      m.put("annotations", map(a.annotations()));
      if (a.startsAt() != 0) {
        m.put("startsAt", Instant.ofEpochMilli(a.startsAt()).toString());
      }
      if (a.endsAt() != 0) {
        m.put("endsAt", Instant.ofEpochMilli(a.endsAt()).toString());
      }
      m.put("generatorURL", a.generatorUrl());
      out.add(m);
    }
    try {
      return JSON.writeValueAsBytes(out);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot encode alerts", e);
    }
  }

  private static Map<String, String> map(Labels l) {
    Map<String, String> m = new LinkedHashMap<>();
    l.forEach(m::put);
    return m;
  }

  long sentCount() {
    return sent.get();
  }

  long droppedCount() {
    return dropped.get();
  }

  long errorCount() {
    return errors.get();
  }
}
