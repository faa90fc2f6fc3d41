package dev.vigil.server.lifecycle;

import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.server.config.ConfigSource;
import dev.vigil.server.query.QueryFeatures;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Everything {@code vigil server} was told on its command line, parsed and checked.
 *
 * @param otlpGrpcAddress null when disabled
 * @param otlpHttpAddress null when disabled
 * @param externalUrl the URL Vigil is reachable at from outside (derived when not given)
 * @param lookbackDeltaMs how far back federation (and later PromQL) looks for a sample
 * @param lifecycleEnabled whether {@code /-/reload} and {@code /-/quit} are allowed
 * @param adminApiEnabled whether the {@code /api/v1/admin/*} endpoints are allowed
 * @param corsOrigin regex of browser origins allowed to call the API ({@code --web.cors.origin})
 * @param flags every flag and its value as text, for {@code /api/v1/status/flags}
 * @param engine the PromQL engine's settings ({@code --query.*} flags and PromQL features)
 */
public record ServerSettings(
    ConfigSource configSource, StorageOptions storage, InetSocketAddress listenAddress,
    URI externalUrl, InetSocketAddress otlpGrpcAddress, InetSocketAddress otlpHttpAddress,
    long lookbackDeltaMs, boolean lifecycleEnabled, boolean adminApiEnabled, String corsOrigin, Set<String> features,
    Map<String, String> flags, EngineOptions engine) {
  public ServerSettings {
    features = Set.copyOf(features);
    flags = Map.copyOf(flags);
  }

  /** Settings with the engine's defaults for everything but the lookback delta and features. */
  public ServerSettings(
      ConfigSource configSource, StorageOptions storage, InetSocketAddress listenAddress,
      URI externalUrl, InetSocketAddress otlpGrpcAddress, InetSocketAddress otlpHttpAddress,
      long lookbackDeltaMs, boolean lifecycleEnabled, boolean adminApiEnabled, String corsOrigin,
      Set<String> features, Map<String, String> flags) {
    this(configSource, storage, listenAddress, externalUrl, otlpGrpcAddress, otlpHttpAddress,
        lookbackDeltaMs, lifecycleEnabled, adminApiEnabled, corsOrigin, features, flags,
        QueryFeatures.engineOptions(lookbackDeltaMs, EngineOptions.DEFAULT.maxSamples(),
            EngineOptions.DEFAULT.timeout(), EngineOptions.DEFAULT.maxConcurrent(), features));
  }
}
