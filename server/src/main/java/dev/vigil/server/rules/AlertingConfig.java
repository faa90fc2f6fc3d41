package dev.vigil.server.rules;

import dev.vigil.model.time.Durations;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the configuration's {@code alerting} section into Alertmanager targets: {@code
 * alertmanagers} with {@code static_configs}, {@code scheme}, {@code path_prefix}, {@code
 * timeout}, {@code api_version} (v2 only, as Prometheus 3) and {@code basic_auth}. Keys this
 * server does not implement (service discovery, TLS, relabelling) are rejected by name rather
 * than silently ignored. Stateless.
 */
final class AlertingConfig {
  private static final Set<String> SECTION = Set.of("alertmanagers", "alert_relabel_configs");
  private static final Set<String> AM = Set.of("static_configs", "scheme", "path_prefix",
      "timeout", "api_version", "basic_auth", "follow_redirects", "enable_http2");

  private AlertingConfig() {}

  static List<AlertmanagerTarget> parse(Object raw) {
    List<AlertmanagerTarget> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    Map<String, Object> section = map(raw, "alerting");
    for (String k : section.keySet()) {
      if (!SECTION.contains(k)) {
        throw new IllegalArgumentException("alerting: field " + k + " not supported");
      }
    }
    Object relabel = section.get("alert_relabel_configs");
    if (relabel instanceof List<?> l && !l.isEmpty()) {
      throw new IllegalArgumentException("alerting: alert_relabel_configs are not supported");
    }
    Object ams = section.get("alertmanagers");
    if (ams == null) {
      return out;
    }
    if (!(ams instanceof List<?> list)) {
      throw new IllegalArgumentException("alerting.alertmanagers must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      String where = "alerting.alertmanagers[" + i + "]";
      Map<String, Object> am = map(list.get(i), where);
      for (String k : am.keySet()) {
        if (!AM.contains(k)) {
          throw new IllegalArgumentException(where + ": field " + k + " not supported");
        }
      }
      String version = str(am.get("api_version"), "v2");
      if (!version.equals("v2")) {
        throw new IllegalArgumentException(where + ": expected Alertmanager api version to be "
            + "one of [v2] but got " + version);
      }
      String scheme = str(am.get("scheme"), "http");
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException(where + ": scheme must be http or https, got " + scheme);
      }
      String prefix = str(am.get("path_prefix"), "/");
      long timeout = Durations.parse(str(am.get("timeout"), "10s"));
      String auth = null;
      if (am.get("basic_auth") != null) {
        Map<String, Object> ba = map(am.get("basic_auth"), where + ".basic_auth");
        String user = str(ba.get("username"), "");
        String pass = str(ba.get("password"), "");
        auth = "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + pass).getBytes(StandardCharsets.UTF_8));
      }
      Object statics = am.get("static_configs");
      if (statics == null) {
        continue;
      }
      if (!(statics instanceof List<?> sl)) {
        throw new IllegalArgumentException(where + ".static_configs must be a list");
      }
      for (Object sc : sl) {
        Object targets = map(sc, where + ".static_configs").get("targets");
        if (targets == null) {
          continue;
        }
        if (!(targets instanceof List<?> tl)) {
          throw new IllegalArgumentException(where + ".static_configs.targets must be a list");
        }
        for (Object t : tl) {
          String host = String.valueOf(t);
          if (host.isEmpty() || host.contains("/")) {
            throw new IllegalArgumentException(where + ": invalid target \"" + host
                + "\" (want host:port)");
          }
          out.add(new AlertmanagerTarget(URI.create(scheme + "://" + host + join(prefix)),
              timeout, auth));
        }
      }
    }
    return out;
  }

  /** Go's path.Join(prefix, "/api/v2/alerts"). */
  private static String join(String prefix) {
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (!p.isEmpty() && !p.startsWith("/")) {
      p = "/" + p;
    }
    return p + "/api/v2/alerts";
  }

  private static String str(Object o, String dflt) {
    return o == null ? dflt : String.valueOf(o);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String where) {
    if (o instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException(where + " must be a mapping");
  }
}
