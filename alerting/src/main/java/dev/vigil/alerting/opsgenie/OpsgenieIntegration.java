package dev.vigil.alerting.opsgenie;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.config.HttpClientConfig;
import dev.vigil.alerting.config.IntegrationConfig;
import dev.vigil.alerting.notify.GoJsonWriter;
import dev.vigil.alerting.notify.HttpNotifier;
import dev.vigil.alerting.notify.ConfiguredIntegration;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.template.FieldRenderer;
import dev.vigil.alerting.template.NotificationData;
import dev.vigil.alerting.template.NotificationTemplates;
import dev.vigil.alerting.template.Truncate;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sends notifications to the Opsgenie Alert API v2 as Alertmanager 0.25 does: while any alert
 * fires, {@code POST v2/alerts} creates (or deduplicates) an alert whose alias is the SHA-256 of
 * the group key, with message (at most 130 characters), description, details (common labels,
 * then the configured details), source, responders ({@code teams} expanded to one team each),
 * tags, note, priority, entity and actions; with {@code update_alerts} the message and description
 * of an existing alert are updated too. Once all alerts are resolved, {@code POST
 * v2/alerts/ALIAS/close?identifierType=alias}. Authorization {@code GenieKey KEY}; 429 and 5xx are
 * retried. Thread-safe.
 */
public final class OpsgenieIntegration extends ConfiguredIntegration {
  static final String DEFAULT_URL = "https://api.opsgenie.com/";


  public OpsgenieIntegration(IntegrationConfig config, int index, String externalUrl,
      NotificationTemplates templates, HttpClient client, HttpClientConfig globalHttp) {
    super(config, index, externalUrl, templates,
        new HttpNotifier(client, config.httpConfig(globalHttp), Set.of(429)));
  }

  @Override
  public String type() {
    return "opsgenie";
  }

  private record Request(String method, String url, byte[] body) {}

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    NotificationData data = NotificationData.of(n, externalUrl);
    FieldRenderer r = new FieldRenderer(templates, data);
    String base = config.string("api_url", DEFAULT_URL);
    if (!base.endsWith("/")) {
      base += "/";
    }
    String alias = dedupKey(n.groupKey());
    List<Request> requests = new ArrayList<>();
    String source = r.text(config.string("source", "{{ template \"opsgenie.default.source\" . }}"));
    if (!n.firing()) {
      byte[] body = GoJsonWriter.write(g -> {
        g.writeStartObject();
        g.writeStringField("source", source);
        g.writeEndObject();
      });
      requests.add(new Request("POST", base + "v2/alerts/" + alias + "/close?identifierType=alias", body));
    } else {
      Map<String, String> details = new TreeMap<>(data.commonLabels());
      config.stringMap("details").forEach((k, v) -> details.put(k, r.text(v)));
      String message = Truncate.runes(r.text(config.string("message", "{{ template \"opsgenie.default.message\" . }}")), 130);
      String description = r.text(config.string("description", "{{ template \"opsgenie.default.description\" . }}"));
      List<String[]> responders = new ArrayList<>();
      for (ObjectNode o : config.objects("responders")) {
        String id = r.text(IntegrationConfig.string(o, "id", ""));
        String name = r.text(IntegrationConfig.string(o, "name", ""));
        String username = r.text(IntegrationConfig.string(o, "username", ""));
        String type = r.text(IntegrationConfig.string(o, "type", ""));
        if (id.isEmpty() && name.isEmpty() && username.isEmpty() && type.isEmpty()) {
          continue;
        }
        if (type.equals("teams")) {
          for (String team : safeSplit(name)) {
            responders.add(new String[] {"", team.strip(), "", "team"});
          }
          continue;
        }
        responders.add(new String[] {id, name, username, type});
      }
      List<String> tags = safeSplit(r.text(config.string("tags", "")));
      String note = r.text(config.string("note", ""));
      String priority = r.text(config.string("priority", ""));
      String entity = r.text(config.string("entity", ""));
      List<String> actions = safeSplit(r.text(config.string("actions", "")));
      byte[] body = GoJsonWriter.write(g -> {
        g.writeStartObject();
        g.writeStringField("alias", alias);
        g.writeStringField("message", message);
        GoJsonWriter.optional(g, "description", description);
        GoJsonWriter.map(g, "details", details);
        g.writeStringField("source", source);
        if (!responders.isEmpty()) {
          g.writeArrayFieldStart("responders");
          for (String[] rs : responders) {
            g.writeStartObject();
            GoJsonWriter.optional(g, "id", rs[0]);
            GoJsonWriter.optional(g, "name", rs[1]);
            GoJsonWriter.optional(g, "username", rs[2]);
            g.writeStringField("type", rs[3]);
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        strings(g, "tags", tags);
        GoJsonWriter.optional(g, "note", note);
        GoJsonWriter.optional(g, "priority", priority);
        GoJsonWriter.optional(g, "entity", entity);
        strings(g, "actions", actions);
        g.writeEndObject();
      });
      requests.add(new Request("POST", base + "v2/alerts", body));
      if (config.bool("update_alerts", false)) {
        requests.add(new Request("PUT", base + "v2/alerts/" + alias + "/message?identifierType=alias",
            GoJsonWriter.write(g -> {
              g.writeStartObject();
              GoJsonWriter.optional(g, "message", message);
              g.writeEndObject();
            })));
        requests.add(new Request("PUT", base + "v2/alerts/" + alias + "/description?identifierType=alias",
            GoJsonWriter.write(g -> {
              g.writeStartObject();
              GoJsonWriter.optional(g, "description", description);
              g.writeEndObject();
            })));
      }
    }
    String apiKey = apiKey(r);
    if (r.error() != null) {
      throw new NotifyException("templating error: " + r.error().getMessage(), false, r.error());
    }
    for (Request req : requests) {
      http.send(req.method(), req.url(), Map.of("Authorization", "GenieKey " + apiKey), req.body(), n);
    }
  }

  private String apiKey(FieldRenderer r) throws NotifyException {
    String k = config.string("api_key", null);
    if (k != null) {
      return r.text(k);
    }
    String file = config.string("api_key_file", "");
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new NotifyException("read key_file error: " + e.getMessage(), false, e);
    }
  }

  private static void strings(com.fasterxml.jackson.core.JsonGenerator g, String field, List<String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** Splits on commas after trimming the whole string; empty parts are dropped, parts are not trimmed. */
  static List<String> safeSplit(String s) {
    List<String> out = new ArrayList<>();
    for (String part : s.strip().split(",", -1)) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  static String dedupKey(String groupKey) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(groupKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
