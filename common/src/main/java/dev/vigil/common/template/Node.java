package dev.vigil.common.template;

import dev.vigil.common.text.GoQuote;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The parse tree of a template, as Go's text/template/parse defines it. Positions are char
 * offsets into the template text; nodes are immutable.
 */
sealed interface Node {
  int pos();

  /** Go's Node.String(), used as the context of execution errors. */
  String text();

  record ListNode(int pos, List<Node> nodes) implements Node {
    @Override
    public String text() {
      return nodes.stream().map(Node::text).collect(Collectors.joining());
    }
  }

  record TextNode(int pos, String value) implements Node {
    @Override
    public String text() {
      return value;
    }
  }

  record ActionNode(int pos, int line, PipeNode pipe) implements Node {
    @Override
    public String text() {
      return "{{" + pipe.text() + "}}";
    }
  }

  /** if, range and with. */
  enum BranchKind {
    IF("if"),
    RANGE("range"),
    WITH("with");

    final String word;

    BranchKind(String word) {
      this.word = word;
    }
  }

  record BranchNode(BranchKind kind, int pos, int line, PipeNode pipe, ListNode list, ListNode elseList)
      implements Node {
    @Override
    public String text() {
      String s = "{{" + kind.word + " " + pipe.text() + "}}" + list.text();
      if (elseList != null) {
        s += "{{else}}" + elseList.text();
      }
      return s + "{{end}}";
    }
  }

  record TemplateNode(int pos, int line, String name, PipeNode pipe) implements Node {
    @Override
    public String text() {
      String q = GoQuote.quote(name, false);
      return pipe == null ? "{{template " + q + "}}" : "{{template " + q + " " + pipe.text() + "}}";
    }
  }

  record BreakNode(int pos, int line) implements Node {
    @Override
    public String text() {
      return "{{break}}";
    }
  }

  record ContinueNode(int pos, int line) implements Node {
    @Override
    public String text() {
      return "{{continue}}";
    }
  }

  /** Parser-internal: an {{end}} terminating a list. */
  record EndNode(int pos) implements Node {
    @Override
    public String text() {
      return "{{end}}";
    }
  }

  /** Parser-internal: an {{else}} terminating a list. */
  record ElseNode(int pos, int line) implements Node {
    @Override
    public String text() {
      return "{{else}}";
    }
  }

  record PipeNode(int pos, int line, boolean isAssign, List<VariableNode> decl, List<CommandNode> cmds)
      implements Node {
    @Override
    public String text() {
      StringBuilder sb = new StringBuilder();
      if (!decl.isEmpty()) {
        sb.append(decl.stream().map(Node::text).collect(Collectors.joining(", ")));
        sb.append(isAssign ? " = " : " := ");
      }
      sb.append(cmds.stream().map(Node::text).collect(Collectors.joining(" | ")));
      return sb.toString();
    }
  }

  record CommandNode(int pos, List<Node> args) implements Node {
    @Override
    public String text() {
      return args.stream()
          .map(a -> a instanceof PipeNode p ? "(" + p.text() + ")" : a.text())
          .collect(Collectors.joining(" "));
    }
  }

  record FieldNode(int pos, List<String> ident) implements Node {
    @Override
    public String text() {
      return "." + String.join(".", ident);
    }
  }

  /** A variable with optional field chain; ident.get(0) is the variable name with its '$'. */
  record VariableNode(int pos, List<String> ident) implements Node {
    @Override
    public String text() {
      return String.join(".", ident);
    }
  }

  record ChainNode(int pos, Node node, List<String> field) implements Node {
    @Override
    public String text() {
      String s = node instanceof PipeNode p ? "(" + p.text() + ")" : node.text();
      return s + field.stream().map(f -> "." + f).collect(Collectors.joining());
    }
  }

  record IdentifierNode(int pos, String name) implements Node {
    @Override
    public String text() {
      return name;
    }
  }

  record DotNode(int pos) implements Node {
    @Override
    public String text() {
      return ".";
    }
  }

  record NilNode(int pos) implements Node {
    @Override
    public String text() {
      return "nil";
    }
  }

  record BoolNode(int pos, boolean value) implements Node {
    @Override
    public String text() {
      return value ? "true" : "false";
    }
  }

  /** A number literal with every interpretation Go found valid for its text. */
  record NumberNode(
      int pos, String literal, boolean isInt, long intValue, boolean isUint, boolean isFloat, double floatValue)
      implements Node {
    @Override
    public String text() {
      return literal;
    }
  }

  record StringNode(int pos, String quoted, String value) implements Node {
    @Override
    public String text() {
      return quoted;
    }
  }
}
