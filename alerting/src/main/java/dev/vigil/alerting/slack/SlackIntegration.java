package dev.vigil.alerting.slack;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Posts notifications to a Slack incoming webhook as Alertmanager 0.25 does: one attachment with
 * title (at most 1024 characters), link, pretext, text, fallback, fields, actions, footer and a
 * colour ("danger" while firing, "good" when resolved, by default). Only 5xx answers are retried.
 * Thread-safe.
 */
public final class SlackIntegration extends ConfiguredIntegration {
  private static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("color", "{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}"),
      Map.entry("username", "{{ template \"slack.default.username\" . }}"),
      Map.entry("title", "{{ template \"slack.default.title\" . }}"),
      Map.entry("title_link", "{{ template \"slack.default.titlelink\" . }}"),
      Map.entry("icon_emoji", "{{ template \"slack.default.iconemoji\" . }}"),
      Map.entry("icon_url", "{{ template \"slack.default.iconurl\" . }}"),
      Map.entry("pretext", "{{ template \"slack.default.pretext\" . }}"),
      Map.entry("text", "{{ template \"slack.default.text\" . }}"),
      Map.entry("fallback", "{{ template \"slack.default.fallback\" . }}"),
      Map.entry("callback_id", "{{ template \"slack.default.callbackid\" . }}"),
      Map.entry("footer", "{{ template \"slack.default.footer\" . }}"));


  public SlackIntegration(IntegrationConfig config, int index, String externalUrl, NotificationTemplates templates,
      HttpClient client, HttpClientConfig globalHttp) {
    super(config, index, externalUrl, templates,
        new HttpNotifier(client, config.httpConfig(globalHttp), Set.of()));
  }

  @Override
  public String type() {
    return "slack";
  }

  private String field(String key) {
    return config.string(key, DEFAULTS.getOrDefault(key, ""));
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    FieldRenderer r = new FieldRenderer(templates, NotificationData.of(n, externalUrl));
    byte[] body = GoJsonWriter.write(g -> write(g, r));
    if (r.error() != null) {
      throw new NotifyException(r.error().getMessage(), false, r.error());
    }
    http.post(url(), Map.of(), body, n);
  }

  private void write(JsonGenerator g, FieldRenderer r) throws IOException {
    // Rendered in Alertmanager's order so the first template error is the same one.
    String title = Truncate.runes(r.text(field("title")), 1024);
    String titleLink = r.text(field("title_link"));
    String pretext = r.text(field("pretext"));
    String text = r.text(field("text"));
    String fallback = r.text(field("fallback"));
    String callbackId = r.text(field("callback_id"));
    String imageUrl = r.text(field("image_url"));
    String thumbUrl = r.text(field("thumb_url"));
    String footer = r.text(field("footer"));
    String color = r.text(field("color"));
    g.writeStartObject();
    GoJsonWriter.optional(g, "channel", r.text(field("channel")));
    GoJsonWriter.optional(g, "username", r.text(field("username")));
    GoJsonWriter.optional(g, "icon_emoji", r.text(field("icon_emoji")));
    GoJsonWriter.optional(g, "icon_url", r.text(field("icon_url")));
    if (config.bool("link_names", false)) {
      g.writeBooleanField("link_names", true);
    }
    g.writeArrayFieldStart("attachments");
    g.writeStartObject();
    GoJsonWriter.optional(g, "title", title);
    GoJsonWriter.optional(g, "title_link", titleLink);
    GoJsonWriter.optional(g, "pretext", pretext);
    g.writeStringField("text", text);
    g.writeStringField("fallback", fallback);
    g.writeStringField("callback_id", callbackId);
    List<ObjectNode> fields = config.objects("fields");
    if (!fields.isEmpty()) {
      boolean shortDefault = config.bool("short_fields", false);
      g.writeArrayFieldStart("fields");
      for (ObjectNode f : fields) {
        g.writeStartObject();
        g.writeStringField("title", r.text(IntegrationConfig.string(f, "title", "")));
        g.writeStringField("value", r.text(IntegrationConfig.string(f, "value", "")));
        JsonNode s = f.get("short");
        g.writeBooleanField("short", s == null || s.isNull() ? shortDefault : Boolean.parseBoolean(s.asText()));
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    List<ObjectNode> actions = config.objects("actions");
    if (!actions.isEmpty()) {
      g.writeArrayFieldStart("actions");
      for (ObjectNode a : actions) {
        g.writeStartObject();
        for (String k : List.of("type", "text", "url", "style", "name", "value")) {
          GoJsonWriter.optional(g, k, r.text(IntegrationConfig.string(a, k, "")));
        }
        if (a.get("confirm") instanceof ObjectNode c) {
          g.writeObjectFieldStart("confirm");
          String title2 = r.text(IntegrationConfig.string(c, "title", ""));
          String text2 = r.text(IntegrationConfig.string(c, "text", ""));
          String ok = r.text(IntegrationConfig.string(c, "ok_text", ""));
          String dismiss = r.text(IntegrationConfig.string(c, "dismiss_text", ""));
          GoJsonWriter.optional(g, "text", text2);
          GoJsonWriter.optional(g, "title", title2);
          GoJsonWriter.optional(g, "ok_text", ok);
          GoJsonWriter.optional(g, "dismiss_text", dismiss);
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    GoJsonWriter.optional(g, "image_url", imageUrl);
    GoJsonWriter.optional(g, "thumb_url", thumbUrl);
    g.writeStringField("footer", footer);
    GoJsonWriter.optional(g, "color", color);
    g.writeArrayFieldStart("mrkdwn_in");
    JsonNode md = config.settings().get("mrkdwn_in");
    if (md != null && md.isArray() && !md.isEmpty()) {
      for (JsonNode m : md) {
        g.writeString(m.asText());
      }
    } else {
      for (String m : List.of("fallback", "pretext", "text")) {
        g.writeString(m);
      }
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private String url() throws NotifyException {
    String url = config.string("api_url", null);
    if (url != null) {
      return url;
    }
    String file = config.string("api_url_file", "");
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new NotifyException("unable to read API URL from file " + file + ": " + e.getMessage(), false, e);
    }
  }
}
