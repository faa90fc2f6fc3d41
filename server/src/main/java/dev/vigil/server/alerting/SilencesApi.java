package dev.vigil.server.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.vigil.alerting.matcher.LabelMatcher;
import dev.vigil.alerting.matcher.MatchType;
import dev.vigil.alerting.matcher.MatcherSyntaxException;
import dev.vigil.alerting.silence.Silence;
import dev.vigil.alerting.silence.SilenceException;
import dev.vigil.alerting.silence.SilenceState;
import dev.vigil.alerting.silence.Silences;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /api/v2/silences} and {@code /api/v2/silence/{id}} as Alertmanager 0.25 answers them,
 * quirks included: expiring an unknown silence is a 500 "silence not found", expiring an expired
 * one succeeds, a malformed id is go-swagger's 422. Listing order: active (soonest end first),
 * pending (soonest start first), expired (latest end first).
 */
final class SilencesApi {
  private static final Pattern UUID_RE = Pattern.compile(
      "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");

  private final BuiltinAlertmanager builtin;

  SilencesApi(BuiltinAlertmanager builtin) {
    this.builtin = builtin;
  }

  HttpResponse silences(ServiceRequestContext ctx, AggregatedHttpRequest req, QueryParams q) {
    if (req.method() == HttpMethod.POST) {
      return post(req.contentUtf8());
    }
    List<LabelMatcher> filter;
    try {
      filter = AlertmanagerApi.filters(q);
    } catch (MatcherSyntaxException e) {
      return AmHttp.badRequest(e.getMessage());
    }
    Instant now = Instant.now();
    List<Silence> list = new ArrayList<>(builtin.require().silences().query(s -> matches(s, filter)));
    list.sort(order(now));
    ArrayNode arr = AmJson.F.arrayNode();
    list.forEach(s -> arr.add(AmJson.silence(s, now)));
    return AmHttp.json(HttpStatus.OK, AmJson.bytes(arr));
  }

  /** Every filter matcher must appear (same name, type and value) among the silence's. */
  private static boolean matches(Silence s, List<LabelMatcher> filter) {
    for (LabelMatcher f : filter) {
      if (s.matchers().stream().noneMatch(m -> m.name().equals(f.name())
          && m.type() == f.type() && m.value().equals(f.value()))) {
        return false;
      }
    }
    return true;
  }

  private static Comparator<Silence> order(Instant now) {
    return (a, b) -> {
      SilenceState sa = a.state(now);
      SilenceState sb = b.state(now);
      if (sa != sb) {
        return Integer.compare(rank(sa), rank(sb));
      }
      return switch (sa) {
        case ACTIVE -> a.endsAt().compareTo(b.endsAt());
        case PENDING -> a.startsAt().compareTo(b.startsAt());
        case EXPIRED -> b.endsAt().compareTo(a.endsAt());
      };
    };
  }

  private static int rank(SilenceState s) {
    return switch (s) {
      case ACTIVE -> 1;
      case PENDING -> 2;
      case EXPIRED -> 3;
    };
  }

  HttpResponse silence(ServiceRequestContext ctx, AggregatedHttpRequest req, QueryParams q) {
    String id = ctx.pathParam("id");
    if (id == null || !UUID_RE.matcher(id).matches()) {
      return AmHttp.json(HttpStatus.UNPROCESSABLE_ENTITY, AmJson.codeMessage(601,
          "silenceID in path must be of type uuid: \"" + id + "\""));
    }
    Silences silences = builtin.require().silences();
    if (req.method() == HttpMethod.DELETE) {
      try {
        silences.expire(id);
      } catch (SilenceException e) {
        if (e.notFound()) {
          return AmHttp.json(HttpStatus.INTERNAL_SERVER_ERROR, AmJson.message(e.getMessage()));
        }
        // already expired: Alertmanager 0.25 answers 200
      }
      builtin.afterSilenceChange();
      return AmHttp.empty(HttpStatus.OK);
    }
    Silence s = silences.get(id);
    if (s == null) {
      return AmHttp.empty(HttpStatus.NOT_FOUND);
    }
    return AmHttp.json(HttpStatus.OK, AmJson.bytes(AmJson.silence(s, Instant.now())));
  }

  private HttpResponse post(String body) {
    JsonNode n;
    try {
      n = AmJson.MAPPER.readTree(body);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      return AmHttp.json(HttpStatus.BAD_REQUEST, AmJson.codeMessage(400,
          "parsing silence body from \"\" failed, because " + why));
    }
    for (String field : List.of("comment", "createdBy", "endsAt", "matchers", "startsAt")) {
      if (!n.hasNonNull(field)) {
        return AmHttp.json(HttpStatus.UNPROCESSABLE_ENTITY,
            AmJson.codeMessage(602, field + " in body is required"));
      }
    }
    JsonNode ms = n.get("matchers");
    if (!ms.isArray() || ms.isEmpty()) {
      return AmHttp.json(HttpStatus.UNPROCESSABLE_ENTITY,
          AmJson.codeMessage(612, "matchers in body should have at least 1 items"));
    }
    Instant start;
    Instant end;
    try {
      start = AmJson.parseTime(n.get("startsAt").asText());
      end = AmJson.parseTime(n.get("endsAt").asText());
    } catch (DateTimeParseException e) {
      return AmHttp.json(HttpStatus.BAD_REQUEST, AmJson.codeMessage(400,
          "parsing silence body from \"\" failed, because " + e.getMessage()));
    }
    List<LabelMatcher> matchers = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      JsonNode m = ms.get(i);
      for (String field : List.of("isRegex", "name", "value")) {
        if (!m.hasNonNull(field)) {
          return AmHttp.json(HttpStatus.UNPROCESSABLE_ENTITY,
              AmJson.codeMessage(602, "matchers." + i + "." + field + " in body is required"));
        }
      }
      boolean regex = m.get("isRegex").asBoolean();
      boolean equal = !m.hasNonNull("isEqual") || m.get("isEqual").asBoolean();
      MatchType type = regex ? (equal ? MatchType.REGEXP : MatchType.NOT_REGEXP)
          : (equal ? MatchType.EQUAL : MatchType.NOT_EQUAL);
      String value = m.get("value").asText();
      try {
        matchers.add(LabelMatcher.of(type, m.get("name").asText(), value));
      } catch (IllegalArgumentException e) {
        return AmHttp.badRequest("silence invalid: invalid label matcher " + i
            + ": invalid regular expression \"" + value + "\": " + e.getMessage());
      }
    }
    if (!start.isBefore(end)) {
      return AmHttp.badRequest("Failed to create silence: start time must be before end time");
    }
    if (end.isBefore(Instant.now())) {
      return AmHttp.badRequest("Failed to create silence: end time can't be in the past");
    }
    String id = n.hasNonNull("id") ? n.get("id").asText() : "";
    Silence s = new Silence(id, matchers, start, end, null, n.get("createdBy").asText(),
        n.get("comment").asText());
    String newId;
    try {
      newId = builtin.require().silences().set(s);
    } catch (SilenceException e) {
      if (e.notFound()) {
        return AmHttp.json(HttpStatus.NOT_FOUND, AmJson.message(e.getMessage()));
      }
      return AmHttp.badRequest("silence invalid: " + e.getMessage());
    }
    builtin.afterSilenceChange();
    return AmHttp.json(HttpStatus.OK, AmJson.bytes(AmJson.F.objectNode().put("silenceID", newId)));
  }
}
