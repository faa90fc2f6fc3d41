package dev.vigil.alerting.config;

import dev.vigil.alerting.matcher.Matchers;
import java.util.List;

/**
 * An inhibition rule: alerts matching {@code targetMatchers} are muted while an alert matching
 * {@code sourceMatchers} fires with the same values for every {@code equal} label. The deprecated
 * {@code source_match(_re)}/{@code target_match(_re)} maps are folded into the matchers.
 */
public record InhibitRuleConfig(Matchers sourceMatchers, Matchers targetMatchers, List<String> equal) {
  public InhibitRuleConfig {
    equal = List.copyOf(equal);
  }
}
