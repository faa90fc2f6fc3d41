package dev.vigil.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.matcher.LabelMatcher;
import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.alerting.matcher.MatcherParser;
import dev.vigil.alerting.matcher.Matchers;
import dev.vigil.alerting.timeinterval.TimeInterval;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code alertmanager.yml} text into an {@link AlertmanagerConfig}, checking what
 * Alertmanager 0.25 checks, in the same order (section errors while decoding, then the
 * cross-reference checks), with its messages.
 */
final class ConfigParser {
  static final Set<String> TOP_LEVEL = Set.of("global", "route", "inhibit_rules", "receivers",
      "templates", "mute_time_intervals", "time_intervals");
  private static final Set<String> ROUTE_KEYS = Set.of("receiver", "group_by", "match", "match_re",
      "matchers", "mute_time_intervals", "active_time_intervals", "continue", "routes",
      "group_wait", "group_interval", "repeat_interval");
  private static final Set<String> INHIBIT_KEYS = Set.of("name", "source_match", "source_match_re",
      "source_matchers", "target_match", "target_match_re", "target_matchers", "equal");
  private static final Set<String> GLOBAL_KEYS = Set.of("resolve_timeout", "http_config",
      "smtp_from", "smtp_hello", "smtp_smarthost", "smtp_auth_username", "smtp_auth_password",
      "smtp_auth_password_file", "smtp_auth_secret", "smtp_auth_secret_file", "smtp_auth_identity",
      "smtp_require_tls", "smtp_tls_config", "slack_api_url", "slack_api_url_file",
      "pagerduty_url", "opsgenie_api_url", "opsgenie_api_key", "opsgenie_api_key_file",
      "wechat_api_url", "wechat_api_secret", "wechat_api_corp_id", "victorops_api_url",
      "victorops_api_key", "victorops_api_key_file", "telegram_api_url", "webex_api_url",
      "jira_api_url", "rocketchat_api_url", "rocketchat_token", "rocketchat_token_file",
      "rocketchat_token_id", "rocketchat_token_id_file");
  private final String text;

  ConfigParser(String text) {
    this.text = text;
  }

  AlertmanagerConfig parse() {
    JsonNode root = YamlTree.parse(text);
    if (root == null || root.isNull() || root.isMissingNode()) {
      throw new ConfigException("no route provided in config");
    }
    root = MergeKeys.resolve(root);
    YamlObject top = new YamlObject(root, text);
    top.allow(TOP_LEVEL);

    GlobalConfig global = global(top.object("global"));
    RouteConfig route = null;
    List<ReceiverConfig> receivers = new ArrayList<>();
    List<InhibitRuleConfig> inhibit = new ArrayList<>();
    List<Map.Entry<String, List<TimeInterval>>> muteIntervals = new ArrayList<>();
    List<Map.Entry<String, List<TimeInterval>>> timeIntervals = new ArrayList<>();
    // Sections decode in document order, so the first broken one is the one reported.
    for (Iterator<String> it = top.node().fieldNames(); it.hasNext(); ) {
      switch (it.next()) {
        case "route" -> route = top.has("route") ? route(top.object("route")) : null;
        case "receivers" -> {
          for (YamlObject r : top.objects("receivers")) {
            receivers.add(Receivers.receiver(r, global));
          }
        }
        case "inhibit_rules" -> {
          for (YamlObject r : top.objects("inhibit_rules")) {
            inhibit.add(inhibitRule(r));
          }
        }
        case "mute_time_intervals" -> intervals(top, "mute_time_intervals", "missing name in mute time interval", muteIntervals);
        case "time_intervals" -> intervals(top, "time_intervals", "missing name in time interval", timeIntervals);
        default -> {}
      }
    }
    List<String> templates = top.strings("templates");

    Set<String> names = new HashSet<>();
    for (ReceiverConfig r : receivers) {
      if (!names.add(r.name())) {
        throw new ConfigException("notification config name " + q(r.name()) + " is not unique");
      }
    }
    if (route == null) {
      throw new ConfigException("no routes provided");
    }
    if (route.receiver() == null || route.receiver().isEmpty()) {
      throw new ConfigException("root route must specify a default receiver");
    }
    if (!route.matchers().isEmpty()) {
      throw new ConfigException("root route must not have any matchers");
    }
    if (!route.muteTimeIntervals().isEmpty()) {
      throw new ConfigException("root route must not have any mute time intervals");
    }
    if (!route.activeTimeIntervals().isEmpty()) {
      throw new ConfigException("root route must not have any active time intervals");
    }
    checkReceivers(route, names);
    Map<String, List<TimeInterval>> all = new LinkedHashMap<>();
    for (Map.Entry<String, List<TimeInterval>> e : muteIntervals) {
      if (all.put(e.getKey(), e.getValue()) != null) {
        throw new ConfigException("mute time interval " + q(e.getKey()) + " is not unique");
      }
    }
    for (Map.Entry<String, List<TimeInterval>> e : timeIntervals) {
      if (all.put(e.getKey(), e.getValue()) != null) {
        throw new ConfigException("time interval " + q(e.getKey()) + " is not unique");
      }
    }
    checkTimeIntervals(route, all.keySet());
    if (route.continueMatching()) {
      throw new ConfigException("cannot have continue in root route");
    }
    return new AlertmanagerConfig(global, route, inhibit, receivers,
        templates == null ? List.of() : templates, all, text);
  }

  static String q(String s) {
    return dev.vigil.alerting.matcher.GoQuote.quote(s);
  }

  private void intervals(YamlObject top, String key, String missingName,
      List<Map.Entry<String, List<TimeInterval>>> into) {
    for (YamlObject o : top.objects(key)) {
      o.allow(Set.of("name", "time_intervals"));
      List<TimeInterval> list = new ArrayList<>();
      for (YamlObject ti : o.objects("time_intervals")) {
        list.add(TimeIntervals.parse(ti));
      }
      String name = o.string("name", "");
      if (name.isEmpty()) {
        throw new ConfigException(missingName);
      }
      into.add(Map.entry(name, List.copyOf(list)));
    }
  }

  private GlobalConfig global(YamlObject g) {
    g.allow(GLOBAL_KEYS);
    ObjectNode raw = g.isAbsent() ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : g.node().deepCopy();
    Long resolve = g.duration("resolve_timeout");
    putDefault(raw, "smtp_hello", "localhost");
    putDefault(raw, "pagerduty_url", "https://events.pagerduty.com/v2/enqueue");
    putDefault(raw, "opsgenie_api_url", "https://api.opsgenie.com/");
    putDefault(raw, "wechat_api_url", "https://qyapi.weixin.qq.com/cgi-bin/");
    putDefault(raw, "victorops_api_url", "https://alert.victorops.com/integrations/generic/20131114/alert/");
    putDefault(raw, "telegram_api_url", "https://api.telegram.org");
    putDefault(raw, "webex_api_url", "https://webexapis.com/v1/messages");
    for (String u : List.of("slack_api_url", "pagerduty_url", "opsgenie_api_url", "wechat_api_url",
        "victorops_api_url", "telegram_api_url", "webex_api_url")) {
      if (raw.hasNonNull(u)) {
        Receivers.checkUrl(raw.get(u).asText());
      }
    }
    exclusive(g, "slack_api_url", "slack_api_url_file");
    exclusive(g, "opsgenie_api_key", "opsgenie_api_key_file");
    exclusive(g, "victorops_api_key", "victorops_api_key_file");
    exclusive(g, "smtp_auth_password", "smtp_auth_password_file");
    exclusive(g, "smtp_auth_secret", "smtp_auth_secret_file");
    exclusive(g, "rocketchat_token", "rocketchat_token_file");
    exclusive(g, "rocketchat_token_id", "rocketchat_token_id_file");
    return new GlobalConfig(
        resolve == null ? 5 * 60_000L : resolve,
        Receivers.http(g.object("http_config")),
        g.string("smtp_from"),
        raw.get("smtp_hello").asText(),
        g.string("smtp_smarthost"),
        g.string("smtp_auth_username"),
        g.string("smtp_auth_password"),
        g.string("smtp_auth_identity"),
        g.string("smtp_auth_secret"),
        g.bool("smtp_require_tls", true),
        g.string("slack_api_url"),
        g.string("slack_api_url_file"),
        raw.get("pagerduty_url").asText(),
        raw.get("opsgenie_api_url").asText(),
        g.string("opsgenie_api_key"),
        g.string("opsgenie_api_key_file"),
        raw);
  }

  private static void putDefault(ObjectNode n, String key, String value) {
    if (!n.hasNonNull(key)) {
      n.put(key, value);
    }
  }

  private static void exclusive(YamlObject o, String a, String b) {
    if (o.has(a) && o.has(b)) {
      throw new ConfigException("at most one of " + a + " & " + b + " must be configured");
    }
  }



  private RouteConfig route(YamlObject r) {
    r.allow(ROUTE_KEYS);
    Map<String, String> match = r.stringMap("match");
    for (String k : match.keySet()) {
      if (!LabelSets.isValidLabelName(k)) {
        throw new ConfigException("invalid label name " + q(k));
      }
    }
    Map<String, String> matchRe = r.stringMap("match_re");
    List<LabelMatcher> ms = new ArrayList<>();
    match.forEach((k, v) -> ms.add(LabelMatcher.equal(k, v)));
    ms.addAll(regexMatchers(matchRe));
    ms.addAll(matcherLines(r.strings("matchers")));
    List<String> groupByStr = r.strings("group_by");
    List<String> groupBy = null;
    boolean all = false;
    if (groupByStr != null) {
      groupBy = new ArrayList<>();
      for (String l : groupByStr) {
        if (l.equals("...")) {
          all = true;
        } else if (!LabelSets.isValidLabelName(l)) {
          throw new ConfigException("invalid label name " + q(l) + " in group_by list");
        } else {
          groupBy.add(l);
        }
      }
      if (!groupBy.isEmpty() && all) {
        // Alertmanager 0.25 words this with a doubled "other"; kept so messages compare equal.
        throw new ConfigException("cannot have wildcard group_by (`...`) and other other labels at the same time");
      }
      Set<String> seen = new HashSet<>();
      for (String l : groupBy) {
        if (!seen.add(l)) {
          throw new ConfigException("duplicated label " + q(l) + " in group_by");
        }
      }
    }
    Long groupWait = r.duration("group_wait");
    Long groupInterval = r.duration("group_interval");
    Long repeatInterval = r.duration("repeat_interval");
    if (groupInterval != null && groupInterval == 0) {
      throw new ConfigException("group_interval cannot be zero");
    }
    if (repeatInterval != null && repeatInterval == 0) {
      throw new ConfigException("repeat_interval cannot be zero");
    }
    List<RouteConfig> children = new ArrayList<>();
    for (YamlObject c : r.objects("routes")) {
      children.add(route(c));
    }
    List<String> mute = r.strings("mute_time_intervals");
    List<String> active = r.strings("active_time_intervals");
    return new RouteConfig(r.string("receiver"), groupBy == null || groupBy.isEmpty() ? null : groupBy,
        all, match, matchRe, Matchers.sorted(ms), r.bool("continue", false),
        groupWait, groupInterval, repeatInterval,
        mute == null ? List.of() : mute, active == null ? List.of() : active, children);
  }

  private static List<LabelMatcher> regexMatchers(Map<String, String> m) {
    List<LabelMatcher> out = new ArrayList<>();
    m.forEach((k, v) -> {
      if (!LabelSets.isValidLabelName(k)) {
        throw new ConfigException("invalid label name " + q(k));
      }
      try {
        out.add(LabelMatcher.regex(k, v));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
    });
    return out;
  }

  private static List<LabelMatcher> matcherLines(List<String> lines) {
    List<LabelMatcher> out = new ArrayList<>();
    if (lines != null) {
      for (String line : lines) {
        try {
          out.addAll(MatcherParser.parseList(line));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(e.getMessage());
        }
      }
    }
    return out;
  }

  private InhibitRuleConfig inhibitRule(YamlObject r) {
    r.allow(INHIBIT_KEYS);
    Map<String, String> sm = r.stringMap("source_match");
    Map<String, String> tm = r.stringMap("target_match");
    for (String k : sm.keySet()) {
      if (!LabelSets.isValidLabelName(k)) {
        throw new ConfigException("invalid label name " + q(k));
      }
    }
    for (String k : tm.keySet()) {
      if (!LabelSets.isValidLabelName(k)) {
        throw new ConfigException("invalid label name " + q(k));
      }
    }
    List<LabelMatcher> source = new ArrayList<>();
    sm.forEach((k, v) -> source.add(LabelMatcher.equal(k, v)));
    source.addAll(regexMatchers(r.stringMap("source_match_re")));
    source.addAll(matcherLines(r.strings("source_matchers")));
    List<LabelMatcher> target = new ArrayList<>();
    tm.forEach((k, v) -> target.add(LabelMatcher.equal(k, v)));
    target.addAll(regexMatchers(r.stringMap("target_match_re")));
    target.addAll(matcherLines(r.strings("target_matchers")));
    List<String> equal = r.strings("equal");
    for (String l : equal == null ? List.<String>of() : equal) {
      if (!LabelSets.isValidLabelName(l)) {
        throw new ConfigException(q(l) + " is not a valid label name");
      }
    }
    return new InhibitRuleConfig(Matchers.sorted(source), Matchers.sorted(target),
        equal == null ? List.of() : equal);
  }


  private static void checkReceivers(RouteConfig r, Set<String> names) {
    for (RouteConfig c : r.routes()) {
      checkReceivers(c, names);
    }
    if (r.receiver() != null && !r.receiver().isEmpty() && !names.contains(r.receiver())) {
      throw new ConfigException("undefined receiver " + q(r.receiver()) + " used in route");
    }
  }

  private static void checkTimeIntervals(RouteConfig r, Set<String> names) {
    for (RouteConfig c : r.routes()) {
      checkTimeIntervals(c, names);
    }
    for (String n : r.activeTimeIntervals()) {
      if (!names.contains(n)) {
        throw new ConfigException("undefined time interval " + q(n) + " used in route");
      }
    }
    for (String n : r.muteTimeIntervals()) {
      if (!names.contains(n)) {
        throw new ConfigException("undefined time interval " + q(n) + " used in route");
      }
    }
  }
}
