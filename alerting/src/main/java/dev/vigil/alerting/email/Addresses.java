package dev.vigil.alerting.email;

import dev.vigil.alerting.notify.NotifyException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 5322 address lists as notifications use them ({@code a@x, "Ops" <b@y>}): the bare
 * addresses, in order. Quoted display names may contain commas. Stateless.
 */
final class Addresses {
  private Addresses() {}

  static List<String> parse(String list, String field) throws NotifyException {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    int angle = 0;
    for (int i = 0; i < list.length(); i++) {
      char ch = list.charAt(i);
      if (ch == '"' && (i == 0 || list.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && ch == '<') {
        angle++;
      } else if (!quoted && ch == '>') {
        angle--;
      } else if (!quoted && angle == 0 && ch == ',') {
        out.add(address(cur.toString(), field));
        cur.setLength(0);
        continue;
      }
      cur.append(ch);
    }
    out.add(address(cur.toString(), field));
    return out;
  }

  private static String address(String s, String field) throws NotifyException {
    String a = s.strip();
    int lt = a.lastIndexOf('<');
    if (lt >= 0) {
      int gt = a.indexOf('>', lt);
      if (gt < 0) {
        throw new NotifyException("parse '" + field + "' addresses: mail: unclosed angle-addr", false);
      }
      a = a.substring(lt + 1, gt).strip();
    }
    if (a.isEmpty()) {
      throw new NotifyException("parse '" + field + "' addresses: mail: no address", false);
    }
    if (a.indexOf('@') <= 0 || a.endsWith("@")) {
      throw new NotifyException("parse '" + field + "' addresses: mail: missing @ in addr-spec", false);
    }
    return a;
  }
}
