package dev.vigil.server.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.vigil.alerting.history.AlertChange;
import dev.vigil.alerting.history.HistoryEvent;
import dev.vigil.alerting.history.NotificationSent;
import dev.vigil.alerting.matcher.LabelMatcher;
import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.alerting.matcher.MatcherSyntaxException;
import dev.vigil.model.Labels;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v2/history}: the alert history, newest first (docs/alerting.md). Parameters:
 * {@code filter} (repeatable matchers, as for alerts), {@code kind} (repeatable: firing,
 * resolved, silenced, unsilenced, inhibited, uninhibited, notification), {@code receiver} (regex;
 * keeps notifications to matching receivers only), {@code start} and {@code end} (RFC 3339 or
 * Unix seconds; default: everything), {@code limit} (default 1000, at most 10000). Errors are 400
 * with the message as a JSON string, as the other v2 endpoints answer.
 */
final class HistoryApi {
  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 10_000;
  private static final String NOTIFICATION = "notification";

  private final BuiltinAlertmanager builtin;

  HistoryApi(BuiltinAlertmanager builtin) {
    this.builtin = builtin;
  }

  HttpResponse history(ServiceRequestContext ctx, AggregatedHttpRequest req, QueryParams q) {
    List<LabelMatcher> matchers;
    try {
      matchers = AlertmanagerApi.filters(q);
    } catch (MatcherSyntaxException e) {
      return AmHttp.badRequest(e.getMessage());
    }
    Set<AlertChange.Kind> kinds = EnumSet.noneOf(AlertChange.Kind.class);
    boolean notifications = q.getAll("kind").isEmpty();
    if (notifications) {
      kinds = EnumSet.allOf(AlertChange.Kind.class);
    }
    for (String k : q.getAll("kind")) {
      if (k.equals(NOTIFICATION)) {
        notifications = true;
        continue;
      }
      try {
        kinds.add(AlertChange.Kind.ofApiName(k));
      } catch (IllegalArgumentException e) {
        return AmHttp.badRequest("invalid kind \"" + k + "\": want firing, resolved, silenced, "
            + "unsilenced, inhibited, uninhibited or notification");
      }
    }
    Pattern receiver;
    try {
      receiver = q.get("receiver") == null ? null : LabelMatcher.compile(q.get("receiver"));
    } catch (IllegalArgumentException e) {
      return AmHttp.badRequest("failed to parse receiver param: " + e.getMessage());
    }
    Instant start;
    Instant end;
    int limit;
    try {
      start = time(q, "start", Instant.EPOCH);
      end = time(q, "end", Instant.parse("9999-12-31T23:59:59Z"));
      limit = limit(q.get("limit"));
    } catch (IllegalArgumentException e) {
      return AmHttp.badRequest(e.getMessage());
    }
    if (end.isBefore(start)) {
      return AmHttp.badRequest("end time " + end + " is before start time " + start);
    }
    Set<AlertChange.Kind> wantKinds = kinds;
    boolean wantNotifications = notifications;
    Predicate<HistoryEvent> p = e -> switch (e) {
      case AlertChange c -> receiver == null && wantKinds.contains(c.kind()) && c.matches(matchers);
      case NotificationSent n -> wantNotifications && n.matches(matchers)
          && (receiver == null || receiver.matcher(n.receiver()).find());
    };
    ArrayNode arr = AmJson.F.arrayNode();
    for (HistoryEvent e : builtin.history().log().query(start, end, p, limit)) {
      arr.add(json(e));
    }
    return AmHttp.json(HttpStatus.OK, AmJson.bytes(arr));
  }

  static ObjectNode json(HistoryEvent e) {
    ObjectNode o = AmJson.F.objectNode();
    o.put("time", AmJson.time(e.time()));
    switch (e) {
      case AlertChange c -> {
        o.put("kind", c.kind().apiName());
        o.put("fingerprint", LabelSets.fingerprintString(c.labels()));
        o.set("labels", AmJson.labels(c.labels()));
        o.put("startsAt", AmJson.time(c.startsAt()));
        o.put("endsAt", AmJson.time(c.endsAt()));
        switch (c.kind()) {
          case SILENCED, UNSILENCED -> c.by().forEach(o.putArray("silencedBy")::add);
          case INHIBITED, UNINHIBITED -> c.by().forEach(o.putArray("inhibitedBy")::add);
          default -> { }
        }
      }
      case NotificationSent n -> {
        o.put("kind", NOTIFICATION);
        o.set("receiver", AmJson.receiver(n.receiver()));
        o.put("integration", n.integration());
        o.put("index", n.index());
        o.put("groupKey", n.groupKey());
        o.put("status", n.success() ? "success" : "failure");
        if (!n.success()) {
          o.put("error", n.error());
        }
        ArrayNode alerts = o.putArray("alerts");
        for (Labels l : n.firing()) {
          alerts.addObject().put("fingerprint", LabelSets.fingerprintString(l))
              .put("status", "firing").set("labels", AmJson.labels(l));
        }
        for (Labels l : n.resolved()) {
          alerts.addObject().put("fingerprint", LabelSets.fingerprintString(l))
              .put("status", "resolved").set("labels", AmJson.labels(l));
        }
      }
    }
    return o;
  }

  private static Instant time(QueryParams q, String name, Instant dflt) {
    String s = q.get(name);
    if (s == null || s.isEmpty()) {
      return dflt;
    }
    try {
      return AmJson.parseTime(s);
    } catch (DateTimeParseException e) {
      try {
        BigDecimal secs = new BigDecimal(s);
        return Instant.ofEpochMilli(secs.movePointRight(3)
            .setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
      } catch (NumberFormatException | ArithmeticException e2) {
        throw new IllegalArgumentException("invalid " + name + " time \"" + s
            + "\": want RFC 3339 or Unix seconds");
      }
    }
  }

  private static int limit(String s) {
    if (s == null || s.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(s);
      if (n > 0 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("invalid limit \"" + s + "\": want an integer from 1 to "
        + MAX_LIMIT);
  }
}
