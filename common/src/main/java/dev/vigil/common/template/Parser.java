package dev.vigil.common.template;

import dev.vigil.common.template.Node.ActionNode;
import dev.vigil.common.template.Node.BoolNode;
import dev.vigil.common.template.Node.BranchKind;
import dev.vigil.common.template.Node.BranchNode;
import dev.vigil.common.template.Node.BreakNode;
import dev.vigil.common.template.Node.ChainNode;
import dev.vigil.common.template.Node.CommandNode;
import dev.vigil.common.template.Node.ContinueNode;
import dev.vigil.common.template.Node.DotNode;
import dev.vigil.common.template.Node.ElseNode;
import dev.vigil.common.template.Node.EndNode;
import dev.vigil.common.template.Node.FieldNode;
import dev.vigil.common.template.Node.IdentifierNode;
import dev.vigil.common.template.Node.ListNode;
import dev.vigil.common.template.Node.NilNode;
import dev.vigil.common.template.Node.NumberNode;
import dev.vigil.common.template.Node.PipeNode;
import dev.vigil.common.template.Node.StringNode;
import dev.vigil.common.template.Node.TextNode;
import dev.vigil.common.template.Node.VariableNode;
import dev.vigil.common.template.Token.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Builds parse trees from tokens with Go's text/template grammar and error messages. One parser
 * per tree; {@code define} and {@code block} bodies get their own parser over the same tokens.
 */
final class Parser {
  /** The token list shared by the parsers of one text. */
  private static final class Tokens {
    final List<Token> list;
    int index;
    int max;

    Tokens(List<Token> list) {
      this.list = list;
    }
  }

  private final Tokens ts;
  private final String parseName;
  private final String source;
  private final Predicate<String> hasFunction;
  private final Map<String, Tree> treeSet;
  private final List<String> vars = new ArrayList<>(List.of("$"));
  private String name;
  private ListNode root;
  private int rangeDepth;
  private int actionLine;

  private Parser(
      Tokens ts,
      String name,
      String parseName,
      String source,
      Predicate<String> hasFunction,
      Map<String, Tree> treeSet) {
    this.ts = ts;
    this.name = name;
    this.parseName = parseName;
    this.source = source;
    this.hasFunction = hasFunction;
    this.treeSet = treeSet;
  }

  /** Parses {@code text} as template {@code name}, adding it and its definitions to treeSet. */
  static void parse(
      String name,
      String text,
      String leftDelim,
      String rightDelim,
      Predicate<String> hasFunction,
      Map<String, Tree> treeSet) {
    // A function named break or continue takes the word from the keyword, as in Go.
    boolean breakOk = !hasFunction.test("break");
    boolean continueOk = !hasFunction.test("continue");
    List<Token> tokens = new Lexer(text, leftDelim, rightDelim, breakOk, continueOk).lex();
    Parser p = new Parser(new Tokens(tokens), name, name, text, hasFunction, treeSet);
    p.parseTop();
  }

  // ---- token access

  private Token next() {
    List<Token> l = ts.list;
    Token t = l.get(Math.min(ts.index, l.size() - 1));
    ts.index = Math.min(ts.index + 1, l.size());
    ts.max = Math.max(ts.max, ts.index - 1);
    return t;
  }

  private void backup() {
    ts.index--;
  }

  private Token peek() {
    Token t = next();
    backup();
    return t;
  }

  private Token nextNonSpace() {
    Token t;
    do {
      t = next();
    } while (t.type() == Type.SPACE);
    return t;
  }

  private Token peekNonSpace() {
    Token t = nextNonSpace();
    backup();
    return t;
  }

  private ParseFailure errorf(String msg) {
    int line = ts.list.get(Math.min(ts.max, ts.list.size() - 1)).line();
    throw new ParseFailure("template: " + parseName + ":" + line + ": " + msg);
  }

  private Token expect(Type type, String context) {
    Token t = nextNonSpace();
    if (t.type() != type) {
      unexpected(t, context);
    }
    return t;
  }

  private void unexpected(Token t, String context) {
    if (t.type() == Type.ERROR) {
      String extra = "";
      if (actionLine != 0 && actionLine != t.line()) {
        extra = " in action started at " + parseName + ":" + actionLine;
        if (t.val().endsWith(" action")) {
          extra = extra.substring(" in action".length());
        }
      }
      throw errorf(t.val() + extra);
    }
    throw errorf("unexpected " + t + " in " + context);
  }

  /** A parse error with Go's full message. */
  static final class ParseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseFailure(String message) {
      super(message, null, false, false);
    }
  }

  // ---- structure

  private void parseTop() {
    List<Node> nodes = new ArrayList<>();
    root = new ListNode(peek().pos(), nodes);
    while (peek().type() != Type.EOF) {
      if (peek().type() == Type.LEFT_DELIM) {
        int save = ts.index;
        next();
        if (nextNonSpace().type() == Type.DEFINE) {
          Parser def = new Parser(ts, "definition", parseName, source, hasFunction, treeSet);
          def.parseDefinition();
          continue;
        }
        ts.index = save;
      }
      Node n = textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) {
        throw errorf("unexpected " + n.text());
      }
      nodes.add(n);
    }
    add();
  }

  private void add() {
    Tree tree = new Tree(name, parseName, source, root);
    Tree old = treeSet.get(name);
    if (old == null || old.isEmpty()) {
      treeSet.put(name, tree);
      return;
    }
    if (!tree.isEmpty()) {
      throw errorf("template: multiple definition of template " + GoQuote.quote(name, false));
    }
  }

  private void parseDefinition() {
    String context = "define clause";
    Token tok = nextNonSpace();
    if (tok.type() != Type.STRING && tok.type() != Type.RAW_STRING) {
      unexpected(tok, context);
    }
    name = unquote(tok.val());
    expect(Type.RIGHT_DELIM, context);
    Items items = itemList();
    root = items.list();
    Node end = items.end();
    if (!(end instanceof EndNode)) {
      throw errorf("unexpected " + end.text() + " in " + context);
    }
    add();
  }

  /** A list and the {{end}} or {{else}} that ended it. */
  private record Items(ListNode list, Node end) {}

  private Items itemList() {
    List<Node> nodes = new ArrayList<>();
    ListNode list = new ListNode(peekNonSpace().pos(), nodes);
    while (peekNonSpace().type() != Type.EOF) {
      Node n = textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) {
        return new Items(list, n);
      }
      nodes.add(n);
    }
    throw errorf("unexpected EOF");
  }

  private Node textOrAction() {
    Token t = nextNonSpace();
    switch (t.type()) {
      case TEXT -> {
        return new TextNode(t.pos(), t.val());
      }
      case LEFT_DELIM -> {
        actionLine = t.line();
        try {
          return action();
        } finally {
          actionLine = 0;
        }
      }
      default -> {
        unexpected(t, "input");
        return null;
      }
    }
  }

  private Node action() {
    Token t = nextNonSpace();
    switch (t.type()) {
      case BLOCK:
        return blockControl();
      case BREAK:
        return loopControl(t, true);
      case CONTINUE:
        return loopControl(t, false);
      case ELSE:
        return elseControl();
      case END:
        return new EndNode(expect(Type.RIGHT_DELIM, "end").pos());
      case IF:
        return branch(BranchKind.IF);
      case RANGE:
        return branch(BranchKind.RANGE);
      case TEMPLATE:
        return templateControl();
      case WITH:
        return branch(BranchKind.WITH);
      default:
        break;
    }
    backup();
    Token first = peek();
    return new ActionNode(first.pos(), first.line(), pipeline("command", Type.RIGHT_DELIM));
  }

  private Node loopControl(Token t, boolean isBreak) {
    String word = isBreak ? "{{break}}" : "{{continue}}";
    Token n = nextNonSpace();
    if (n.type() != Type.RIGHT_DELIM) {
      unexpected(n, word);
    }
    if (rangeDepth == 0) {
      throw errorf(word + " outside {{range}}");
    }
    return isBreak ? new BreakNode(t.pos(), t.line()) : new ContinueNode(t.pos(), t.line());
  }

  private Node elseControl() {
    Token p = peekNonSpace();
    if (p.type() == Type.IF || p.type() == Type.WITH) {
      return new ElseNode(p.pos(), p.line());
    }
    Token t = expect(Type.RIGHT_DELIM, "else");
    return new ElseNode(t.pos(), t.line());
  }

  private BranchNode branch(BranchKind kind) {
    String context = kind.word;
    int mark = vars.size();
    try {
      PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
      if (kind == BranchKind.RANGE) {
        rangeDepth++;
      }
      Items items = itemList();
      Node next = items.end();
      ListNode list = items.list();
      if (kind == BranchKind.RANGE) {
        rangeDepth--;
      }
      ListNode elseList = null;
      if (next instanceof ElseNode) {
        if (kind == BranchKind.IF && peek().type() == Type.IF) {
          next();
          elseList = new ListNode(next.pos(), List.of(branch(BranchKind.IF)));
        } else if (kind == BranchKind.WITH && peek().type() == Type.WITH) {
          next();
          elseList = new ListNode(next.pos(), List.of(branch(BranchKind.WITH)));
        } else {
          Items rest = itemList();
          elseList = rest.list();
          Node end = rest.end();
          if (!(end instanceof EndNode)) {
            throw errorf("expected end; found " + end.text());
          }
        }
      }
      return new BranchNode(kind, pipe.pos(), pipe.line(), pipe, list, elseList);
    } finally {
      while (vars.size() > mark) {
        vars.removeLast();
      }
    }
  }

  private Node blockControl() {
    String context = "block clause";
    Token t = nextNonSpace();
    String blockName = templateName(t, context);
    PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
    Parser block = new Parser(ts, blockName, parseName, source, hasFunction, treeSet);
    Items items = block.itemList();
    block.root = items.list();
    Node end = items.end();
    if (!(end instanceof EndNode)) {
      throw errorf("unexpected " + end.text() + " in " + context);
    }
    block.add();
    return new Node.TemplateNode(t.pos(), t.line(), blockName, pipe);
  }

  private Node templateControl() {
    String context = "template clause";
    Token t = nextNonSpace();
    String tmplName = templateName(t, context);
    PipeNode pipe = null;
    if (nextNonSpace().type() != Type.RIGHT_DELIM) {
      backup();
      pipe = pipeline(context, Type.RIGHT_DELIM);
    }
    return new Node.TemplateNode(t.pos(), t.line(), tmplName, pipe);
  }

  private String templateName(Token t, String context) {
    if (t.type() != Type.STRING && t.type() != Type.RAW_STRING) {
      unexpected(t, context);
    }
    return unquote(t.val());
  }

  private String unquote(String lit) {
    try {
      return GoQuote.unquote(lit);
    } catch (IllegalArgumentException e) {
      throw errorf(e.getMessage());
    }
  }

  // ---- pipelines

  private PipeNode pipeline(String context, Type end) {
    Token first = peekNonSpace();
    List<VariableNode> decl = new ArrayList<>();
    List<CommandNode> cmds = new ArrayList<>();
    boolean isAssign = false;
    decls:
    while (true) {
      Token v = peekNonSpace();
      if (v.type() != Type.VARIABLE) {
        break;
      }
      int vIndex = ts.index;
      next();
      Token nxt = peekNonSpace();
      if (nxt.type() == Type.ASSIGN || nxt.type() == Type.DECLARE) {
        isAssign = nxt.type() == Type.ASSIGN;
        nextNonSpace();
        decl.add(new VariableNode(v.pos(), List.of(v.val())));
        vars.add(v.val());
      } else if (nxt.type() == Type.CHAR && nxt.val().equals(",")) {
        nextNonSpace();
        decl.add(new VariableNode(v.pos(), List.of(v.val())));
        vars.add(v.val());
        if (context.equals("range") && decl.size() < 2) {
          switch (peekNonSpace().type()) {
            case VARIABLE, RIGHT_DELIM, RIGHT_PAREN -> {
              continue decls;
            }
            default -> throw errorf("range can only initialize variables");
          }
        }
        throw errorf("too many declarations in " + context);
      } else {
        // Not a declaration: the variable is the pipeline's first operand.
        ts.index = vIndex;
      }
      break;
    }
    while (true) {
      Token t = nextNonSpace();
      if (t.type() == end) {
        checkPipeline(cmds, context);
        return new PipeNode(first.pos(), first.line(), isAssign, decl, cmds);
      }
      switch (t.type()) {
        case BOOL, CHAR_CONSTANT, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE,
            LEFT_PAREN -> {
          backup();
          cmds.add(command());
        }
        default -> unexpected(t, context);
      }
    }
  }

  private void checkPipeline(List<CommandNode> cmds, String context) {
    if (cmds.isEmpty()) {
      throw errorf("missing value for " + context);
    }
    for (int i = 1; i < cmds.size(); i++) {
      switch (cmds.get(i).args().getFirst()) {
        case BoolNode b -> throw errorf("non executable command in pipeline stage " + (i + 1));
        case DotNode d -> throw errorf("non executable command in pipeline stage " + (i + 1));
        case NilNode n -> throw errorf("non executable command in pipeline stage " + (i + 1));
        case NumberNode n -> throw errorf("non executable command in pipeline stage " + (i + 1));
        case StringNode s -> throw errorf("non executable command in pipeline stage " + (i + 1));
        default -> {}
      }
    }
  }

  private CommandNode command() {
    int pos = peekNonSpace().pos();
    List<Node> args = new ArrayList<>();
    while (true) {
      peekNonSpace();
      Node operand = operand();
      if (operand != null) {
        args.add(operand);
      }
      Token t = next();
      switch (t.type()) {
        case SPACE -> {
          continue;
        }
        case RIGHT_DELIM, RIGHT_PAREN -> backup();
        case PIPE -> {}
        case ERROR -> unexpected(t, "operand");
        default -> throw errorf("unexpected " + t + " in operand");
      }
      break;
    }
    if (args.isEmpty()) {
      throw errorf("empty command");
    }
    return new CommandNode(pos, args);
  }

  private Node operand() {
    Node node = term();
    if (node == null) {
      return null;
    }
    if (peek().type() == Type.FIELD) {
      int chainPos = peek().pos();
      List<String> fields = new ArrayList<>();
      while (peek().type() == Type.FIELD) {
        fields.add(next().val().substring(1));
      }
      switch (node) {
        case FieldNode f -> {
          List<String> all = new ArrayList<>(f.ident());
          all.addAll(fields);
          return new FieldNode(chainPos, List.copyOf(all));
        }
        case VariableNode v -> {
          List<String> all = new ArrayList<>(v.ident());
          all.addAll(fields);
          return new VariableNode(chainPos, List.copyOf(all));
        }
        case BoolNode b -> throw errorf("unexpected . after term " + GoQuote.quote(node.text(), false));
        case StringNode s -> throw errorf("unexpected . after term " + GoQuote.quote(node.text(), false));
        case NumberNode n -> throw errorf("unexpected . after term " + GoQuote.quote(node.text(), false));
        case NilNode n -> throw errorf("unexpected . after term " + GoQuote.quote(node.text(), false));
        case DotNode d -> throw errorf("unexpected . after term " + GoQuote.quote(node.text(), false));
        default -> {
          return new ChainNode(chainPos, node, List.copyOf(fields));
        }
      }
    }
    return node;
  }

  private Node term() {
    Token t = nextNonSpace();
    switch (t.type()) {
      case ERROR -> {
        unexpected(t, "operand");
        return null;
      }
      case IDENTIFIER -> {
        if (!hasFunction.test(t.val())) {
          throw errorf("function " + GoQuote.quote(t.val(), false) + " not defined");
        }
        return new IdentifierNode(t.pos(), t.val());
      }
      case DOT -> {
        return new DotNode(t.pos());
      }
      case NIL -> {
        return new NilNode(t.pos());
      }
      case VARIABLE -> {
        if (!vars.contains(t.val())) {
          throw errorf("undefined variable " + GoQuote.quote(t.val(), false));
        }
        return new VariableNode(t.pos(), List.of(t.val()));
      }
      case FIELD -> {
        return new FieldNode(t.pos(), List.copyOf(Arrays.asList(t.val().substring(1).split("\\.", -1))));
      }
      case BOOL -> {
        return new BoolNode(t.pos(), t.val().equals("true"));
      }
      case CHAR_CONSTANT, NUMBER -> {
        try {
          return Numbers.parse(t.pos(), t.val(), t.type() == Type.CHAR_CONSTANT);
        } catch (IllegalArgumentException e) {
          throw errorf(e.getMessage());
        }
      }
      case LEFT_PAREN -> {
        return pipeline("parenthesized pipeline", Type.RIGHT_PAREN);
      }
      case STRING, RAW_STRING -> {
        return new StringNode(t.pos(), t.val(), unquote(t.val()));
      }
      default -> {
        backup();
        return null;
      }
    }
  }
}
