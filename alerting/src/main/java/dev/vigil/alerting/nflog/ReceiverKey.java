package dev.vigil.alerting.nflog;

/**
 * One integration of a receiver, as the notification log keys it: receiver name, integration
 * type ("webhook", "email", ...) and its index among that receiver's integrations of the type.
 */
public record ReceiverKey(String groupName, String integration, int index) {
  @Override
  public String toString() {
    return groupName + "/" + integration + "[" + index + "]";
  }
}
