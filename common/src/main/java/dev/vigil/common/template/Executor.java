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
import dev.vigil.common.template.Node.FieldNode;
import dev.vigil.common.template.Node.IdentifierNode;
import dev.vigil.common.template.Node.ListNode;
import dev.vigil.common.template.Node.NilNode;
import dev.vigil.common.template.Node.NumberNode;
import dev.vigil.common.template.Node.PipeNode;
import dev.vigil.common.template.Node.StringNode;
import dev.vigil.common.template.Node.TemplateNode;
import dev.vigil.common.template.Node.TextNode;
import dev.vigil.common.template.Node.VariableNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Executes one template invocation, the equivalent of Go's exec state: the current tree (for
 * error locations), the variable stack and the node being evaluated. A {@code {{template}}}
 * call runs in a new executor sharing the output. Not thread-safe; one per execution.
 */
final class Executor {
  static final int MAX_DEPTH = 100_000;

  /** The final value of a pipeline stage when there is none (Go's missingVal). */
  private static final Object MISSING = new Object();

  private enum Control {
    NORMAL,
    BREAK,
    CONTINUE
  }

  /** An execution error with Go's full message. */
  static final class ExecFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExecFailure(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private final TemplateSet set;
  private final StringBuilder out;
  private final Tree tree;
  private final int depth;
  private final List<String> varNames = new ArrayList<>();
  private final List<Object> varValues = new ArrayList<>();
  private Node node;

  private Executor(TemplateSet set, StringBuilder out, Tree tree, int depth, Object dot) {
    this.set = set;
    this.out = out;
    this.tree = tree;
    this.depth = depth;
    push("$", dot);
  }

  static void execute(TemplateSet set, Tree tree, Object data, StringBuilder out) {
    Executor e = new Executor(set, out, tree, 0, data);
    try {
      e.walk(data, tree.root());
    } catch (StackOverflowError so) {
      throw new ExecFailure(
          "template: " + tree.name() + ": exceeded maximum template depth (" + MAX_DEPTH + ")", null);
    }
  }

  // ---- errors and variables

  private ExecFailure errorf(String msg) {
    return errorf(msg, null);
  }

  private ExecFailure errorf(String msg, Throwable cause) {
    String where;
    if (node == null) {
      where = tree.name();
    } else {
      where =
          tree.location(node.pos()) + ": executing " + GoQuote.quote(tree.name(), false) + " at <"
              + node.text() + ">";
    }
    throw new ExecFailure("template: " + where + ": " + msg, cause);
  }

  private void at(Node n) {
    node = n;
  }

  private void push(String name, Object value) {
    varNames.add(name);
    varValues.add(value);
  }

  private int mark() {
    return varNames.size();
  }

  private void pop(int mark) {
    while (varNames.size() > mark) {
      varNames.removeLast();
      varValues.removeLast();
    }
  }

  private void setTopVar(int n, Object value) {
    varValues.set(varValues.size() - n, value);
  }

  private void setVar(String name, Object value) {
    for (int i = varNames.size() - 1; i >= 0; i--) {
      if (varNames.get(i).equals(name)) {
        varValues.set(i, value);
        return;
      }
    }
    throw errorf("undefined variable: " + name);
  }

  private Object varValue(String name) {
    for (int i = varNames.size() - 1; i >= 0; i--) {
      if (varNames.get(i).equals(name)) {
        return varValues.get(i);
      }
    }
    throw errorf("undefined variable: " + name);
  }

  // ---- statements

  private Control walk(Object dot, Node n) {
    at(n);
    switch (n) {
      case ActionNode a -> {
        Object val = evalPipeline(dot, a.pipe());
        if (a.pipe().decl().isEmpty()) {
          printValue(a, val);
        }
      }
      case BreakNode b -> {
        return Control.BREAK;
      }
      case ContinueNode c -> {
        return Control.CONTINUE;
      }
      case BranchNode b when b.kind() == BranchKind.RANGE -> {
        return walkRange(dot, b);
      }
      case BranchNode b -> {
        return walkIfOrWith(dot, b);
      }
      case ListNode l -> {
        for (Node child : l.nodes()) {
          Control c = walk(dot, child);
          if (c != Control.NORMAL) {
            return c;
          }
        }
      }
      case TemplateNode t -> walkTemplate(dot, t);
      case TextNode t -> out.append(t.value());
      default -> throw errorf("unknown node: " + n.text());
    }
    return Control.NORMAL;
  }

  private Control walkIfOrWith(Object dot, BranchNode b) {
    int mark = mark();
    try {
      Object val = evalPipeline(dot, b.pipe());
      if (GoValues.isTrue(val)) {
        return walk(b.kind() == BranchKind.WITH ? val : dot, b.list());
      } else if (b.elseList() != null) {
        return walk(dot, b.elseList());
      }
      return Control.NORMAL;
    } finally {
      pop(mark);
    }
  }

  private Control walkRange(Object dot, BranchNode r) {
    at(r);
    int outer = mark();
    try {
      Object val = evalPipeline(dot, r.pipe());
      int mark = mark();
      int iterations = 0;
      if (val == null) {
        // nothing to iterate: the else branch runs
      } else if (GoValues.isInt(val)) {
        if (r.pipe().decl().size() > 1) {
          throw errorf("can't use " + GoFormat.sprint(val) + " to iterate over more than one variable");
        }
        long n = ((Number) val).longValue();
        for (long i = 0; i < n; i++) {
          iterations++;
          if (oneIteration(r, mark, i, i) == Control.BREAK) {
            break;
          }
        }
      } else if (GoValues.isSequence(val)) {
        List<Object> elems = GoValues.elements(val);
        for (int i = 0; i < elems.size(); i++) {
          iterations++;
          if (oneIteration(r, mark, (long) i, elems.get(i)) == Control.BREAK) {
            break;
          }
        }
      } else if (GoValues.isMap(val)) {
        Map<?, ?> m = GoValues.mapEntries(val);
        for (Object k : GoValues.sortedKeys(val)) {
          iterations++;
          if (oneIteration(r, mark, k, m.get(k)) == Control.BREAK) {
            break;
          }
        }
      } else {
        throw errorf("range can't iterate over " + GoFormat.sprint(val));
      }
      if (iterations == 0 && r.elseList() != null) {
        return walk(dot, r.elseList());
      }
      return Control.NORMAL;
    } finally {
      pop(outer);
    }
  }

  private Control oneIteration(BranchNode r, int mark, Object index, Object elem) {
    List<VariableNode> decl = r.pipe().decl();
    if (!decl.isEmpty()) {
      if (r.pipe().isAssign()) {
        setVar(decl.getFirst().ident().getFirst(), decl.size() > 1 ? index : elem);
      } else {
        setTopVar(1, elem);
      }
    }
    if (decl.size() > 1) {
      if (r.pipe().isAssign()) {
        setVar(decl.get(1).ident().getFirst(), elem);
      } else {
        setTopVar(2, index);
      }
    }
    try {
      return walk(elem, r.list());
    } finally {
      pop(mark);
    }
  }

  private void walkTemplate(Object dot, TemplateNode t) {
    at(t);
    Tree target = set.tree(t.name());
    if (target == null) {
      throw errorf("template " + GoQuote.quote(t.name(), false) + " not defined");
    }
    if (depth == MAX_DEPTH) {
      throw errorf("exceeded maximum template depth (" + MAX_DEPTH + ")");
    }
    Object newDot = evalPipeline(dot, t.pipe());
    Executor inner = new Executor(set, out, target, depth + 1, newDot);
    inner.walk(newDot, target.root());
  }

  private void printValue(Node n, Object val) {
    at(n);
    if (val == null) {
      out.append(set.escapeHtml() ? "" : "<no value>");
      return;
    }
    if (val instanceof TemplateFunction) {
      throw errorf("can't print " + n.text() + " of type " + GoValues.typeName(val));
    }
    String s = GoFormat.sprint(val);
    out.append(set.escapeHtml() && !(val instanceof SafeHtml) ? Builtins.htmlTemplateEscape(s) : s);
  }

  // ---- expressions

  private Object evalPipeline(Object dot, PipeNode pipe) {
    if (pipe == null) {
      return null;
    }
    at(pipe);
    Object value = MISSING;
    for (CommandNode cmd : pipe.cmds()) {
      value = evalCommand(dot, cmd, value);
    }
    for (VariableNode v : pipe.decl()) {
      if (pipe.isAssign()) {
        setVar(v.ident().getFirst(), value);
      } else {
        push(v.ident().getFirst(), value);
      }
    }
    return value;
  }

  private void notAFunction(List<Node> args, Object fin) {
    if (args.size() > 1 || fin != MISSING) {
      throw errorf("can't give argument to non-function " + args.getFirst().text());
    }
  }

  private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
    Node first = cmd.args().getFirst();
    switch (first) {
      case FieldNode f -> {
        return evalFieldNode(dot, f, cmd.args(), fin);
      }
      case ChainNode c -> {
        return evalChainNode(dot, c, cmd.args(), fin);
      }
      case IdentifierNode id -> {
        return evalFunction(dot, id, cmd, cmd.args(), fin);
      }
      case PipeNode p -> {
        notAFunction(cmd.args(), fin);
        return evalPipeline(dot, p);
      }
      case VariableNode v -> {
        return evalVariableNode(dot, v, cmd.args(), fin);
      }
      default -> {}
    }
    at(first);
    notAFunction(cmd.args(), fin);
    return switch (first) {
      case BoolNode b -> b.value();
      case DotNode d -> dot;
      case NilNode n -> throw errorf("nil is not a command");
      case NumberNode n -> idealConstant(n);
      case StringNode s -> s.value();
      default -> throw errorf("can't evaluate command " + GoQuote.quote(first.text(), false));
    };
  }

  private Object idealConstant(NumberNode n) {
    at(n);
    String text = n.literal();
    boolean hexInt = text.length() > 2 && text.charAt(0) == '0'
        && (text.charAt(1) == 'x' || text.charAt(1) == 'X') && !Numbers.containsAny(text, "pP");
    boolean runeInt = !text.isEmpty() && text.charAt(0) == '\'';
    if (n.isFloat() && !hexInt && !runeInt && Numbers.containsAny(text, ".eEpP")) {
      return n.floatValue();
    }
    if (n.isInt()) {
      return n.intValue();
    }
    if (n.isUint()) {
      throw errorf(text + " overflows int");
    }
    return null;
  }

  private Object evalFieldNode(Object dot, FieldNode field, List<Node> args, Object fin) {
    at(field);
    return evalFieldChain(dot, dot, field, field.ident(), args, fin);
  }

  private Object evalChainNode(Object dot, ChainNode chain, List<Node> args, Object fin) {
    at(chain);
    if (chain.field().isEmpty()) {
      throw errorf("internal error: no fields in evalChainNode");
    }
    if (chain.node() instanceof NilNode) {
      throw errorf("indirection through explicit nil in " + chain.text());
    }
    Object pipe = evalArg(dot, Signature.Type.ANY, chain.node());
    return evalFieldChain(dot, pipe, chain, chain.field(), args, fin);
  }

  private Object evalVariableNode(Object dot, VariableNode v, List<Node> args, Object fin) {
    at(v);
    Object value = varValue(v.ident().getFirst());
    if (v.ident().size() == 1) {
      notAFunction(args == null ? List.of(v) : args, fin);
      return value;
    }
    return evalFieldChain(dot, value, v, v.ident().subList(1, v.ident().size()), args, fin);
  }

  private Object evalFieldChain(
      Object dot, Object receiver, Node n, List<String> ident, List<Node> args, Object fin) {
    int last = ident.size() - 1;
    for (int i = 0; i < last; i++) {
      receiver = evalField(dot, ident.get(i), n, null, MISSING, receiver);
    }
    return evalField(dot, ident.get(last), n, args, fin, receiver);
  }

  private Object evalField(
      Object dot, String fieldName, Node n, List<Node> args, Object fin, Object receiver) {
    if (receiver == null) {
      if (set.missingKey() == MissingKey.ERROR) {
        throw errorf("nil data; no entry for key " + GoQuote.quote(fieldName, false));
      }
      return null;
    }
    boolean hasArgs = (args != null && args.size() > 1) || fin != MISSING;
    if (GoValues.isMap(receiver) && !receiver.getClass().getName().startsWith("java.")
        && !(receiver instanceof TypedMap)
        && Reflector.find(receiver.getClass(), fieldName) instanceof Reflector.Methods ms) {
      // Methods the map type declares itself come before keys; java.util.Map's own do not count.
      List<Method> own = ms.overloads().stream()
          .filter(m -> !m.getDeclaringClass().getName().startsWith("java."))
          .toList();
      if (!own.isEmpty()) {
        return callMethod(dot, receiver, new Reflector.Methods(ms.name(), own), n, args, fin);
      }
    }
    if (GoValues.isMap(receiver)) {
      if (hasArgs) {
        throw errorf(fieldName + " is not a method but has arguments");
      }
      Map<?, ?> m = GoValues.mapEntries(receiver);
      Object v = m.get(fieldName);
      if (v != null || m.containsKey(fieldName)) {
        return v;
      }
      return switch (set.missingKey()) {
        case DEFAULT -> null;
        case ZERO -> receiver instanceof GoMap g ? g.zeroValue() : null;
        case ERROR -> throw errorf("map has no entry for key " + GoQuote.quote(fieldName, false));
      };
    }
    // JDK classes stand for Go's basic types and slices, which have no fields or methods.
    Class<?> type = receiver.getClass();
    Reflector.Member member =
        type.isArray() || type.getName().startsWith("java.") ? null : Reflector.find(type, fieldName);
    switch (member) {
      case Reflector.Methods ms -> {
        return callMethod(dot, receiver, ms, n, args, fin);
      }
      case Reflector.Property p -> {
        if (hasArgs) {
          throw errorf(fieldName + " is not a method but has arguments");
        }
        try {
          return p.read(receiver);
        } catch (InvocationTargetException e) {
          throw errorf("error calling " + fieldName + ": " + message(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw errorf(fieldName + " is an unexported field of struct type " + GoValues.typeName(receiver));
        }
      }
      case null -> throw errorf(
          "can't evaluate field " + fieldName + " in type " + GoValues.typeName(receiver));
    }
  }

  private Object evalFunction(Object dot, IdentifierNode id, Node cmd, List<Node> args, Object fin) {
    at(id);
    String name = id.name();
    TemplateFunction fn = set.function(name);
    boolean builtin = false;
    if (fn == null) {
      fn = Builtins.get(name);
      builtin = fn != null;
    }
    if (fn == null) {
      throw errorf(GoQuote.quote(name, false) + " is not a defined function");
    }
    List<Node> argNodes = args == null ? List.of() : args.subList(1, args.size());
    Signature sig = fn.signature();
    int numIn = argNodes.size() + (fin != MISSING ? 1 : 0);
    checkArity(name, sig.params().size(), sig.variadic(), numIn, argNodes.size());
    if (builtin && (name.equals("and") || name.equals("or"))) {
      Object v = null;
      for (Node a : argNodes) {
        v = evalArg(dot, Signature.Type.ANY, a);
        if (GoValues.isTrue(v) == name.equals("or")) {
          return v;
        }
      }
      return fin != MISSING ? fin : v;
    }
    List<Object> argv = evalArgs(dot, sig.params(), argNodes, fin, numIn);
    if (builtin && name.equals("call")) {
      return callFunctionValue(argNodes.isEmpty() ? id : argNodes.getFirst(), cmd, argv);
    }
    try {
      return fn.call(argv);
    } catch (ExecFailure e) {
      throw e;
    } catch (Exception e) {
      at(cmd);
      throw errorf("error calling " + name + ": " + message(e), e);
    }
  }

  private void checkArity(String name, int fixed, boolean variadic, int numIn, int numArgs) {
    if (variadic) {
      if (numIn < fixed) {
        throw errorf("wrong number of args for " + name + ": want at least " + fixed + " got " + numArgs);
      }
    } else if (numIn != fixed) {
      throw errorf("wrong number of args for " + name + ": want " + fixed + " got " + numIn);
    }
  }

  private List<Object> evalArgs(
      Object dot, List<Signature.Type> params, List<Node> argNodes, Object fin, int numIn) {
    List<Object> argv = new ArrayList<>(numIn);
    for (int i = 0; i < argNodes.size(); i++) {
      Signature.Type t = i < params.size() ? params.get(i) : Signature.Type.ANY;
      argv.add(evalArg(dot, t, argNodes.get(i)));
    }
    if (fin != MISSING) {
      Signature.Type t = numIn - 1 < params.size() ? params.get(numIn - 1) : Signature.Type.ANY;
      argv.add(validateType(fin, t));
    }
    return argv;
  }

  private Object callFunctionValue(Node fnNode, Node cmd, List<Object> argv) {
    Object f = argv.getFirst();
    List<Object> rest = argv.subList(1, argv.size());
    at(cmd);
    if (f == null) {
      throw errorf("error calling call: call of nil");
    }
    if (!(f instanceof TemplateFunction fn)) {
      throw errorf("error calling call: non-function " + fnNode.text() + " of type " + GoValues.typeName(f));
    }
    Signature sig = fn.signature();
    int fixed = sig.params().size();
    if (sig.variadic() ? rest.size() < fixed : rest.size() != fixed) {
      throw errorf("error calling call: wrong number of args for " + fnNode.text() + ": got " + rest.size()
          + " want " + (sig.variadic() ? "at least " : "") + fixed);
    }
    List<Object> converted = new ArrayList<>(rest.size());
    for (int i = 0; i < rest.size(); i++) {
      Signature.Type t = i < fixed ? sig.params().get(i) : Signature.Type.ANY;
      Object v = convertValue(rest.get(i), t);
      if (v == MISSING) {
        throw errorf("error calling call: arg " + i + ": value has type " + GoValues.typeName(rest.get(i))
            + "; should be " + t.goName());
      }
      converted.add(v);
    }
    try {
      return fn.call(converted);
    } catch (ExecFailure e) {
      throw e;
    } catch (Exception e) {
      throw errorf("error calling call: " + message(e), e);
    }
  }

  private Object callMethod(
      Object dot, Object receiver, Reflector.Methods ms, Node n, List<Node> args, Object fin) {
    String name = ms.name();
    List<Node> argNodes = args == null || args.isEmpty() ? List.of() : args.subList(1, args.size());
    int numIn = argNodes.size() + (fin != MISSING ? 1 : 0);
    Method method = null;
    for (Method m : ms.overloads()) {
      if (m.isVarArgs() ? numIn >= m.getParameterCount() - 1 : numIn == m.getParameterCount()) {
        method = m;
        break;
      }
    }
    if (method == null) {
      Method m = ms.overloads().getFirst();
      checkArity(name, m.isVarArgs() ? m.getParameterCount() - 1 : m.getParameterCount(), m.isVarArgs(),
          numIn, argNodes.size());
      throw errorf("wrong number of args for " + name);
    }
    Class<?>[] types = method.getParameterTypes();
    List<Signature.Type> params = new ArrayList<>();
    int fixed = method.isVarArgs() ? types.length - 1 : types.length;
    for (int i = 0; i < fixed; i++) {
      params.add(Reflector.goType(types[i]));
    }
    List<Object> argv = evalArgs(dot, params, argNodes, fin, numIn);
    Object[] call = new Object[types.length];
    for (int i = 0; i < fixed; i++) {
      Object v = Reflector.convert(argv.get(i), types[i]);
      if (v != null && !box(types[i]).isInstance(v)) {
        throw errorf("wrong type for value; expected " + types[i].getSimpleName() + "; got "
            + GoValues.typeName(v));
      }
      call[i] = v;
    }
    if (method.isVarArgs()) {
      Class<?> comp = types[fixed].getComponentType();
      Object arr = java.lang.reflect.Array.newInstance(comp, argv.size() - fixed);
      for (int i = fixed; i < argv.size(); i++) {
        java.lang.reflect.Array.set(arr, i - fixed, Reflector.convert(argv.get(i), comp));
      }
      call[fixed] = arr;
    }
    try {
      return method.invoke(receiver, call);
    } catch (InvocationTargetException e) {
      at(n);
      throw errorf("error calling " + name + ": " + message(e.getCause()), e.getCause());
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      at(n);
      throw errorf("error calling " + name + ": " + message(e), e);
    }
  }

  private static Class<?> box(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    return switch (c.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "boolean" -> Boolean.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      default -> Character.class;
    };
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private Object evalArg(Object dot, Signature.Type type, Node n) {
    at(n);
    switch (n) {
      case DotNode d -> {
        return validateType(dot, type);
      }
      case NilNode nil -> {
        if (type == Signature.Type.ANY) {
          return null;
        }
        throw errorf("cannot assign nil to " + type.goName());
      }
      case FieldNode f -> {
        return validateType(evalFieldNode(dot, f, List.of(n), MISSING), type);
      }
      case VariableNode v -> {
        return validateType(evalVariableNode(dot, v, null, MISSING), type);
      }
      case PipeNode p -> {
        return validateType(evalPipeline(dot, p), type);
      }
      case IdentifierNode id -> {
        return validateType(evalFunction(dot, id, id, null, MISSING), type);
      }
      case ChainNode c -> {
        return validateType(evalChainNode(dot, c, null, MISSING), type);
      }
      default -> {}
    }
    switch (type) {
      case ANY -> {
        return switch (n) {
          case BoolNode b -> b.value();
          case NumberNode num -> idealConstant(num);
          case StringNode s -> s.value();
          default -> throw errorf("can't handle " + n.text() + " for arg of type interface {}");
        };
      }
      case STRING -> {
        if (n instanceof StringNode s) {
          return s.value();
        }
        throw errorf("expected string; found " + n.text());
      }
      case BOOL -> {
        if (n instanceof BoolNode b) {
          return b.value();
        }
        throw errorf("expected bool; found " + n.text());
      }
      case INT -> {
        if (n instanceof NumberNode num && num.isInt()) {
          return num.intValue();
        }
        throw errorf("expected integer; found " + n.text());
      }
      case FLOAT -> {
        if (n instanceof NumberNode num && num.isFloat()) {
          return num.floatValue();
        }
        throw errorf("expected float; found " + n.text());
      }
    }
    throw errorf("can't handle " + n.text());
  }

  private Object validateType(Object value, Signature.Type type) {
    if (value == null) {
      if (type == Signature.Type.ANY) {
        return null;
      }
      throw errorf("invalid value; expected " + type.goName());
    }
    Object v = convertValue(value, type);
    if (v == MISSING) {
      throw errorf("wrong type for value; expected " + type.goName() + "; got " + GoValues.typeName(value));
    }
    return v;
  }

  /** The value as the parameter type wants it, or MISSING when it is not assignable. */
  private static Object convertValue(Object value, Signature.Type type) {
    return switch (type) {
      case ANY -> value;
      case STRING -> value instanceof String ? value : MISSING;
      case BOOL -> value instanceof Boolean ? value : MISSING;
      case INT -> GoValues.isInt(value) ? (Object) ((Number) value).longValue() : MISSING;
      case FLOAT -> value instanceof Double || value instanceof Float
          ? (Object) ((Number) value).doubleValue() : MISSING;
    };
  }
}
