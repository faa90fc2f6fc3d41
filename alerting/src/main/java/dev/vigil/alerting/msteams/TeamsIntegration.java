package dev.vigil.alerting.msteams;

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
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Posts notifications to a Microsoft Teams incoming webhook as the {@code msteams} notifier of
 * Alertmanager (0.26 and later; 0.25 has none) does: a MessageCard with title, summary, text and
 * a theme colour (8C1A1A firing, 2DC72D resolved). Only 5xx answers are retried. Thread-safe.
 */
public final class TeamsIntegration extends ConfiguredIntegration {
  static final String RED = "8C1A1A";
  static final String GREEN = "2DC72D";


  public TeamsIntegration(IntegrationConfig config, int index, String externalUrl,
      NotificationTemplates templates, HttpClient client, HttpClientConfig globalHttp) {
    super(config, index, externalUrl, templates,
        new HttpNotifier(client, config.httpConfig(globalHttp), Set.of()));
  }

  @Override
  public String type() {
    return "msteams";
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    FieldRenderer r = new FieldRenderer(templates, NotificationData.of(n, externalUrl));
    String title = r.text(config.string("title", "{{ template \"msteams.default.title\" . }}"));
    String text = r.text(config.string("text", "{{ template \"msteams.default.text\" . }}"));
    String summary = r.text(config.string("summary", "{{ template \"msteams.default.summary\" . }}"));
    if (r.error() != null) {
      throw new NotifyException(r.error().getMessage(), false, r.error());
    }
    String color = n.firing() ? RED : GREEN;
    byte[] body = GoJsonWriter.write(g -> {
      g.writeStartObject();
      g.writeStringField("@context", "http://schema.org/extensions");
      g.writeStringField("type", "MessageCard");
      g.writeStringField("title", title);
      g.writeStringField("summary", summary);
      g.writeStringField("text", text);
      g.writeStringField("themeColor", color);
      g.writeEndObject();
    });
    http.post(url(), Map.of(), body, n);
  }

  private String url() throws NotifyException {
    String url = config.string("webhook_url", null);
    if (url != null) {
      return url;
    }
    String file = config.string("webhook_url_file", "");
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new NotifyException("read webhook_url_file: " + e.getMessage(), false, e);
    }
  }
}
