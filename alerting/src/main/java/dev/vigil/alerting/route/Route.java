package dev.vigil.alerting.route;

import dev.vigil.alerting.config.RouteConfig;
import dev.vigil.alerting.matcher.Matchers;
import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A node of the routing tree. An alert descends depth-first, left to right: at each node the
 * first matching child takes it unless that child has {@code continue}, in which case later
 * siblings are tried too; a node none of whose children match is itself the match. Keys and IDs
 * are Alertmanager's strings ({@code {}/{severity="page"}} and that plus {@code /index}), which
 * form the group keys the receivers see. Immutable after construction; thread-safe.
 */
public final class Route {
  private final Route parent;
  private final int index;
  private final RouteOptions options;
  private final Matchers matchers;
  private final boolean continueMatching;
  private final List<Route> children;
  private final String key;

  private Route(RouteConfig c, Route parent, int index) {
    this.parent = parent;
    this.index = index;
    RouteOptions base = parent == null ? RouteOptions.DEFAULTS : parent.options;
    var groupBy = base.groupBy();
    boolean groupByAll = base.groupByAll();
    if (c.groupBy() != null && !c.groupByAll()) {
      groupBy = new TreeSet<>(c.groupBy());
      groupByAll = false;
    } else if (c.groupByAll()) {
      groupByAll = true;
    }
    this.options = new RouteOptions(
        c.receiver() != null && !c.receiver().isEmpty() ? c.receiver() : base.receiver(),
        groupBy,
        groupByAll,
        c.groupWaitMs() != null ? c.groupWaitMs() : base.groupWaitMs(),
        c.groupIntervalMs() != null ? c.groupIntervalMs() : base.groupIntervalMs(),
        c.repeatIntervalMs() != null ? c.repeatIntervalMs() : base.repeatIntervalMs(),
        c.muteTimeIntervals(),
        c.activeTimeIntervals());
    this.matchers = c.matchers();
    this.continueMatching = c.continueMatching();
    this.key = (parent == null ? "" : parent.key + "/") + matchers;
    List<Route> kids = new ArrayList<>();
    for (int i = 0; i < c.routes().size(); i++) {
      kids.add(new Route(c.routes().get(i), this, i));
    }
    this.children = Collections.unmodifiableList(kids);
  }

  /** Builds the tree from the root route of a validated configuration. */
  public static Route tree(RouteConfig root) {
    return new Route(root, null, -1);
  }

  /** The routes that take an alert with these labels, in tree order (empty when none). */
  public List<Route> match(Labels labels) {
    if (!matchers.matches(labels)) {
      return List.of();
    }
    List<Route> all = new ArrayList<>();
    for (Route c : children) {
      List<Route> m = c.match(labels);
      all.addAll(m);
      if (!m.isEmpty() && !c.continueMatching) {
        break;
      }
    }
    if (all.isEmpty()) {
      all.add(this);
    }
    return all;
  }

  /** The labels of an alert that select its aggregation group on this route. */
  public Labels groupLabels(Labels alertLabels) {
    if (options.groupByAll()) {
      return alertLabels;
    }
    LabelsBuilder b = Labels.EMPTY.toBuilder();
    for (String name : options.groupBy()) {
      String v = alertLabels.get(name);
      if (v != null) {
        b.set(name, v);
      }
    }
    return b.build();
  }

  /** Alertmanager's route key: the matchers of every ancestor and this node joined by "/". */
  public String key() {
    return key;
  }

  /** The key plus this node's position among its siblings; unique in the tree. */
  public String id() {
    return parent == null ? key : key + "/" + index;
  }

  public RouteOptions options() {
    return options;
  }

  public Matchers matchers() {
    return matchers;
  }

  public boolean continueMatching() {
    return continueMatching;
  }

  public List<Route> children() {
    return children;
  }

  public Route parent() {
    return parent;
  }

  /** Visits this node and its descendants depth-first. */
  public void walk(Consumer<Route> visit) {
    visit.accept(this);
    for (Route c : children) {
      c.walk(visit);
    }
  }

  @Override
  public String toString() {
    return id();
  }
}
