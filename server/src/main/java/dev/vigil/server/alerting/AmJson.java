package dev.vigil.server.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.AlertState;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.matcher.LabelMatcher;
import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.alerting.silence.Silence;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of Alertmanager's API v2 (openapi.yaml: GettableAlert, GettableSilence, ...),
 * field for field and in the order Alertmanager writes them. Times are Go's strfmt.DateTime
 * (UTC, milliseconds). Stateless.
 */
final class AmJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AmJson() {}

  static String time(Instant t) {
    return t == null ? "0001-01-01T00:00:00.000Z" : TIME.format(t);
  }

  /** Parses an RFC 3339 time. @throws DateTimeParseException when malformed */
  static Instant parseTime(String s) {
    return OffsetDateTime.parse(s).toInstant();
  }

  static ObjectNode labels(Labels l) {
    ObjectNode o = F.objectNode();
    for (int i = 0; i < l.size(); i++) {
      o.put(l.name(i), l.value(i));
    }
    return o;
  }

  static ObjectNode strings(Map<String, String> m) {
    ObjectNode o = F.objectNode();
    m.forEach(o::put);
    return o;
  }

  static ObjectNode receiver(String name) {
    return F.objectNode().put("name", name);
  }

  /** A GettableAlert. */
  static ObjectNode alert(Alert a, AlertState st, List<String> receivers) {
    ObjectNode o = F.objectNode();
    o.set("annotations", strings(a.annotations()));
    o.put("endsAt", time(a.endsAt()));
    o.put("fingerprint", LabelSets.fingerprintString(a.labels()));
    ArrayNode rs = o.putArray("receivers");
    receivers.forEach(r -> rs.add(receiver(r)));
    o.put("startsAt", time(a.startsAt()));
    ObjectNode status = o.putObject("status");
    ArrayNode inh = status.putArray("inhibitedBy");
    st.inhibitedBy().forEach(inh::add);
    ArrayNode sil = status.putArray("silencedBy");
    st.silencedBy().forEach(sil::add);
    status.put("state", st.state());
    o.put("updatedAt", time(a.updatedAt()));
    if (!a.generatorUrl().isEmpty()) {
      o.put("generatorURL", a.generatorUrl());
    }
    o.set("labels", labels(a.labels()));
    return o;
  }

  /** A GettableSilence. */
  static ObjectNode silence(Silence s, Instant now) {
    ObjectNode o = F.objectNode();
    o.put("id", s.id());
    o.putObject("status").put("state", s.state(now).apiName());
    o.put("updatedAt", time(s.updatedAt()));
    o.put("comment", s.comment());
    o.put("createdBy", s.createdBy());
    o.put("endsAt", time(s.endsAt()));
    ArrayNode ms = o.putArray("matchers");
    for (LabelMatcher m : s.matchers()) {
      ms.addObject().put("isEqual", !m.type().isNegative()).put("isRegex", m.type().isRegex())
          .put("name", m.name()).put("value", m.value());
    }
    o.put("startsAt", time(s.startsAt()));
    return o;
  }

  static byte[] bytes(JsonNode n) {
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot encode json", e);
    }
  }

  /** A go-swagger error string body: the message as a JSON string. */
  static byte[] message(String s) {
    return bytes(F.textNode(s));
  }

  /** A go-swagger validation error body. */
  static byte[] codeMessage(int code, String message) {
    return bytes(F.objectNode().put("code", code).put("message", message));
  }
}
