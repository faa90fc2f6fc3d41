package dev.vigil.server.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /api/v2/alerts}: a JSON array of PostableAlerts. Malformed JSON or times answer
 * 400 with go-swagger's {@code parsing alerts body} message, a missing {@code labels} 422, and
 * invalid alerts 400 with Alertmanager's validation errors joined by {@code "; "} (the valid
 * ones of the batch are still stored, as Alertmanager does). Empty label values are dropped.
 */
final class AlertsPost {
  private AlertsPost() {}

  /** Why a body could not be read as PostableAlerts. */
  private static final class BodyException extends Exception {
    final int code;
    final HttpStatus status;

    BodyException(HttpStatus status, int code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  static HttpResponse handle(BuiltinAlertmanager builtin, String body) {
    List<Alert> alerts;
    try {
      alerts = parse(body);
    } catch (BodyException e) {
      return AmHttp.json(e.status, AmJson.codeMessage(e.code, e.getMessage()));
    }
    List<String> errors = builtin.receive(alerts);
    if (!errors.isEmpty()) {
      return AmHttp.badRequest(String.join("; ", errors));
    }
    return AmHttp.empty(HttpStatus.OK);
  }

  static List<Alert> parse(String body) throws BodyException {
    JsonNode root;
    try {
      root = AmJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw parsing(e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw parsing("the body must be a JSON array of alerts, got "
          + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
    }
    List<Alert> out = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode a = root.get(i);
      if (!a.isObject()) {
        throw parsing("alert " + i + " is not a JSON object");
      }
      JsonNode labels = a.get("labels");
      if (labels == null || labels.isNull()) {
        throw new BodyException(HttpStatus.UNPROCESSABLE_ENTITY, 602,
            i + ".labels in body is required");
      }
      Map<String, String> ls = strings(labels, "labels");
      ls.values().removeIf(String::isEmpty);
      Map<String, String> annotations = a.has("annotations") && !a.get("annotations").isNull()
          ? strings(a.get("annotations"), "annotations") : Map.of();
      out.add(new Alert(Labels.fromMap(ls), annotations, time(a, "startsAt"), time(a, "endsAt"),
          a.hasNonNull("generatorURL") ? a.get("generatorURL").asText() : "", null, false));
    }
    return out;
  }

  private static Map<String, String> strings(JsonNode n, String what) throws BodyException {
    if (!n.isObject()) {
      throw parsing(what + " must be an object of strings");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!e.getValue().isTextual()) {
        throw parsing("json: cannot unmarshal " + e.getValue().getNodeType().toString().toLowerCase()
            + " into " + what + " value of type string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static Instant time(JsonNode a, String field) throws BodyException {
    JsonNode t = a.get(field);
    if (t == null || t.isNull()) {
      return null;
    }
    try {
      Instant i = AmJson.parseTime(t.asText());
      // Go's zero time means "not set"
      return i.equals(Instant.parse("0001-01-01T00:00:00Z")) ? null : i;
    } catch (DateTimeParseException e) {
      throw parsing("parsing time \"" + t.asText() + "\": " + e.getMessage());
    }
  }

  private static BodyException parsing(String why) {
    return new BodyException(HttpStatus.BAD_REQUEST, 400,
        "parsing alerts body from \"\" failed, because " + why);
  }

}
