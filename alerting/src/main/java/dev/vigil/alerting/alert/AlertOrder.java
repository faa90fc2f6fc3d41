package dev.vigil.alerting.alert;

import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.model.Labels;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * The order Alertmanager sorts a group's alerts in before notifying: by {@code job}, then
 * {@code instance} (alerts having the label first), then by label set (fewer labels first, then
 * the first differing label in name order). Receivers see alerts in this order.
 */
public final class AlertOrder {
  private AlertOrder() {}

  public static final Comparator<Alert> NOTIFICATION = AlertOrder::compare;

  static int compare(Alert a, Alert b) {
    for (String key : new String[] {"job", "instance"}) {
      String av = a.labels().has(key) ? a.labels().get(key) : null;
      String bv = b.labels().has(key) ? b.labels().get(key) : null;
      if (av == null && bv == null) {
        continue;
      }
      if (av == null) {
        return 1;
      }
      if (bv == null) {
        return -1;
      }
      int c = LabelSets.compareUtf8(av, bv);
      if (c != 0) {
        return c;
      }
    }
    if (before(a.labels(), b.labels())) {
      return -1;
    }
    return before(b.labels(), a.labels()) ? 1 : 0;
  }

  /** Go's model.LabelSet.Before. */
  public static boolean before(Labels a, Labels b) {
    if (a.size() != b.size()) {
      return a.size() < b.size();
    }
    TreeSet<String> names = new TreeSet<>(LabelSets::compareUtf8);
    for (int i = 0; i < a.size(); i++) {
      names.add(a.name(i));
      names.add(b.name(i));
    }
    for (String n : names) {
      if (!a.has(n)) {
        return true;
      }
      if (!b.has(n)) {
        return false;
      }
      String av = a.get(n);
      String bv = b.get(n);
      int c = LabelSets.compareUtf8(av, bv);
      if (c != 0) {
        return c < 0;
      }
    }
    return false;
  }
}
