package dev.vigil.server;

import com.linecorp.armeria.common.HttpMethod;
import dev.vigil.ingest.otlp.OtlpMetricsTranslator;
import dev.vigil.ingest.remotewrite.RemoteWriteLimits;
import dev.vigil.ingest.remotewrite.RemoteWriteReceiverPool;
import dev.vigil.promql.engine.PromqlEngine;
import dev.vigil.server.alerting.AlertingWiring;
import dev.vigil.server.alerting.RuleNotifier;
import dev.vigil.server.admin.SnapshotApi;
import dev.vigil.server.ingest.OtlpGrpcService;
import dev.vigil.server.ingest.OtlpHttpService;
import dev.vigil.server.ingest.OtlpListeners;
import dev.vigil.server.ingest.OtlpMetricsWriter;
import dev.vigil.server.ingest.PushAppender;
import dev.vigil.server.ingest.PushService;
import dev.vigil.server.ingest.RemoteWriteService;
import dev.vigil.server.ingest.Scraper;
import dev.vigil.server.lifecycle.ServerSettings;
import dev.vigil.server.lifecycle.VigilServer;
import dev.vigil.server.memory.BlockCutTrim;
import dev.vigil.server.memory.HeapTrimmer;
import dev.vigil.server.query.QueryApi;
import dev.vigil.server.query.QueryFeatures;
import dev.vigil.server.rules.RuleService;
import dev.vigil.server.rules.RulesApi;
import dev.vigil.server.storage.TsdbStore;

/**
 * The hand-written wiring of the metrics ingest paths into a {@link VigilServer} over a {@link
 * TsdbStore}: scrape manager (component + configuration listener + targets view), remote write,
 * OTLP (main port and its own HTTP and gRPC ports), push gateway (routes + the periodic
 * appender), {@code /api/v1/status/tsdb} from the head index, and the self-metrics of all of them.
 * Call once per server, before {@link VigilServer#start()}.
 *
 * <p>Main port routes added here: {@code POST /api/v1/write}; {@code POST /v1/metrics} and
 * {@code POST /api/v1/otlp/v1/metrics}; {@code PUT/POST/DELETE /metrics/job/...};
 * {@code POST|PUT /api/v1/admin/tsdb/snapshot}; the PromQL endpoints of {@link QueryApi} over one
 * {@link PromqlEngine} built from the {@code --query.*} flags. Components in
 * start order: scrape, push appender, rules, OTLP listeners (all after storage opened). Rules:
 * {@code rule_files} and {@code alerting} from the config, {@code /api/v1/rules} and
 * {@code /api/v1/alerts}.
 */
public final class ServerWiring {
  /** Largest remote-write or OTLP body accepted on the wire (compressed), as the main port. */
  static final int MAX_BODY_BYTES = 64 << 20;
  /**
   * Label sets each pooled remote-write receiver remembers by their encoding: every receiver sees
   * every series of its senders, so this must exceed the active series sent through remote write,
   * or the caches thrash and each request decodes its labels from scratch.
   */
  static final int RECEIVER_SERIES_CACHE = 1 << 16;
  /**
   * Receivers kept between requests. It must cover the concurrent requests (one per sender
   * shard, not one per core: decoding runs on the blocking executor), or receivers, and their
   * warm caches, are dropped and rebuilt on every request.
   */
  static final int RECEIVER_POOL_IDLE = 16;

  private ServerWiring() {}

  /** The parts the wiring made, for tests that need their ports or state. */
  public record Wired(Scraper scraper, OtlpListeners otlp, PushAppender push, RuleService rules) {}

  public static Wired wire(VigilServer server, TsdbStore store) {
    ServerSettings settings = server.settings();
    var storage = server.storage();
    var metrics = server.metrics();
    var clock = server.clock();

    metrics.register(store.collector());
    // keeps the serial collector's old generation near the live data (inert with other GCs)
    HeapTrimmer trimmer = new HeapTrimmer();
    server.addComponent(trimmer);
    // a block cut leaves the most promoted garbage: trim right after it (components start once
    // the store is open)
    server.addComponent(new BlockCutTrim(store, trimmer));
    server.setTsdbStatusView(s -> store.statusView());
    server.api("/api/v1/admin/tsdb/snapshot", new SnapshotApi(store, settings.storage().path(),
        settings.adminApiEnabled())::snapshot, true, HttpMethod.POST, HttpMethod.PUT);

    Scraper scraper = new Scraper(storage, clock);
    server.config().addListener(scraper);
    server.setTargetsView(scraper);
    metrics.register(scraper.collector());
    server.addComponent(scraper);

    RemoteWriteReceiverPool receivers = new RemoteWriteReceiverPool(RemoteWriteLimits.defaults(),
        clock, RECEIVER_SERIES_CACHE, RECEIVER_POOL_IDLE);
    server.routes().post("/api/v1/write", new RemoteWriteService(storage, receivers, metrics),
        MAX_BODY_BYTES, true);

    OtlpMetricsWriter otlpWriter = new OtlpMetricsWriter(storage, new OtlpMetricsTranslator(),
        metrics);
    OtlpHttpService otlpHttp = new OtlpHttpService(otlpWriter, MAX_BODY_BYTES);
    server.routes().add("/v1/metrics", otlpHttp, true, HttpMethod.POST);
    server.routes().add("/api/v1/otlp/v1/metrics", otlpHttp, true, HttpMethod.POST);

    PushAppender push = new PushAppender(settings.storage().path().resolve("pushgateway"),
        storage, clock, server.config()::current);
    PushService pushService = new PushService(push, clock, metrics);
    for (String prefix : new String[] {"/metrics/job/", "/metrics/job@base64/"}) {
      server.routes().addPrefix(prefix, pushService, true, HttpMethod.PUT, HttpMethod.POST,
          HttpMethod.DELETE);
    }
    server.addComponent(push);

    // One engine for every query of this server: its concurrency limit spans all endpoints.
    PromqlEngine engine = new PromqlEngine(settings.engine());
    new QueryApi(engine, storage::querier, settings.engine().parser(),
        settings.features().contains(QueryFeatures.PER_STEP_STATS), settings.engine().timeout(),
        clock).register(server);

    // The built-in Alertmanager (with --alertmanager.config.file) is wired before the rules, so
    // it starts before them and stops after them.
    var alertmanager = AlertingWiring.wire(server);
    // Rules evaluate through the same engine; alerts go to the config's Alertmanagers and to
    // notifiers added to the service (the built-in Alertmanager).
    RuleService rules = new RuleService(storage, engine, settings.engine().parser(), clock,
        settings.externalUrl().toString(), settings.flags());
    alertmanager.ifPresent(am -> rules.addNotifier(new RuleNotifier(am)));
    server.config().addListener(rules);
    server.addComponent(rules);
    metrics.register(rules.collector());
    new RulesApi(rules::manager, settings.engine().parser()).register(server);

    OtlpListeners otlp = new OtlpListeners(settings.otlpHttpAddress(),
        settings.otlpGrpcAddress(), otlpHttp, new OtlpGrpcService(otlpWriter), MAX_BODY_BYTES);
    server.addComponent(otlp);
    return new Wired(scraper, otlp, push, rules);
  }
}
