package dev.vigil.server.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.vigil.alerting.Alertmanager;
import dev.vigil.alerting.AlertState;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.dispatch.AlertGroupInfo;
import dev.vigil.alerting.matcher.LabelMatcher;
import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.alerting.matcher.MatcherParser;
import dev.vigil.alerting.matcher.MatcherSyntaxException;
import dev.vigil.server.build.BuildInfo;
import dev.vigil.server.lifecycle.VigilServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Alertmanager's HTTP API v2 on the server's port: alerts, alert groups, silences, status and
 * receivers with Alertmanager 0.25's parameters, JSON shapes, status codes and error texts (a
 * go-swagger string body for handler errors, {@code {"code","message"}} for request validation),
 * so amtool and Prometheus work against it unchanged. Silences and alert posts are in {@link
 * SilencesApi} and here respectively. Thread-safe.
 */
public final class AlertmanagerApi {
  private final BuiltinAlertmanager builtin;
  private final BuildInfo build;
  private final String peerAddress;
  private final String nodeName = UUID.randomUUID().toString().replace("-", "").toUpperCase();

  /** @param peerAddress the address reported as this single cluster node's */
  public AlertmanagerApi(BuiltinAlertmanager builtin, BuildInfo build, String peerAddress) {
    this.builtin = builtin;
    this.build = build;
    this.peerAddress = peerAddress;
  }

  /** Registers every v2 endpoint on the server's main port. */
  public void register(VigilServer server) {
    SilencesApi silences = new SilencesApi(builtin);
    server.apiService("/api/v2/alerts", AmHttp.service(this::alerts), true, HttpMethod.GET,
        HttpMethod.POST);
    server.apiService("/api/v2/alerts/groups", AmHttp.service(this::groups), true, HttpMethod.GET);
    server.apiService("/api/v2/silences", AmHttp.service(silences::silences), true,
        HttpMethod.GET, HttpMethod.POST);
    server.apiService("/api/v2/silence/{id}", AmHttp.service(silences::silence), true,
        HttpMethod.GET, HttpMethod.DELETE);
    server.apiService("/api/v2/status", AmHttp.service(this::status), true, HttpMethod.GET);
    server.apiService("/api/v2/receivers", AmHttp.service(this::receivers), true, HttpMethod.GET);
    server.apiService("/api/v2/history", AmHttp.service(new HistoryApi(builtin)::history), true,
        HttpMethod.GET);
  }

  /** Parsed {@code filter} parameters. @throws MatcherSyntaxException when one is malformed */
  static List<LabelMatcher> filters(QueryParams q) {
    List<LabelMatcher> out = new ArrayList<>();
    for (String f : q.getAll("filter")) {
      out.add(MatcherParser.parse(f));
    }
    return out;
  }

  /** Alertmanager's filter semantics: a matcher for an empty value also accepts absence. */
  static boolean matchesFilter(List<LabelMatcher> ms, dev.vigil.model.Labels labels) {
    for (LabelMatcher m : ms) {
      String v = labels.get(m.name());
      boolean present = v != null;
      if (m.value().isEmpty() && (m.type().isNegative() ? present : !present)) {
        continue;
      }
      if (!m.matches(v == null ? "" : v)) {
        return false;
      }
    }
    return true;
  }

  private record AlertFilter(List<LabelMatcher> matchers, boolean silenced, boolean inhibited,
      boolean active) {
    boolean accepts(Alert a, AlertState st, Instant now) {
      if (a.endsAt() != null && a.endsAt().isBefore(now)) {
        return false;
      }
      if (!active && st.state().equals("active")) {
        return false;
      }
      if (!silenced && !st.silencedBy().isEmpty()) {
        return false;
      }
      if (!inhibited && !st.inhibitedBy().isEmpty()) {
        return false;
      }
      return matchesFilter(matchers, a.labels());
    }
  }

  /** The {@code filter}/state and {@code receiver} parameters of the alerts and groups lists. */
  private record Filters(AlertFilter alerts, Pattern receiver) {}

  /** A filter parameter that does not parse; the message is Alertmanager's 400 text. */
  private static final class BadFilter extends Exception {
    BadFilter(String message) {
      super(message);
    }
  }

  private static Filters listFilters(QueryParams q) throws BadFilter {
    AlertFilter alerts;
    try {
      alerts = alertFilter(q);
    } catch (MatcherSyntaxException e) {
      throw new BadFilter(e.getMessage());
    }
    try {
      return new Filters(alerts, receiverFilter(q));
    } catch (IllegalArgumentException e) {
      throw new BadFilter("failed to parse receiver param: " + e.getMessage());
    }
  }

  private static AlertFilter alertFilter(QueryParams q) {
    return new AlertFilter(filters(q), AmHttp.bool(q, "silenced", true),
        AmHttp.bool(q, "inhibited", true), AmHttp.bool(q, "active", true));
  }

  private static Pattern receiverFilter(QueryParams q) {
    String r = q.get("receiver");
    return r == null ? null : LabelMatcher.compile(r);
  }

  private HttpResponse alerts(ServiceRequestContext ctx, AggregatedHttpRequest req, QueryParams q) {
    if (req.method() == HttpMethod.POST) {
      return AlertsPost.handle(builtin, req.contentUtf8());
    }
    Filters filters;
    try {
      filters = listFilters(q);
    } catch (BadFilter e) {
      return AmHttp.badRequest(e.getMessage());
    }
    AlertFilter filter = filters.alerts();
    Pattern receiver = filters.receiver();
    Alertmanager am = builtin.require();
    Instant now = Instant.now();
    List<Map.Entry<String, ObjectNode>> out = new ArrayList<>();
    for (Alert a : am.alerts()) {
      List<String> receivers = am.receivers(a);
      if (receiver != null && receivers.stream().noneMatch(r -> receiver.matcher(r).find())) {
        continue;
      }
      AlertState st = am.state(a);
      if (!filter.accepts(a, st, now)) {
        continue;
      }
      out.add(Map.entry(LabelSets.fingerprintString(a.labels()), AmJson.alert(a, st, receivers)));
    }
    out.sort(Map.Entry.comparingByKey());
    ArrayNode arr = AmJson.F.arrayNode();
    out.forEach(e -> arr.add(e.getValue()));
    return AmHttp.json(HttpStatus.OK, AmJson.bytes(arr));
  }

  private HttpResponse groups(ServiceRequestContext ctx, AggregatedHttpRequest req, QueryParams q) {
    Filters filters;
    try {
      filters = listFilters(q);
    } catch (BadFilter e) {
      return AmHttp.badRequest(e.getMessage());
    }
    AlertFilter filter = filters.alerts();
    Pattern receiver = filters.receiver();
    Alertmanager am = builtin.require();
    Instant now = Instant.now();
    ArrayNode arr = AmJson.F.arrayNode();
    for (AlertGroupInfo g : am.groups()) {
      if (receiver != null && !receiver.matcher(g.receiver()).find()) {
        continue;
      }
      ArrayNode alerts = AmJson.F.arrayNode();
      for (Alert a : g.alerts()) {
        AlertState st = am.state(a);
        if (filter.accepts(a, st, now)) {
          alerts.add(AmJson.alert(a, st, am.receivers(a)));
        }
      }
      if (alerts.isEmpty()) {
        continue;
      }
      ObjectNode o = arr.addObject();
      o.set("alerts", alerts);
      o.set("labels", AmJson.labels(g.labels()));
      o.set("receiver", AmJson.receiver(g.receiver()));
    }
    return AmHttp.json(HttpStatus.OK, AmJson.bytes(arr));
  }

  private HttpResponse status(ServiceRequestContext ctx, AggregatedHttpRequest req, QueryParams q) {
    Alertmanager am = builtin.require();
    ObjectNode o = AmJson.F.objectNode();
    ObjectNode cluster = o.putObject("cluster");
    cluster.put("name", nodeName);
    cluster.putArray("peers").addObject().put("address", peerAddress).put("name", nodeName);
    cluster.put("status", "ready");
    o.putObject("config").put("original", am.status().config().original());
    o.put("uptime", AmJson.time(am.status().uptime()));
    o.putObject("versionInfo")
        .put("branch", build.branch())
        .put("buildDate", build.buildDate())
        .put("buildUser", build.buildUser())
        .put("goVersion", "java" + build.javaVersion())
        .put("revision", build.revision())
        .put("version", build.version());
    return AmHttp.json(HttpStatus.OK, AmJson.bytes(o));
  }

  private HttpResponse receivers(ServiceRequestContext ctx, AggregatedHttpRequest req,
      QueryParams q) {
    ArrayNode arr = AmJson.F.arrayNode();
    builtin.require().config().receivers().forEach(r -> arr.add(AmJson.receiver(r.name())));
    return AmHttp.json(HttpStatus.OK, AmJson.bytes(arr));
  }

}
