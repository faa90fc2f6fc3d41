package dev.vigil.alerting.pagerduty;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.vigil.common.template.TemplateException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sends notifications to PagerDuty's Events API v2 as Alertmanager 0.25 does: a {@code trigger}
 * event while any alert fires and {@code resolve} once all are resolved, deduplicated by the
 * SHA-256 of the group key; summary (at most 1024 characters), source, severity (default
 * "error"), class, component, group and custom details (firing/resolved alert lists and counts
 * unless overridden); images and links without a source are dropped. 429 and 5xx are retried.
 * With {@code service_key} the v1 Events API is used instead (incident key, description, details;
 * 403 and 5xx retried). Thread-safe.
 */
public final class PagerDutyIntegration extends ConfiguredIntegration {
  static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";
  /** Alertmanager posts v1 events here whatever {@code url} says. */
  static final String V1_URL = "https://events.pagerduty.com/generic/2010-04-15/create_event.json";
  static final int MAX_EVENT_SIZE = 512_000;
  private static final Map<String, String> DEFAULT_DETAILS = Map.of(
      "firing", "{{ template \"pagerduty.default.instances\" .Alerts.Firing }}",
      "resolved", "{{ template \"pagerduty.default.instances\" .Alerts.Resolved }}",
      "num_firing", "{{ .Alerts.Firing | len }}",
      "num_resolved", "{{ .Alerts.Resolved | len }}");
  private static final String DEFAULT_CLIENT = "{{ template \"pagerduty.default.client\" . }}";

  private final boolean v1;
  private final String v1Url;

  public PagerDutyIntegration(IntegrationConfig config, int index, String externalUrl,
      NotificationTemplates templates, HttpClient client, HttpClientConfig globalHttp) {
    this(config, index, externalUrl, templates, client, globalHttp, V1_URL);
  }

  PagerDutyIntegration(IntegrationConfig config, int index, String externalUrl,
      NotificationTemplates templates, HttpClient client, HttpClientConfig globalHttp, String v1Url) {
    // The v1 API answers 403 when rate limiting, v2 answers 429.
    super(config, index, externalUrl, templates, new HttpNotifier(client, config.httpConfig(globalHttp),
        Set.of(usesV1(config) ? 403 : 429), PagerDutyIntegration::errorDetails));
    this.v1 = usesV1(config);
    this.v1Url = v1Url;
  }

  private static boolean usesV1(IntegrationConfig config) {
    return config.string("service_key", null) != null || config.string("service_key_file", null) != null;
  }

  @Override
  public String type() {
    return "pagerduty";
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    NotificationData data = NotificationData.of(n, externalUrl);
    Map<String, String> details = new TreeMap<>(DEFAULT_DETAILS);
    details.putAll(config.stringMap("details"));
    Map<String, String> rendered = new TreeMap<>();
    for (Map.Entry<String, String> e : details.entrySet()) {
      try {
        rendered.put(e.getKey(), templates.text(e.getValue(), data));
      } catch (TemplateException ex) {
        throw new NotifyException("\"" + e.getKey() + "\": failed to template \"" + e.getValue() + "\": "
            + ex.getMessage(), false, ex);
      }
    }
    FieldRenderer r = new FieldRenderer(templates, data);
    String client = config.string("client", DEFAULT_CLIENT);
    if (v1) {
      notifyV1(n, r, client, rendered);
      return;
    }
    Event ev = new Event(
        r.text(client),
        r.text(config.string("client_url", "{{ template \"pagerduty.default.clientURL\" . }}")),
        r.text(routingKey()),
        n.firing() ? "trigger" : "resolve",
        dedupKey(n.groupKey()),
        Truncate.runes(r.text(config.string("description", "{{ template \"pagerduty.default.description\" .}}")), 1024),
        r.text(config.string("source", client)),
        r.text(config.string("severity", "error")),
        rendered,
        r.text(config.string("class", "")),
        r.text(config.string("component", "")),
        r.text(config.string("group", "")),
        items(r, "images", "src", "alt", "href"),
        items(r, "links", "href", "text"));
    if (r.error() != null) {
      throw new NotifyException("failed to template PagerDuty v2 message: " + r.error().getMessage(), false, r.error());
    }
    if (ev.routingKey().isEmpty()) {
      throw new NotifyException("routing key cannot be empty", false);
    }
    byte[] body = ev.json(ev.details());
    if (body.length > MAX_EVENT_SIZE) {
      body = ev.json(Map.of("error",
          "Custom details have been removed because the original event exceeds the maximum size of 512kB"));
    }
    http.post(config.string("url", DEFAULT_URL), Map.of(), body, n);
  }

  private void notifyV1(Notification n, FieldRenderer r, String client, Map<String, String> details)
      throws NotifyException, InterruptedException {
    String description = Truncate.runes(r.text(config.string("description",
        "{{ template \"pagerduty.default.description\" .}}")), 1024);
    String serviceKey = config.string("service_key", null);
    if (serviceKey == null) {
      String file = config.string("service_key_file", "");
      try {
        serviceKey = Files.readString(Path.of(file)).strip();
      } catch (IOException e) {
        throw new NotifyException("failed to read service key from file: " + e.getMessage(), false, e);
      }
    }
    String key = r.text(serviceKey);
    boolean trigger = n.firing();
    String clientText = trigger ? r.text(client) : "";
    String clientUrl = trigger ? r.text(config.string("client_url", "{{ template \"pagerduty.default.clientURL\" . }}")) : "";
    if (r.error() != null) {
      throw new NotifyException("failed to template PagerDuty v1 message: " + r.error().getMessage(), false, r.error());
    }
    if (key.isEmpty()) {
      throw new NotifyException("service key cannot be empty", false);
    }
    byte[] body = v1Json(key, dedupKey(n.groupKey()), trigger ? "trigger" : "resolve", description, clientText,
        clientUrl, details);
    if (body.length > MAX_EVENT_SIZE) {
      body = v1Json(key, dedupKey(n.groupKey()), trigger ? "trigger" : "resolve", description, clientText, clientUrl,
          Map.of("error", "Custom details have been removed because the original event exceeds the maximum size of 512kB"));
    }
    http.post(v1Url, Map.of(), body, n);
  }

  /** The v1 event as Alertmanager encodes its shared message struct: event_action "" and payload null included. */
  static byte[] v1Json(String serviceKey, String incidentKey, String eventType, String description, String client,
      String clientUrl, Map<String, String> details) {
    return GoJsonWriter.write(g -> {
      g.writeStartObject();
      GoJsonWriter.optional(g, "service_key", serviceKey);
      GoJsonWriter.optional(g, "incident_key", incidentKey);
      GoJsonWriter.optional(g, "event_type", eventType);
      GoJsonWriter.optional(g, "description", description);
      g.writeStringField("event_action", "");
      g.writeNullField("payload");
      GoJsonWriter.optional(g, "client", client);
      GoJsonWriter.optional(g, "client_url", clientUrl);
      if (!details.isEmpty()) {
        GoJsonWriter.map(g, "details", details);
      }
      g.writeEndObject();
    });
  }

  private String routingKey() throws NotifyException {
    String k = config.string("routing_key", null);
    if (k != null) {
      return k;
    }
    String file = config.string("routing_key_file", "");
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new NotifyException("failed to read routing key from file " + file + ": " + e.getMessage(), false, e);
    }
  }

  /** Images keep their order and need a src; links need an href. Fields in PagerDuty's order. */
  private List<Map<String, String>> items(FieldRenderer r, String key, String... fields) {
    List<Map<String, String>> out = new ArrayList<>();
    for (ObjectNode o : config.objects(key)) {
      Map<String, String> m = new LinkedHashMap<>();
      for (String f : fields) {
        m.put(f, r.text(IntegrationConfig.string(o, f, "")));
      }
      if (!m.get(fields[0]).isEmpty()) {
        out.add(m);
      }
    }
    return out;
  }

  /** Hex SHA-256 of the group key: Alertmanager's notify.Key.Hash. */
  static String dedupKey(String groupKey) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(groupKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PagerDuty's 400 error body {"message": ..., "errors": [...]} as "message: e1,e2"; nothing otherwise. */
  static String errorDetails(int status, String body) {
    if (status != 400) {
      return "";
    }
    try {
      JsonNode n = new ObjectMapper().readTree(body);
      if (n == null || !n.isObject()) {
        return "";
      }
      List<String> errs = new ArrayList<>();
      n.path("errors").forEach(e -> errs.add(e.asText()));
      return n.path("message").asText("") + ": " + String.join(",", errs);
    } catch (IOException e) {
      return "";
    }
  }

  private record Event(String client, String clientUrl, String routingKey, String action, String dedupKey,
      String summary, String source, String severity, Map<String, String> details, String clazz,
      String component, String group, List<Map<String, String>> images, List<Map<String, String>> links) {

    byte[] json(Map<String, String> customDetails) {
      return GoJsonWriter.write(g -> {
        g.writeStartObject();
        GoJsonWriter.optional(g, "routing_key", routingKey);
        GoJsonWriter.optional(g, "dedup_key", dedupKey);
        g.writeStringField("event_action", action);
        g.writeObjectFieldStart("payload");
        g.writeStringField("summary", summary);
        g.writeStringField("source", source);
        g.writeStringField("severity", severity);
        GoJsonWriter.optional(g, "class", clazz);
        GoJsonWriter.optional(g, "component", component);
        GoJsonWriter.optional(g, "group", group);
        if (!customDetails.isEmpty()) {
          GoJsonWriter.map(g, "custom_details", customDetails);
        }
        g.writeEndObject();
        GoJsonWriter.optional(g, "client", client);
        GoJsonWriter.optional(g, "client_url", clientUrl);
        writeItems(g, "images", images);
        writeItems(g, "links", links);
        g.writeEndObject();
      });
    }

    private static void writeItems(JsonGenerator g, String field, List<Map<String, String>> items) throws IOException {
      if (items.isEmpty()) {
        return;
      }
      g.writeArrayFieldStart(field);
      for (Map<String, String> m : items) {
        g.writeStartObject();
        for (Map.Entry<String, String> e : m.entrySet()) {
          GoJsonWriter.optional(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }
}
