package dev.vigil.rules.template;

import dev.vigil.common.template.GoTyped;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/** Prometheus's template {@code queryResult}: a list of samples templates range over. */
public final class QueryResult extends AbstractList<TemplateSample> implements GoTyped {
  private final List<TemplateSample> samples;

  QueryResult(List<TemplateSample> samples) {
    this.samples = new ArrayList<>(samples);
  }

  @Override
  public TemplateSample get(int index) {
    return samples.get(index);
  }

  @Override
  public int size() {
    return samples.size();
  }

  @Override
  public TemplateSample set(int index, TemplateSample s) {
    return samples.set(index, s);
  }

  @Override
  public String goTypeName() {
    return "template.queryResult";
  }
}
