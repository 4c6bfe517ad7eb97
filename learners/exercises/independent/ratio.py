"""Independent computations for `learners.exercises.ratio`: brute force, counting, long division, digit
shifting, common denominators and sympy, never the generators' own arithmetic."""
from __future__ import annotations

from fractions import Fraction
from functools import cmp_to_key

import sympy

from learners.exercises.independent import fraction_of, independent, only

X = sympy.Symbol("x")


def _q(pair) -> Fraction:
    return Fraction(pair[0], pair[1])


def _rational(value) -> sympy.Rational:
    if isinstance(value, (list, tuple)):
        return sympy.Rational(value[0], value[1])
    return sympy.Rational(str(value))


def _eq(left, right) -> sympy.Eq:
    """An equation, left as written (sympy would otherwise spend time deciding whether it is true)."""
    return sympy.Eq(left, right, evaluate=False)


def _solve(equation) -> Fraction:
    """The one solution of an equation that is linear in x once its denominators are cleared."""
    top, bottom = sympy.fraction(sympy.together(equation.lhs - equation.rhs))
    coefficients = sympy.Poly(top, X).all_coeffs()
    if len(coefficients) != 2 or coefficients[0] == 0:
        raise ValueError(f"not one solution: {equation}")
    root = -coefficients[1] / coefficients[0]
    if bottom.subs(X, root) == 0:
        raise ValueError(f"no solution: {equation}")
    return fraction_of(root)


def _divisors(n: int) -> list[int]:
    return [k for k in range(1, n + 1) if n % k == 0]


def _lowest(n: int, d: int) -> Fraction:
    common = max(set(_divisors(n)) & set(_divisors(d)))
    return Fraction(n // common, d // common)


def _multiples_lcm(a: int, b: int) -> int:
    multiple = a
    while multiple % b:
        multiple += a
    return multiple


def _cross_cmp(p, q) -> int:
    """Compare two fractions given as [numerator, denominator] by cross-multiplying."""
    left, right = p[0] * q[1], q[0] * p[1]
    return (left > right) - (left < right)


# -- Equivalent Fractions ---------------------------------------------------------------------------------
@independent("equivalent_fraction_missing")
def _equivalent_fraction_missing(p):
    (a, b), (c, d) = p["left"], p["right"]
    found = []
    for x in range(1, 2000):
        values = [x if v == 0 else v for v in (a, b, c, d)]
        if values[0] * values[3] == values[1] * values[2]:
            found.append(x)
    return only(found)


@independent("equivalent_fraction_simplify")
def _equivalent_fraction_simplify(p):
    return _lowest(p["n"], p["d"])


@independent("equivalent_fraction_choice")
def _equivalent_fraction_choice(p):
    a, b = p["target"]
    if p["mode"] == "single":
        right = [c for c, o in zip(p["choices"], p["options"]) if o[0][0] * b == o[0][1] * a]
    else:
        right = [c for c, o in zip(p["choices"], p["options"]) if o[0][0] * o[1][1] == o[0][1] * o[1][0]]
    return only(right)


# -- Fraction Of ------------------------------------------------------------------------------------------
@independent("fraction_of_whole_number")
def _fraction_of_whole_number(p):
    n, d = p["f"]
    groups = [0] * d
    for item in range(p["whole"]):  # deal the items out into d equal groups
        groups[item % d] += 1
    if len(set(groups)) != 1:
        raise ValueError("the groups are not equal")
    return sum(groups[:n])


@independent("fraction_of_fraction")
def _fraction_of_fraction(p):
    return fraction_of(_rational(p["outer"]) * _rational(p["inner"]))


@independent("fraction_of_find_whole")
def _fraction_of_find_whole(p):
    n, d = p["f"]
    return only([w for w in range(1, 20000) if w * n == p["part"] * d])


# -- Multiplication Fractions -----------------------------------------------------------------------------
@independent("multiply_fractions")
def _multiply_fractions(p):
    return fraction_of(_rational(p["a"]) * _rational(p["b"]))


@independent("multiply_mixed_numbers")
def _multiply_mixed_numbers(p):
    a, b = _q(p["a"]), _q(p["b"])
    wa, fa = divmod(a, 1)  # whole and fractional parts
    wb, fb = divmod(b, 1)
    return wa * wb + wa * fb + fa * wb + fa * fb  # the distributive property


# -- Addition and Subtraction Fractions -------------------------------------------------------------------
def _common_denominator_sum(a, b, sign: int) -> Fraction:
    common = _multiples_lcm(a[1], b[1])
    top = a[0] * (common // a[1]) + sign * b[0] * (common // b[1])
    return Fraction(top, common)


@independent("add_subtract_fractions")
def _add_subtract_fractions(p):
    return _common_denominator_sum(p["a"], p["b"], -1 if p["subtract"] else 1)


@independent("add_subtract_mixed_numbers")
def _add_subtract_mixed_numbers(p):
    sign = -1 if p["subtract"] else 1
    (an, ad), (bn, bd) = p["a"], p["b"]
    wholes = an // ad + sign * (bn // bd)
    parts = _common_denominator_sum([an % ad, ad], [bn % bd, bd], sign)
    return wholes + parts


@independent("fraction_missing_addend")
def _fraction_missing_addend(p):
    return _solve(_eq(_rational(p["a"]) + X, _rational(p["total"])))


# -- Division Fractions -----------------------------------------------------------------------------------
@independent("divide_fractions")
def _divide_fractions(p):
    return _solve(_eq(_rational(p["b"]) * X, _rational(p["a"])))


@independent("divide_mixed_numbers")
def _divide_mixed_numbers(p):
    (an, ad), (bn, bd) = p["a"], p["b"]
    # with a common denominator the quotient is the quotient of the numerators
    return Fraction(an * bd, bn * ad)


@independent("divide_fractions_how_many")
def _divide_fractions_how_many(p):
    left, piece, count = _q(p["total"]), _q(p["piece"]), 0
    while left >= piece:
        left -= piece
        count += 1
    if left:
        raise ValueError("a piece is left over")
    return count


# -- Ordering Fractions -----------------------------------------------------------------------------------
@independent("order_fractions")
def _order_fractions(p):
    right = []
    for choice, option in zip(p["choices"], p["options"]):
        ordered = sorted(option, key=cmp_to_key(_cross_cmp), reverse=not p["ascending"])
        if ordered == option:
            right.append(choice)
    return only(right)


@independent("compare_fractions_extreme")
def _compare_fractions_extreme(p):
    values = p["values"]
    best = 0
    for i in range(1, len(values)):
        if _cross_cmp(values[i], values[best]) == (1 if p["greatest"] else -1):
            best = i
    return p["names"][best] if p["names"] else _q(values[best])


@independent("compare_two_fractions")
def _compare_two_fractions(p):
    symbol = {-1: "<", 0: "=", 1: ">"}[_cross_cmp(p["left"], p["right"])]
    return only([c for c in p["choices"] if c.strip("$") == symbol])


# -- Conversion of Fraction Decimals Percents -------------------------------------------------------------
def _long_division(numerator: int, denominator: int, places: int = 12) -> str:
    """numerator / denominator by long division, as a decimal string (cut after `places` digits)."""
    whole, remainder = divmod(numerator, denominator)
    digits = []
    while remainder and len(digits) < places:
        remainder *= 10
        digit, remainder = divmod(remainder, denominator)
        digits.append(str(digit))
    return f"{whole}." + "".join(digits) if digits else str(whole)


def _shift_point(text: str, places: int) -> str:
    """Move the decimal point of a decimal string `places` to the right (negative: to the left)."""
    whole, _, fraction = text.partition(".")
    digits, point = whole + fraction, len(whole) + places
    if point <= 0:
        digits, point = "0" * (1 - point) + digits, 1
    digits = digits.ljust(point, "0")
    whole, fraction = digits[:point].lstrip("0") or "0", digits[point:].rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


@independent("fraction_to_decimal")
def _fraction_to_decimal(p):
    n, d = p["value"]
    return Fraction(_long_division(n, d, 20))  # cut after 20 digits: rounds to 3 places as the exact value does


@independent("decimal_percent_convert")
def _decimal_percent_convert(p):
    return _shift_point(p["given"], 2 if p["to_percent"] else -2)


@independent("percent_fraction_convert")
def _percent_fraction_convert(p):
    if p["to_fraction"]:
        hundredths = Fraction(p["percent"])
        scale = hundredths.denominator  # 12.5% = 125/1000
        return _lowest(hundredths.numerator, 100 * scale)
    n, d = p["fraction"]
    # 20 digits of a repeating decimal round to 1 place as the exact value does
    return Fraction(_long_division(100 * n, d, 20))


@independent("fdp_compare_choice")
def _fdp_compare_choice(p):
    values = []
    for kind, text in p["items"]:
        if kind == "fraction":
            top, bottom = text.split("/")
            values.append(sympy.Rational(int(top), int(bottom)))
        elif kind == "percent":
            values.append(sympy.Rational(_shift_point(text, -2)))
        else:
            values.append(sympy.Rational(text))
    best = values.index(max(values) if p["greatest"] else min(values))
    return p["texts"][best]


# -- Percent Of -------------------------------------------------------------------------------------------
@independent("percent_of_number")
def _percent_of_number(p):
    ten_percent, one_percent = Fraction(p["n"], 10), Fraction(p["n"], 100)
    tens, ones = divmod(p["p"], 10)
    return tens * ten_percent + ones * one_percent


@independent("percent_of_money")
def _percent_of_money(p):
    cents = int(_shift_point(p["price"], 2))
    extra_cents = Fraction(cents) * Fraction(p["p"]) / 100
    return (extra_cents + (cents if p["total"] else 0)) / 100


# -- Finding Percents -------------------------------------------------------------------------------------
@independent("find_percent")
def _find_percent(p):
    return _solve(_eq(X / 100 * p["whole"], p["part"]))


@independent("find_whole_from_percent")
def _find_whole_from_percent(p):
    return only([n for n in range(1, 5000) if n * p["p"] == 100 * p["part"]])


# -- Percents ---------------------------------------------------------------------------------------------
@independent("percent_change")
def _percent_change(p):
    return fraction_of(abs(sympy.Rational(p["new"], p["old"]) - 1) * 100)


@independent("percent_grid_shaded")
def _percent_grid_shaded(p):
    cells = [(r, c) for r in range(p["rows"]) for c in range(p["cols"])]
    shaded = sum(1 for index, _cell in enumerate(cells) if index < p["shaded"])
    counted = len(cells) - shaded if p["unshaded"] else shaded
    return _solve(_eq(X * len(cells), 100 * counted))


@independent("simple_interest")
def _simple_interest(p):
    principal, rate = Fraction(p["principal"]), Fraction(p["rate"])
    if p["ask"] == "rate":
        interest = principal * rate / 100 * p["years"]
        return _solve(_eq(principal * X / 100 * p["years"], sympy.Rational(str(interest))))
    balance, interest = principal, Fraction(0)
    for _year in range(p["years"]):
        earned = principal * rate / 100  # simple interest: always on the principal
        interest += earned
        balance += earned
    return interest if p["ask"] == "interest" else balance


# -- Percent Discount -------------------------------------------------------------------------------------
@independent("discount_sale_price")
def _discount_sale_price(p):
    price = sympy.Rational(p["price"])
    if p["ask"] == "saved":
        return fraction_of(price - price * sympy.Rational(100 - p["p"], 100))
    paid = price * sympy.Rational(100 - p["p"], 100)
    if p["ask"] == "extra":
        paid *= sympy.Rational(100 - p["q"], 100)
    return fraction_of(paid)


@independent("discount_percent_off")
def _discount_percent_off(p):
    return fraction_of((1 - sympy.Rational(p["sale"]) / sympy.Rational(p["price"])) * 100)


@independent("discount_original_price")
def _discount_original_price(p):
    share = 100 - p["p"] if p["ask"] == "sale" else p["p"]
    return _solve(_eq(X * share / 100, sympy.Rational(p["known"])))


# -- Proportion -------------------------------------------------------------------------------------------
@independent("solve_proportion")
def _solve_proportion(p):
    a, b, c, d = (X if t == 0 else sympy.Integer(t) for t in p["terms"])
    return _solve(_eq(a / b, c / d))


@independent("proportion_word_problem")
def _proportion_word_problem(p):
    return _solve(_eq(X / p["c"], sympy.Rational(p["b"]) / p["a"]))


@independent("equivalent_ratio_choice")
def _equivalent_ratio_choice(p):
    a, b = p["given"]
    return only([c for c, (m, n) in zip(p["choices"], p["options"]) if m * b == n * a])


# -- Unit Rate --------------------------------------------------------------------------------------------
@independent("unit_rate_price")
def _unit_rate_price(p):
    cents = int(_shift_point(p["total"], 2))
    return Fraction(cents, p["count"]) / 100


@independent("unit_rate_better_buy")
def _unit_rate_better_buy(p):
    prices = [Fraction(x) for x in p["prices"]]
    cheapest = [i for i in range(len(prices))
                if all(prices[i] * p["sizes"][j] < prices[j] * p["sizes"][i] for j in range(len(prices)) if j != i)]
    return p["texts"][only(cheapest)]


@independent("unit_rate_quantity")
def _unit_rate_quantity(p):
    return _solve(_eq(X * sympy.Rational(p["t"]), sympy.Rational(p["q"])))


# -- Rate -------------------------------------------------------------------------------------------------
@independent("rate_distance_time")
def _rate_distance_time(p):
    d, r, t = sympy.Rational(p["distance"]), sympy.Rational(p["speed"]), sympy.Rational(p["hours"])
    if p["ask"] == "distance":
        return _solve(_eq(X, r * t))
    if p["ask"] == "speed":
        return _solve(_eq(d, X * t))
    hours = _solve(_eq(d, r * X))
    return hours * 60 if p["ask"] == "minutes" else hours


@independent("rate_work")
def _rate_work(p):
    ask = p["ask"]
    if ask == "amount":
        return sum(p["rate"] for _minute in range(p["a"]))
    if ask == "time":
        return _solve(_eq(p["rate"] * X, p["amount"]))
    if ask == "combined":
        return _solve(_eq(p["a"] * X + p["b"] * X, p["amount"]))
    return _solve(_eq(X / p["a"] + X / p["b"], 1))


@independent("rate_from_graph")
def _rate_from_graph(p):
    return fraction_of(sympy.Line(sympy.Point(0, 0), sympy.Point(*p["point"])).slope)


# -- Unit Conversion Within a System ----------------------------------------------------------------------
_PREFIX_EXPONENT = {"k": 3, "c": -2, "m": -3, "": 0}


def _metric_exponent(unit: str) -> int:
    """km -> 3, cm -> -2, mm -> -3, m/g/l -> 0, mg/ml -> -3 (powers of ten of the base unit)."""
    base = unit[-1]
    return _PREFIX_EXPONENT[unit[:-1]] if base in "mgl" else 0


@independent("convert_metric")
def _convert_metric(p):
    shift = _metric_exponent(p["from"]) - _metric_exponent(p["to"])
    return Fraction(_shift_point(p["value"], shift))


# one unit in the smallest unit of its kind, by chains: 1 ft = 12 in, 1 yd = 3 ft, 1 mi = 1760 yd ...
_IN_INCHES = {"in": 1}
_IN_INCHES["ft"] = 12 * _IN_INCHES["in"]
_IN_INCHES["yd"] = 3 * _IN_INCHES["ft"]
_IN_INCHES["mi"] = 1760 * _IN_INCHES["yd"]
_IN_OUNCES = {"oz": 1, "lb": 16}
_IN_CUPS = {"cup": 1}
_IN_CUPS["pt"] = 2 * _IN_CUPS["cup"]
_IN_CUPS["qt"] = 2 * _IN_CUPS["pt"]
_IN_CUPS["gal"] = 4 * _IN_CUPS["qt"]
_BASE = {**_IN_INCHES, **_IN_OUNCES, **_IN_CUPS}


@independent("convert_customary")
def _convert_customary(p):
    total = Fraction(p["whole"]) * _BASE[p["big"]] + Fraction(p["extra"]) * _BASE[p["small"]]
    return total / _BASE[p["to"]]


_IN_SECONDS = {"s": 1}
_IN_SECONDS["min"] = 60 * _IN_SECONDS["s"]
_IN_SECONDS["h"] = 60 * _IN_SECONDS["min"]
_IN_SECONDS["day"] = 24 * _IN_SECONDS["h"]
_IN_SECONDS["week"] = 7 * _IN_SECONDS["day"]


@independent("convert_time")
def _convert_time(p):
    seconds = sum(Fraction(amount) * _IN_SECONDS[unit] for amount, unit in p["parts"])
    return seconds / _IN_SECONDS[p["to"]]


# -- Scale Factor -----------------------------------------------------------------------------------------
@independent("scale_map_distance")
def _scale_map_distance(p):
    small, per = p["scale"]
    if p["drawing"] is not None:
        return _solve(_eq(sympy.Rational(p["drawing"]) / X, sympy.Rational(small, per)))
    return _solve(_eq(X / sympy.Rational(p["actual"]), sympy.Rational(small, per)))


@independent("scale_factor_similar_figures")
def _scale_factor_similar_figures(p):
    a, b = p["a"], p["b"]
    if p["ask"] == "factor":
        ratios = {Fraction(y, x) for x, y in zip(a, b)}
        return only(list(ratios))
    known = next(i for i in range(2) if b[i] != 0)
    missing = 1 - known
    return _solve(_eq(X / a[missing], sympy.Rational(b[known], a[known])))


@independent("scale_drawing_area")
def _scale_drawing_area(p):
    w, h = Fraction(p["w"]), Fraction(p["h"])
    factor = Fraction(p["per"]) if p["per"] is not None else Fraction(p["k"])
    if p["ask"] == "area":
        return w * h * factor ** 2  # areas scale by the square of the scale factor
    return (w + w + h + h) * factor
