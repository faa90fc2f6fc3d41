package dev.vigil.common.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Alertmanager-shaped data (KV maps with methods, alert lists with methods, times) through a
 * subject template written like Alertmanager's default "__subject".
 */
class NotificationTemplateTest {
  /** Alertmanager's KV: a sorted string map with methods. */
  public static final class KV extends AbstractMap<String, String> implements GoMap, GoTyped {
    private final TreeMap<String, String> m;

    KV(Map<String, String> m) {
      this.m = new TreeMap<>(m);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return m.entrySet();
    }

    @Override
    public Object zeroValue() {
      return "";
    }

    @Override
    public String goTypeName() {
      return "template.KV";
    }

    public Pairs sortedPairs() {
      Pairs p = new Pairs();
      m.forEach((k, v) -> p.add(new Pair(k, v)));
      return p;
    }

    public List<String> names() {
      return new ArrayList<>(m.keySet());
    }

    public List<String> values() {
      return new ArrayList<>(m.values());
    }

    public KV remove(List<String> keys) {
      TreeMap<String, String> copy = new TreeMap<>(m);
      keys.forEach(copy::remove);
      return new KV(copy);
    }
  }

  public record Pair(String Name, String Value) {}

  /** Alertmanager's Pairs with Names and Values. */
  public static final class Pairs extends ArrayList<Pair> {
    private static final long serialVersionUID = 1L;

    public List<String> names() {
      return stream().map(Pair::Name).toList();
    }

    public List<String> values() {
      return stream().map(Pair::Value).toList();
    }
  }

  public record Alert(String Status, KV Labels, GoTime StartsAt) {}

  /** Alertmanager's Alerts with Firing and Resolved. */
  public static final class Alerts extends AbstractList<Alert> {
    private final List<Alert> all;

    Alerts(List<Alert> all) {
      this.all = all;
    }

    @Override
    public Alert get(int i) {
      return all.get(i);
    }

    @Override
    public int size() {
      return all.size();
    }

    public Alerts firing() {
      return new Alerts(all.stream().filter(a -> a.Status().equals("firing")).toList());
    }

    public Alerts resolved() {
      return new Alerts(all.stream().filter(a -> a.Status().equals("resolved")).toList());
    }
  }

  public record Data(String Status, Alerts Alerts, KV GroupLabels, KV CommonLabels) {}

  @Test
  void alertmanagerStyleSubject() throws TemplateException {
    String text = "{{ define \"__subject\" }}[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:"
        + "{{ .Alerts.Firing | len }}{{ end }}] {{ .GroupLabels.SortedPairs.Values | join \" \" }} "
        + "{{ if gt (len .CommonLabels) (len .GroupLabels) }}({{ with .CommonLabels.Remove .GroupLabels.Names }}"
        + "{{ .Values | join \" \" }}{{ end }}){{ end }}{{ end }}"
        + "{{ define \"body\" }}{{ range .Alerts }}{{ .Labels.alertname }} since {{ .StartsAt.Format \"15:04\" }}"
        + "{{ with .Labels.missing }}never{{ end }}\n{{ end }}{{ end }}";
    TemplateSet t = TemplateSet.builder()
        .function("toUpper", TemplateFunction.of(Signature.of(Signature.Type.STRING),
            a -> ((String) a.getFirst()).toUpperCase(java.util.Locale.ROOT)))
        .function("join", TemplateFunction.of(Signature.of(Signature.Type.STRING, Signature.Type.ANY),
            a -> String.join((String) a.get(0), GoValues.elements(a.get(1)).stream().map(String::valueOf).toList())))
        .parse("default.tmpl", text)
        .build();
    KV common = new KV(Map.of("alertname", "HighErrorRate", "severity", "page", "job", "api"));
    GoTime at = GoTime.ofEpochMilli(1_700_000_000_000L);
    Alerts alerts = new Alerts(List.of(
        new Alert("firing", new KV(Map.of("alertname", "HighErrorRate", "instance", "a")), at),
        new Alert("resolved", new KV(Map.of("alertname", "HighErrorRate", "instance", "b")), at)));
    Data d = new Data("firing", alerts, new KV(Map.of("alertname", "HighErrorRate")), common);
    assertThat(t.execute("__subject", d)).isEqualTo("[FIRING:1] HighErrorRate (api page)");
    assertThat(t.execute("body", d)).isEqualTo("HighErrorRate since 22:13\nHighErrorRate since 22:13\n");
  }
}
