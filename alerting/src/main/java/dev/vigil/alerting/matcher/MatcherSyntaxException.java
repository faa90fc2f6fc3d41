package dev.vigil.alerting.matcher;

/** A matcher string that Alertmanager's parser would refuse; the message is Alertmanager's. */
public final class MatcherSyntaxException extends IllegalArgumentException {
  public MatcherSyntaxException(String message) {
    super(message);
  }
}
