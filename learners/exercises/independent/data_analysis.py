"""Independent computations for `learners.exercises.data_analysis`: statistics from the `statistics` module on
the data written out in full, counts by listing the individuals or outcomes one by one (itertools), line values
and Venn regions solved with sympy."""
from __future__ import annotations

import itertools
import statistics
from fractions import Fraction

import sympy

from learners.exercises.independent import independent, only


def _expand(values, counts) -> list[Fraction]:
    """A frequency table written out as its data list."""
    return [Fraction(v) for v, c in zip(values, counts) for _ in range(c)]


# -- Table -------------------------------------------------------------------------------------------------
@independent("table_two_way_counts")
def _table_two_way_counts(p):
    records = [(r, c) for r, row in enumerate(p["cells"]) for c, count in enumerate(row) for _ in range(count)]
    q, r, c, c2 = p["question"], p["r"], p["c"], p["c2"]
    if q == "cell":
        return sum(1 for rec in records if rec == (r, c))
    if q == "row":
        return sum(1 for rec in records if rec[0] == r)
    if q == "col":
        return sum(1 for rec in records if rec[1] == c)
    if q == "diff":
        return abs(sum(1 for rec in records if rec == (r, c)) - sum(1 for rec in records if rec == (r, c2)))
    return len(records)


@independent("table_price_list_cost")
def _table_price_list_cost(p):
    prices = [Fraction(c, 100) for c in p["prices"]]
    i, j, a, b = p["i"], p["j"], p["a"], p["b"]
    if p["question"] == "buy":
        basket = [prices[i]] * a + [prices[j]] * b
        return sum(basket, Fraction(0))
    if p["question"] == "change":
        return Fraction(b, 100) - sum([prices[i]] * a, Fraction(0))
    return abs(prices[i] - prices[j])


# -- Median, mode, mean, range -------------------------------------------------------------------------
@independent("median_of_list")
def _median_of_list(p):
    return statistics.median([Fraction(v) for v in p["values"]])


@independent("median_frequency_table")
def _median_frequency_table(p):
    return statistics.median(_expand(p["values"], p["counts"]))


@independent("median_after_new_value")
def _median_after_new_value(p):
    return statistics.median([Fraction(v) for v in [*p["values"], p["new"]]])


@independent("mode_of_list")
def _mode_of_list(p):
    return only(statistics.multimode([Fraction(v) for v in p["values"]]), "mode")


@independent("mode_dot_plot")
def _mode_dot_plot(p):
    data = _expand([int(v) for v in p["counts"]], list(p["counts"].values()))
    if p["question"] == "count":
        return len(data)
    return only(statistics.multimode(data), "mode")


@independent("mean_of_list")
def _mean_of_list(p):
    return statistics.mean([Fraction(v) for v in p["values"]])


@independent("mean_missing_value")
def _mean_missing_value(p):
    known = [Fraction(v) for v in p["values"]]
    return only((x for x in range(0, 400) if statistics.mean([*known, Fraction(x)]) == p["target"]), "missing value")


@independent("mean_frequency_table")
def _mean_frequency_table(p):
    return statistics.mean(_expand(p["values"], p["counts"]))


@independent("range_of_list")
def _range_of_list(p):
    ordered = sorted(p["values"])
    return ordered[-1] - ordered[0]


@independent("range_find_missing_value")
def _range_find_missing_value(p):
    values = p["values"]
    found = []
    for x in range(-200, 400):
        if p["side"] == "greater" and not x > max(values) or p["side"] == "less" and not x < min(values):
            continue
        data = sorted([*values, x])
        if data[-1] - data[0] == p["range"]:
            found.append(x)
    return only(found, "missing value")


# -- Stem and leaf -------------------------------------------------------------------------------------
def _stem_leaf_values(p) -> list[Fraction]:
    scale = Fraction(p["scale"])
    return [int(f"{stem}{leaf}") * scale for stem, leaves in p["rows"] for leaf in leaves]


@independent("stem_leaf_center")
def _stem_leaf_center(p):
    data = _stem_leaf_values(p)
    if p["question"] == "median":
        return statistics.median(data)
    if p["question"] == "mode":
        return only(statistics.multimode(data), "mode")
    return max(data) - min(data)


@independent("stem_leaf_count")
def _stem_leaf_count(p):
    data = _stem_leaf_values(p)
    cut = Fraction(p["cut"])
    return {
        "greater": lambda: len([v for v in data if v > cut]),
        "less": lambda: len([v for v in data if v < cut]),
        "atleast": lambda: len(data) - len([v for v in data if v < cut]),
        "total": lambda: len(data),
        "least": lambda: min(data),
        "greatest": lambda: max(data),
    }[p["question"]]()


# -- Venn diagrams -------------------------------------------------------------------------------------
def _members(regions) -> list[set[str]]:
    """Everyone in the diagram, as the set of circles each one is in."""
    return [set(key) - {"n"} for key, count in regions.items() for _ in range(count)]


@independent("venn_two_sets")
def _venn_two_sets(p):
    people = _members(p["regions"])
    test = {
        "in_a": lambda s: "a" in s, "in_b": lambda s: "b" in s, "only_a": lambda s: s == {"a"},
        "union": lambda s: bool(s & {"a", "b"}), "exactly_one": lambda s: len(s) == 1,
        "total": lambda s: True, "not_a": lambda s: "a" not in s,
    }[p["question"]]
    return sum(1 for s in people if test(s))


@independent("venn_three_sets")
def _venn_three_sets(p):
    people = _members(p["regions"])
    x, y, z = p["sets"]
    test = {
        "only": lambda s: s == {x}, "pair_only": lambda s: s == {x, y}, "all": lambda s: len(s) == 3,
        "in_one": lambda s: x in s, "none": lambda s: not s, "exactly_two": lambda s: len(s) == 2,
        "at_least_two": lambda s: len(s) >= 2,
    }[p["question"]]
    return sum(1 for s in people if test(s))


@independent("venn_missing_region")
def _venn_missing_region(p):
    a, ab, b, n = sympy.symbols("a ab b n", nonnegative=True, integer=True)
    facts = p["facts"]
    equations = []
    if "total" in facts:
        equations.append(sympy.Eq(a + ab + b + n, facts["total"]))
    if "in_a" in facts:
        equations.append(sympy.Eq(a + ab, facts["in_a"]))
    if "in_b" in facts:
        equations.append(sympy.Eq(b + ab, facts["in_b"]))
    if "ab" in facts:
        equations.append(sympy.Eq(ab, facts["ab"]))
    if "n" in facts:
        equations.append(sympy.Eq(n, facts["n"]))
    unknown = {"a": a, "ab": ab, "b": b, "n": n}[p["target"]]
    solution = sympy.solve(equations, [a, ab, b, n], dict=True)
    values = {s[unknown] for s in solution if unknown in s}
    if len(values) != 1 or not next(iter(values)).is_number:
        raise ValueError(f"the region is not determined: {solution}")
    return int(next(iter(values)))


# -- Histograms ----------------------------------------------------------------------------------------
def _bin_label(bin_) -> str:
    return f"{bin_[0]}–{bin_[1]}"


@independent("histogram_read_graph")
def _histogram_read_graph(p):
    bins, counts = p["bins"], p["counts"]
    # every data value placed at the low end of its interval: enough to compare with interval boundaries
    data = [lo for (lo, _), c in zip(bins, counts) for _ in range(c)]
    q = p["question"]
    if q == "bin":
        lo, hi = bins[p["i"]]
        return len([v for v in data if lo <= v <= hi])
    if q == "at_least":
        return len([v for v in data if v >= bins[p["cut"]][0]])
    if q == "less":
        return len([v for v in data if v < bins[p["cut"]][0]])
    if q == "total":
        return len(data)
    if q == "diff":
        return abs(data.count(bins[p["i"]][0]) - data.count(bins[p["j"]][0]))
    most = statistics.multimode(data)
    if len(most) != 1:
        raise ValueError("two tallest bars")
    return _bin_label(next(b for b in bins if b[0] == most[0]))


@independent("histogram_frequency_table")
def _histogram_frequency_table(p):
    bins, counts = p["bins"], p["counts"]
    data = [lo for (lo, _), c in zip(bins, counts) for _ in range(c)]
    q = p["question"]
    if q == "percent":
        return Fraction(100 * len([v for v in data if v >= bins[p["cut"]][0]]), len(data))
    if q == "less":
        return len([v for v in data if v < bins[p["cut"]][0]])
    low, high = statistics.median_low(data), statistics.median_high(data)
    if low != high:
        raise ValueError("the median falls between two intervals")
    return _bin_label(next(b for b in bins if b[0] == low))


# -- Circle graphs -------------------------------------------------------------------------------------
@independent("circle_graph_count")
def _circle_graph_count(p):
    people = [k for k, pct in enumerate(p["percents"]) for _ in range(pct * p["n"] // 100)]
    if len(people) != p["n"]:
        raise ValueError("the percents do not give whole counts")
    i, j = p["i"], p["j"]
    q = p["question"]
    if q == "count":
        return people.count(i)
    if q == "more":
        return people.count(i) - people.count(j)
    if q == "not":
        return len([x for x in people if x != i])
    return len([x for x in people if x in (i, j)])


@independent("circle_graph_percent_angle")
def _circle_graph_percent_angle(p):
    share = Fraction(p["counts"][p["i"]]) / sum(p["counts"])
    return share * (100 if p["question"] == "percent" else 360)


# -- Probability ---------------------------------------------------------------------------------------
def _holds(spec, outcome) -> bool:
    kind = spec[0]
    if kind in ("colours",):
        return outcome in spec[1]
    if kind == "colour":
        return outcome == spec[1]
    if kind in ("vowel", "consonant"):
        return (outcome in ("A", "E", "I", "O", "U")) == (kind == "vowel")
    v = int(outcome)
    return {
        "even": lambda: v % 2 == 0, "odd": lambda: v % 2 != 0, "gt": lambda: v > spec[1], "ge": lambda: v >= spec[1],
        "lt": lambda: v < spec[1], "multiple": lambda: v % spec[1] == 0, "prime": lambda: sympy.isprime(v),
        "factor": lambda: v in sympy.divisors(spec[1]), "eq": lambda: v == spec[1],
    }[kind]()


def _chance(outcomes, test) -> Fraction:
    return Fraction(sum(1 for o in outcomes if test(o)), len(outcomes))


@independent("probability_single_bag")
def _probability_single_bag(p):
    marbles = [c for c, m in p["bag"].items() for _ in range(m)]
    wanted = {"one": lambda m: m == p["a"], "not": lambda m: m != p["a"],
              "either": lambda m: m in (p["a"], p["b"])}[p["event"]]
    value = _chance(marbles, wanted)
    return value * 100 if p["percent"] else value


@independent("probability_single_number")
def _probability_single_number(p):
    value = _chance(range(1, p["n"] + 1), lambda v: _holds(p["event"], v))
    return value * 100 if p["percent"] else value


@independent("probability_two_independent")
def _probability_two_independent(p):
    pairs = list(itertools.product(p["first"], p["second"]))
    return _chance(pairs, lambda pair: pair[0] in p["first_good"] and _holds(p["spec"], pair[1]))


@independent("probability_two_dice")
def _probability_two_dice(p):
    k = p["k"]
    test = {
        "sum_eq": lambda a, b: a + b == k, "sum_ge": lambda a, b: a + b >= k, "sum_le": lambda a, b: a + b <= k,
        "doubles": lambda a, b: a == b, "both_even": lambda a, b: a % 2 == 0 and b % 2 == 0,
        "both_gt": lambda a, b: min(a, b) > k, "product_even": lambda a, b: (a * b) % 2 == 0,
        "at_least_one": lambda a, b: k in (a, b),
    }[p["question"]]
    return _chance(list(itertools.product(range(1, 7), repeat=2)), lambda pair: test(*pair))


@independent("probability_without_replacement")
def _probability_without_replacement(p):
    marbles = [(c, k) for c, m in p["bag"].items() for k in range(m)]  # each one told apart
    draws = list(itertools.permutations(marbles, 2))
    a, b = p["a"], p["b"]
    test = {
        "both": lambda x, y: x[0] == a and y[0] == a, "first_second": lambda x, y: x[0] == a and y[0] == b,
        "same": lambda x, y: x[0] == y[0], "one_each": lambda x, y: {x[0], y[0]} == {a, b},
    }[p["question"]]
    return _chance(draws, lambda d: test(*d))


# -- Scatter plots -------------------------------------------------------------------------------------
@independent("scatter_correlation")
def _scatter_correlation(p):
    xs = [float(x) for x, _ in p["points"]]
    ys = [float(y) for _, y in p["points"]]
    r = statistics.correlation(xs, ys)
    if r > 0.5:
        return "positive correlation"
    if r < -0.5:
        return "negative correlation"
    if abs(r) < 0.3:
        return "no correlation"
    raise ValueError(f"an unclear correlation: r = {r:.2f}")


@independent("scatter_read_point")
def _scatter_read_point(p):
    points = [tuple(pt) for pt in p["points"]]
    if p["direction"] == "y":
        found = [y for x, y in points if x == p["x"]]
    else:
        found = [x for x, y in points if y == p["y"]]
    if len(found) != 1:
        raise ValueError(f"not one point: {found}")
    return found[0]


@independent("scatter_trend_predict")
def _scatter_trend_predict(p):
    m, b = sympy.symbols("m b")
    (x0, y0), (x1, y1) = p["p0"], p["p1"]
    solved = sympy.solve([sympy.Eq(m * x0 + b, sympy.Rational(y0)), sympy.Eq(m * x1 + b, sympy.Rational(y1))],
                         [m, b])
    value = solved[m] * p["x"] + solved[b]
    return Fraction(str(value))


# -- Box plots -----------------------------------------------------------------------------------------
@independent("box_plot_read")
def _box_plot_read(p):
    five = sorted(p["five"])
    lower, upper = five[:2], five[3:]
    return {
        "median": five[2], "q1": max(lower), "q3": min(upper), "range": max(five) - min(five),
        "iqr": min(upper) - max(lower), "max": max(five), "min": min(five),
    }[p["question"]]


@independent("box_plot_percent")
def _box_plot_percent(p):
    five = sorted(p["five"])
    quarters = five.index(p["high"]) - five.index(p["low"])  # each of the four parts holds a quarter of the data
    share = Fraction(quarters, 4)
    return share * 100 if p["count"] is None else share * p["count"]


@independent("box_plot_compare")
def _box_plot_compare(p):
    def stat(five, name):
        five = sorted(five)
        return {"median": five[2], "iqr": five[3] - five[1], "range": five[4] - five[0]}[name]

    q = p["question"]
    name = q.removesuffix("_diff").removeprefix("larger_")
    a, b = stat(p["five_a"], name), stat(p["five_b"], name)
    if q.endswith("_diff"):
        return abs(a - b)
    if a == b:
        return "They are equal"
    return p["groups"][0] if a > b else p["groups"][1]


# -- Counting ------------------------------------------------------------------------------------------
@independent("counting_outfits")
def _counting_outfits(p):
    return sum(1 for _ in itertools.product(*(range(c) for c in p["counts"])))


@independent("counting_arrangements")
def _counting_arrangements(p):
    items = range(p["n"])
    ways = itertools.product(items, repeat=p["k"]) if p["repeat"] else itertools.permutations(items, p["k"])
    return sum(1 for _ in ways)


@independent("counting_combinations")
def _counting_combinations(p):
    return sum(1 for _ in itertools.combinations(range(p["n"]), p["k"]))


# -- Understanding probability -------------------------------------------------------------------------
@independent("probability_likelihood_words")
def _probability_likelihood_words(p):
    value = _chance(p["outcomes"], lambda o: _holds(p["spec"], o))
    if value == 0:
        return "impossible"
    if value == 1:
        return "certain"
    if value == Fraction(1, 2):
        return "equally likely as not"
    return "likely" if value > Fraction(1, 2) else "unlikely"


@independent("probability_complement")
def _probability_complement(p):
    rest = Fraction(1) - Fraction(p["p"])
    return rest * 100 if p["percent"] else rest


@independent("probability_expected_count")
def _probability_expected_count(p):
    return _chance(p["outcomes"], lambda o: _holds(p["spec"], o)) * p["trials"]


@independent("probability_valid_value")
def _probability_valid_value(p):
    fits = [text for value, text in p["options"] if (0 <= Fraction(value) <= 1) == p["ask_valid"]]
    if len(fits) != 1:
        raise ValueError(f"not one right option: {fits}")
    return fits[0]
