package dev.vigil.server.rules;

import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.promql.parser.ParseException;
import dev.vigil.promql.parser.Parser;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.promql.parser.Printer;
import dev.vigil.rules.eval.Alert;
import dev.vigil.rules.eval.AlertState;
import dev.vigil.rules.eval.AlertingRule;
import dev.vigil.rules.eval.Group;
import dev.vigil.rules.eval.RecordingRule;
import dev.vigil.rules.eval.Rule;
import dev.vigil.rules.eval.RuleManager;
import dev.vigil.server.api.ApiException;
import dev.vigil.server.api.ApiJson;
import dev.vigil.server.api.ApiRequest;
import dev.vigil.server.api.ApiResult;
import dev.vigil.server.lifecycle.VigilServer;
import com.linecorp.armeria.common.HttpMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/v1/rules} and {@code /api/v1/alerts} in Prometheus's JSON shapes, with the rules
 * filters {@code type}, {@code rule_name[]}, {@code rule_group[]}, {@code file[]}, {@code
 * exclude_alerts} and {@code match[]}. Thread-safe.
 */
public final class RulesApi {
  private final Supplier<RuleManager> manager;
  private final ParserOptions parserOptions;

  public RulesApi(Supplier<RuleManager> manager, ParserOptions parserOptions) {
    this.manager = manager;
    this.parserOptions = parserOptions;
  }

  public void register(VigilServer server) {
    server.api("/api/v1/rules", this::rules, true, HttpMethod.GET);
    server.api("/api/v1/alerts", this::alerts, true, HttpMethod.GET);
  }

  private List<Group> groups() {
    RuleManager m = manager.get();
    return m == null ? List.of() : m.groups();
  }

  public ApiResult alerts(ApiRequest r) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Group g : groups()) {
      for (Rule rule : g.rules()) {
        if (rule instanceof AlertingRule ar) {
          for (Alert a : ar.activeAlerts()) {
            out.add(alert(a));
          }
        }
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("alerts", out);
    return ApiResult.of(data);
  }

  public ApiResult rules(ApiRequest r) {
    String type = r.param("type").toLowerCase(java.util.Locale.ROOT);
    boolean alerts = true;
    boolean records = true;
    switch (type) {
      case "" -> { }
      case "alert" -> records = false;
      case "record" -> alerts = false;
      default -> throw ApiException.badData("not supported value \"" + r.param("type") + "\"");
    }
    boolean excludeAlerts = bool(r, "exclude_alerts");
    Set<String> names = new HashSet<>(r.params("rule_name[]"));
    Set<String> groupNames = new HashSet<>(r.params("rule_group[]"));
    Set<String> files = new HashSet<>(r.params("file[]"));
    List<List<Matcher>> matchSets = new ArrayList<>();
    for (String m : r.params("match[]")) {
      try {
        matchSets.add(Parser.parseSelector(m, parserOptions));
      } catch (ParseException e) {
        throw ApiException.badData("invalid parameter \"match[]\": " + e.getMessage());
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Group g : groups()) {
      if (!groupNames.isEmpty() && !groupNames.contains(g.name())) {
        continue;
      }
      if (!files.isEmpty() && !files.contains(g.file())) {
        continue;
      }
      List<Map<String, Object>> rules = new ArrayList<>();
      for (Rule rule : g.rules()) {
        if (!names.isEmpty() && !names.contains(rule.name())) {
          continue;
        }
        if (!matchSets.isEmpty() && !matchesAny(matchSets, rule.labels())) {
          continue;
        }
        if (rule instanceof AlertingRule ar && alerts) {
          rules.add(alertingRule(ar, excludeAlerts));
        } else if (rule instanceof RecordingRule rr && records) {
          rules.add(recordingRule(rr));
        }
      }
      // Filters other than the group's own drop groups left without rules, as Prometheus does.
      boolean ruleFilters = !type.isEmpty() || !names.isEmpty() || !matchSets.isEmpty();
      if (ruleFilters && rules.isEmpty()) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", g.name());
      m.put("file", g.file());
      m.put("rules", rules);
      m.put("interval", new ApiJson.RawNumber(seconds(g.intervalMs())));
      m.put("limit", g.limit());
      m.put("evaluationTime", new ApiJson.RawNumber(nanosAsSeconds(g.evaluationTimeNanos())));
      m.put("lastEvaluation", time(g.lastEvaluation()));
      out.add(m);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("groups", out);
    return ApiResult.of(data);
  }

  private static boolean matchesAny(List<List<Matcher>> sets, Labels l) {
    for (List<Matcher> set : sets) {
      boolean all = true;
      for (Matcher m : set) {
        if (!m.matches(l.get(m.name()))) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean bool(ApiRequest r, String name) {
    String v = r.param(name);
    return switch (v) {
      case "", "0", "f", "F", "false", "FALSE", "False" -> false;
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      default -> throw ApiException.badData("parsing \"" + name + "\" parameter: strconv.ParseBool: "
          + "parsing \"" + v + "\": invalid syntax");
    };
  }

  private Map<String, Object> alertingRule(AlertingRule ar, boolean excludeAlerts) {
    Map<String, Object> m = new LinkedHashMap<>();
    AlertState state = ar.state();
    m.put("state", state.apiName());
    m.put("name", ar.name());
    m.put("query", printed(ar.query()));
    m.put("duration", new ApiJson.RawNumber(seconds(ar.holdMs())));
    m.put("keepFiringFor", new ApiJson.RawNumber(seconds(ar.keepFiringForMs())));
    m.put("labels", ar.labels());
    Map<String, String> ann = new LinkedHashMap<>(new java.util.TreeMap<>(ar.annotations()));
    m.put("annotations", ann);
    if (!excludeAlerts) {
      List<Map<String, Object>> alerts = new ArrayList<>();
      for (Alert a : ar.activeAlerts()) {
        alerts.add(alert(a));
      }
      m.put("alerts", alerts);
    }
    common(m, ar);
    m.put("type", "alerting");
    return m;
  }

  private Map<String, Object> recordingRule(RecordingRule rr) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", rr.name());
    m.put("query", printed(rr.query()));
    if (!rr.labels().isEmpty()) {
      m.put("labels", rr.labels());
    }
    common(m, rr);
    m.put("type", "recording");
    return m;
  }

  private static void common(Map<String, Object> m, Rule r) {
    m.put("health", r.health().apiName());
    if (r.lastError() != null) {
      m.put("lastError", r.lastError());
    }
    m.put("evaluationTime", new ApiJson.RawNumber(nanosAsSeconds(r.evaluationTimeNanos())));
    m.put("lastEvaluation", time(r.lastEvaluation()));
  }

  private String printed(String query) {
    try {
      return Printer.print(Parser.parse(query, parserOptions));
    } catch (RuntimeException e) {
      return query;
    }
  }

  static Map<String, Object> alert(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("labels", a.labels());
    m.put("annotations", a.annotations());
    m.put("state", a.state().apiName());
    m.put("activeAt", time(a.activeAt()));
    if (a.keepFiringSince() != 0) {
      m.put("keepFiringSince", time(a.keepFiringSince()));
    }
    m.put("value", RulesJson.goFloatE(a.value()));
    return m;
  }

  private static String seconds(long ms) {
    return RulesJson.plain(ms / 1000.0);
  }

  private static String nanosAsSeconds(long nanos) {
    return RulesJson.plain(nanos / 1e9);
  }

  private static String time(long ms) {
    return RulesJson.rfc3339(ms);
  }
}
