package dev.vigil.promql.operators;

import static dev.vigil.promql.operators.Vec.POS;
import static dev.vigil.promql.operators.Vec.dump;
import static dev.vigil.promql.operators.Vec.list;
import static dev.vigil.promql.operators.Vec.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.VectorMatching;
import dev.vigil.promql.ast.VectorMatching.Cardinality;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryOperatorsTest {
  private static final Expr ANY = new Expr.NumberLiteral(0, POS);

  private static VectorMatching m(Cardinality c, boolean on, List<String> labels,
      List<String> include, Double fillLeft, Double fillRight) {
    return new VectorMatching(c, labels, on, include, fillLeft, fillRight);
  }

  private static VectorMatching plain() {
    return m(Cardinality.ONE_TO_ONE, false, List.of(), List.of(), null, null);
  }

  private static VectorMatching set() {
    return m(Cardinality.MANY_TO_MANY, false, List.of(), List.of(), null, null);
  }

  private static List<StepSeries> vv(BinaryOp op, boolean bool, VectorMatching m,
      List<StepSeries> l, List<StepSeries> r) {
    return vv(op, bool, m, l, r, Vec.ctx());
  }

  private static List<StepSeries> vv(BinaryOp op, boolean bool, VectorMatching m,
      List<StepSeries> l, List<StepSeries> r, EvalContext ctx) {
    int steps = l.isEmpty() ? r.get(0).steps() : l.get(0).steps();
    return BinaryOperators.vectorVector(new Expr.BinaryExpr(op, ANY, ANY, m, bool, POS), l, r,
        new StepGrid(0, steps - 1, 1), ctx);
  }

  @Test
  void arithmeticDropsNameAndMatchesOnAllOtherLabels() {
    List<StepSeries> out = vv(BinaryOp.ADD, false, plain(),
        list(s("a{env=\"1\"}", "1 2 3"), s("a{env=\"2\"}", "10 _ 30")),
        list(s("b{env=\"1\"}", "100 200 _"), s("b{env=\"3\"}", "5 5 5")));
    assertThat(dump(out)).isEqualTo("{env=\"1\"} 101 202 _");
  }

  @Test
  void comparisonFiltersAndKeepsLhsLabelsBoolYieldsZeroOne() {
    List<StepSeries> l = list(s("t{i=\"l\"}", "50 5"));
    List<StepSeries> r = list(s("u{i=\"l\"}", "10 10"));
    assertThat(dump(vv(BinaryOp.GTR, false, plain(), l, r)))
        .isEqualTo("{__name__=\"t\", i=\"l\"} 50 _");
    assertThat(dump(vv(BinaryOp.GTR, true, plain(), list(s("t{i=\"l\"}", "50 5")),
        list(s("u{i=\"l\"}", "10 10"))))).isEqualTo("{i=\"l\"}! 1 0");
  }

  @Test
  void boolWithDelayedNameRemovalKeepsNameButMarksIt() {
    List<StepSeries> out = vv(BinaryOp.LTE, true, plain(), list(s("t{e=\"1\"}", "120")),
        list(s("u{e=\"1\"}", "180")), Vec.delayedCtx());
    assertThat(dump(out)).isEqualTo("{__name__=\"t\", e=\"1\"}! 1");
  }

  @Test
  void groupLeftCopiesIncludedLabelsFromTheOneSide() {
    List<StepSeries> out = vv(BinaryOp.MUL, false,
        m(Cardinality.MANY_TO_ONE, true, List.of("instance"), List.of("role"), null, null),
        list(s("node_cpu{instance=\"abc\",mode=\"idle\"}", "3"),
            s("node_cpu{instance=\"abc\",mode=\"user\"}", "1")),
        list(s("node_role{instance=\"abc\",role=\"prometheus\"}", "1")));
    assertThat(dump(out)).isEqualTo(
        "{instance=\"abc\", mode=\"idle\", role=\"prometheus\"} 3\n"
            + "{instance=\"abc\", mode=\"user\", role=\"prometheus\"} 1");
  }

  @Test
  void groupRightSwapsSidesButKeepsOperandOrder() {
    List<StepSeries> out = vv(BinaryOp.DIV, false,
        m(Cardinality.ONE_TO_MANY, true, List.of("instance"), List.of(), null, null),
        list(s("total{instance=\"abc\"}", "8")),
        list(s("part{instance=\"abc\",mode=\"a\"}", "2"), s("part{instance=\"abc\",mode=\"b\"}",
            "4")));
    assertThat(dump(out)).isEqualTo("{instance=\"abc\", mode=\"a\"} 4\n"
        + "{instance=\"abc\", mode=\"b\"} 2");
  }

  @Test
  void manyToOneWithoutGroupModifierFailsEvenWhenComparisonFiltersAll() {
    // operators.test: many_side > on(job) one_side must fail although nothing survives.
    assertThatThrownBy(() -> vv(BinaryOp.GTR, false,
        m(Cardinality.ONE_TO_ONE, true, List.of("job"), List.of(), null, null),
        list(s("many_side{label=\"foo\",job=\"test\"}", "0"),
            s("many_side{label=\"bar\",job=\"test\"}", "1")),
        list(s("one_side{job=\"test\"}", "1"))))
        .isInstanceOf(PromqlException.class)
        .hasMessage("multiple matches for labels: many-to-one matching must be explicit "
            + "(group_left/group_right)");
  }

  @Test
  void duplicateOneSideIsAnErrorOnlyAtStepsWhereBothHaveSamples() {
    List<StepSeries> r = list(s("b{x=\"1\",y=\"a\"}", "1 _"), s("b{x=\"1\",y=\"b\"}", "_ 2"));
    List<StepSeries> out = vv(BinaryOp.ADD, false,
        m(Cardinality.ONE_TO_ONE, true, List.of("x"), List.of(), null, null),
        list(s("a{x=\"1\"}", "10 20")), r);
    assertThat(dump(out)).isEqualTo("{x=\"1\"} 11 22");

    assertThatThrownBy(() -> vv(BinaryOp.ADD, false,
        m(Cardinality.ONE_TO_ONE, true, List.of("x"), List.of(), null, null),
        list(s("a{x=\"1\"}", "10 20")),
        list(s("b{x=\"1\",y=\"a\"}", "1 1"), s("b{x=\"1\",y=\"b\"}", "_ 2"))))
        .hasMessage("found duplicate series for the match group {x=\"1\"} on the right "
            + "hand-side of the operation: [{__name__=\"b\", x=\"1\", y=\"b\"}, "
            + "{__name__=\"b\", x=\"1\", y=\"a\"}];many-to-many matching not allowed: "
            + "matching labels must be unique on one side");
  }

  @Test
  void groupLeftDuplicateResultIsAnError() {
    // Two "many" series that differ only by name collapse to one result label set.
    assertThatThrownBy(() -> vv(BinaryOp.ADD, false,
        m(Cardinality.MANY_TO_ONE, true, List.of("x"), List.of(), null, null),
        list(s("a{x=\"1\"}", "1"), s("b{x=\"1\"}", "2")), list(s("c{x=\"1\"}", "1"))))
        .hasMessage("multiple matches for labels: grouping labels must ensure unique matches");
  }

  @Test
  void emptySideShortCircuitsPerStep() {
    // Step 1: lhs empty, so the duplicate on the rhs is not looked at.
    List<StepSeries> out = vv(BinaryOp.ADD, false,
        m(Cardinality.ONE_TO_ONE, true, List.of(), List.of(), null, null),
        list(s("a", "1 _")), list(s("b{y=\"1\"}", "1 1"), s("b{y=\"2\"}", "_ 1")));
    assertThat(dump(out)).isEqualTo("{} 2 _");
  }

  @Test
  void fillModifiersFollowTheConformanceFile() {
    List<StepSeries> out = vv(BinaryOp.ADD, false,
        m(Cardinality.ONE_TO_ONE, false, List.of(), List.of(), 5.0, 7.0),
        list(s("left_vector{label=\"a\"}", "10"), s("left_vector{label=\"b\"}", "20"),
            s("left_vector{label=\"c\"}", "30")),
        list(s("right_vector{label=\"a\"}", "100"), s("right_vector{label=\"b\"}", "200"),
            s("right_vector{label=\"d\"}", "400")));
    assertThat(dump(out)).isEqualTo("{label=\"a\"} 110\n{label=\"b\"} 220\n{label=\"c\"} 37\n"
        + "{label=\"d\"} 405");

    List<StepSeries> cmp = vv(BinaryOp.NEQ, false,
        m(Cardinality.ONE_TO_ONE, false, List.of(), List.of(), 30.0, 30.0),
        list(s("left_vector{label=\"a\"}", "10"), s("left_vector{label=\"c\"}", "30")),
        list(s("right_vector{label=\"a\"}", "100"), s("right_vector{label=\"d\"}", "400")));
    assertThat(dump(cmp)).isEqualTo("{__name__=\"left_vector\", label=\"a\"} 10\n"
        + "{label=\"d\"} 30");
  }

  @Test
  void fillWithIntermittentSeriesInARangeQuery() {
    List<StepSeries> l = list(s("l{label=\"a\"}", "1 _ 3 _ 5"), s("l{label=\"b\"}", "_ 20 _ 40 _"));
    List<StepSeries> r = list(s("r{label=\"a\"}", "_ 200 _ 400 _"),
        s("r{label=\"b\"}", "100 _ 300 _ 500"), s("r{label=\"c\"}", "1000 _ _ 4000 5000"));
    assertThat(dump(vv(BinaryOp.ADD, false,
        m(Cardinality.ONE_TO_ONE, false, List.of(), List.of(), 0.0, 0.0), l, r)))
        .isEqualTo("{label=\"a\"} 1 200 3 400 5\n{label=\"b\"} 100 20 300 40 500\n"
            + "{label=\"c\"} 1000 _ _ 4000 5000");
  }

  @Test
  void groupRightFillAppliesToTheSwappedSides() {
    // fill-modifier.test: node_meta * on(instance) group_right fill_left(1) cpu_info
    List<StepSeries> out = vv(BinaryOp.MUL, false,
        m(Cardinality.ONE_TO_MANY, true, List.of("instance"), List.of(), 1.0, null),
        list(s("node_meta{instance=\"a\"}", "100"), s("node_meta{instance=\"c\"}", "300")),
        list(s("cpu_info{instance=\"a\",cpu=\"0\"}", "1"),
            s("cpu_info{instance=\"a\",cpu=\"1\"}", "1"),
            s("cpu_info{instance=\"b\",cpu=\"0\"}", "1")));
    assertThat(dump(out)).isEqualTo("{cpu=\"0\", instance=\"a\"} 100\n"
        + "{cpu=\"1\", instance=\"a\"} 100\n{instance=\"c\"} 300");
  }

  @Test
  void setOperators() {
    List<StepSeries> and = vv(BinaryOp.AND, false, set(),
        list(s("a{x=\"1\"}", "1 2 3"), s("a{x=\"2\"}", "4 5 6")),
        list(s("b{x=\"1\"}", "_ 9 9")));
    assertThat(dump(and)).isEqualTo("{__name__=\"a\", x=\"1\"} _ 2 3");

    List<StepSeries> unless = vv(BinaryOp.UNLESS, false, set(),
        list(s("a{x=\"1\"}", "1 2 3"), s("a{x=\"2\"}", "4 5 6")),
        list(s("b{x=\"1\"}", "_ 9 9")));
    assertThat(dump(unless)).isEqualTo("{__name__=\"a\", x=\"1\"} 1 _ _\n"
        + "{__name__=\"a\", x=\"2\"} 4 5 6");

    List<StepSeries> or = vv(BinaryOp.OR, false,
        m(Cardinality.MANY_TO_MANY, true, List.of("x"), List.of(), null, null),
        list(s("a{x=\"1\"}", "1 _ 3")),
        list(s("b{x=\"1\"}", "7 8 9"), s("b{x=\"2\"}", "5 _ _")));
    assertThat(dump(or)).isEqualTo("{__name__=\"a\", x=\"1\"} 1 _ 3\n"
        + "{__name__=\"b\", x=\"1\"} _ 8 _\n{__name__=\"b\", x=\"2\"} 5 _ _");
  }

  @Test
  void orMergesSeriesWithTheSameLabelsAtDifferentSteps() {
    // name_label_dropping.test: -metric_a or -metric_b, both negated to {} before the or.
    List<StepSeries> or = vv(BinaryOp.OR, false, set(), list(s("{}", "-1 _ _")),
        list(s("{}", "-3 -4 _")));
    assertThat(dump(or)).isEqualTo("{} -1 -4 _");
  }

  @Test
  void vectorScalar() {
    EvalContext ctx = Vec.ctx();
    Expr.BinaryExpr sub = new Expr.BinaryExpr(BinaryOp.SUB, ANY, ANY, null, false, POS);
    assertThat(dump(BinaryOperators.vectorScalar(sub, list(s("m{a=\"1\"}", "5 _ 7")),
        new double[] {1, 1, 2}, true, new StepGrid(0, 2, 1), ctx)))
        .isEqualTo("{a=\"1\"}! -4 _ -5");
    Expr.BinaryExpr gt = new Expr.BinaryExpr(BinaryOp.GTR, ANY, ANY, null, false, POS);
    // Scalar on the left of a comparison: the vector's value is kept.
    assertThat(dump(BinaryOperators.vectorScalar(gt, list(s("m{a=\"1\"}", "5 7")),
        new double[] {6, 6}, true, new StepGrid(0, 1, 1), ctx)))
        .isEqualTo("{__name__=\"m\", a=\"1\"} 5 _");
    Expr.BinaryExpr gtBool = new Expr.BinaryExpr(BinaryOp.GTR, ANY, ANY, null, true, POS);
    assertThat(dump(BinaryOperators.vectorScalar(gtBool, list(s("m{a=\"1\"}", "5 7")),
        new double[] {6, 6}, false, new StepGrid(0, 1, 1), ctx)))
        .isEqualTo("{a=\"1\"}! 0 1");
  }

  @Test
  void vectorScalarDuplicateLabelsAfterNameDropFail() {
    Expr.BinaryExpr mul = new Expr.BinaryExpr(BinaryOp.MUL, ANY, ANY, null, false, POS);
    assertThatThrownBy(() -> BinaryOperators.vectorScalar(mul,
        list(s("a{x=\"1\"}", "1"), s("b{x=\"1\"}", "2")), new double[] {2}, false,
        new StepGrid(0, 0, 1), Vec.ctx()))
        .hasMessage("vector cannot contain metrics with the same labelset");
  }

  @Test
  void histogramTimesScalarAndIncompatibleInfo() {
    EvalContext ctx = Vec.ctx();
    Expr.BinaryExpr mul = new Expr.BinaryExpr(BinaryOp.MUL, ANY, ANY, null, false, POS);
    assertThat(dump(BinaryOperators.vectorScalar(mul, list(s("h", "h")), new double[] {3},
        false, new StepGrid(0, 0, 1), ctx))).isEqualTo("{}! h30");
    Expr.BinaryExpr add = new Expr.BinaryExpr(BinaryOp.ADD, ANY, ANY, null, false, POS);
    assertThat(BinaryOperators.vectorScalar(add, list(s("h", "h")), new double[] {3}, false,
        new StepGrid(0, 0, 1), ctx)).isEmpty();
    assertThat(ctx.annotations().infos()).containsExactly(
        "PromQL info: incompatible sample types encountered for binary operator \"+\": "
            + "histogram + float (1:1)");
  }

  @Test
  void scalarScalarAndGoMathEdgeCases() {
    assertThat(BinaryOperators.scalarScalar(BinaryOp.POW, new double[] {1, -1, Double.NaN, 2},
        new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0, 10}))
        .containsExactly(1, 1, 1, 1024);
    assertThat(BinaryOperators.scalarScalar(BinaryOp.MOD, new double[] {-7, 7, 5},
        new double[] {3, Double.POSITIVE_INFINITY, 0})[0]).isEqualTo(-1);
    assertThat(BinaryOperators.scalarScalar(BinaryOp.MOD, new double[] {7},
        new double[] {Double.NEGATIVE_INFINITY})).containsExactly(7);
    assertThat(BinaryOperators.scalarScalar(BinaryOp.EQL, new double[] {Double.NaN, 1},
        new double[] {Double.NaN, 1})).containsExactly(0, 1);
  }
}
