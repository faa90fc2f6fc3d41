package dev.vigil.common.template;

import dev.vigil.common.template.Node.ListNode;
import dev.vigil.common.template.Node.TextNode;

/**
 * One parsed template: its name, the name of the top-level template whose text defined it (for
 * error locations), that text, and the root list.
 */
record Tree(String name, String parseName, String source, ListNode root) {

  /** Go's IsEmptyTree: nothing but white space. */
  boolean isEmpty() {
    return isEmpty(root);
  }

  private static boolean isEmpty(Node n) {
    return switch (n) {
      case null -> true;
      case ListNode l -> l.nodes().stream().allMatch(Tree::isEmpty);
      case TextNode t -> t.value().isBlank() && t.value().strip().isEmpty();
      default -> false;
    };
  }

  /** "NAME:LINE:COL" for a node position, with Go's byte-offset column. */
  String location(int pos) {
    int p = Math.min(pos, source.length());
    String before = source.substring(0, p);
    int nl = before.lastIndexOf('\n');
    int line = 1;
    for (int i = 0; i < p; i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    int col = nl < 0 ? GoValues.utf8Length(before) : GoValues.utf8Length(before.substring(nl + 1));
    return parseName + ":" + line + ":" + col;
  }
}
