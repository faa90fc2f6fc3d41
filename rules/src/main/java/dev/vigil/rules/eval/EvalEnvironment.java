package dev.vigil.rules.eval;

import dev.vigil.model.Labels;
import java.util.Objects;

/**
 * What a rule evaluation reads from its surroundings.
 *
 * @param query the query function
 * @param externalLabels the server's external labels ({@code $externalLabels} in templates)
 * @param externalUrl the server's external URL ({@code $externalURL} in templates)
 */
public record EvalEnvironment(RuleQuery query, Labels externalLabels, String externalUrl) {
  public EvalEnvironment {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(externalLabels, "externalLabels");
    Objects.requireNonNull(externalUrl, "externalUrl");
  }
}
