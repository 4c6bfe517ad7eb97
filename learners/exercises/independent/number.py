"""Independent computations for `learners.exercises.number`: each answer worked out again from the problem's
params by another route (digit-by-digit algorithms, counting steps, Decimal rounding, sympy, brute force)."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from itertools import pairwise

import sympy

from learners.exercises.independent import fraction_of, independent


def _sympy_value(text: str) -> sympy.Expr:
    return sympy.sympify(text, rational=True)


def _half_up(value, step: str) -> Fraction:
    """Decimal's own rounding, half away from zero, to a step such as '1E+2', '1' or '0.01'."""
    with localcontext() as context:
        context.prec = 60
        decimal = Decimal(str(value)) if not isinstance(value, Fraction) else \
            Decimal(value.numerator) / Decimal(value.denominator)
        return Fraction(decimal.quantize(Decimal(step), rounding=ROUND_HALF_UP))


def _nearest(value, place: int) -> Fraction:
    """value to the nearest `place` (10, 100, ...), by Decimal rounding of value / place."""
    return _half_up(Fraction(value) / place, "1") * place


# -- whole numbers -------------------------------------------------------------------------------------------
def _column_sum(numbers: list[int]) -> int:
    """Column addition with carries, as on paper."""
    texts = [str(n)[::-1] for n in numbers]
    digits, carry = [], 0
    for column in range(max(len(t) for t in texts)):
        total = carry + sum(int(t[column]) for t in texts if column < len(t))
        digits.append(total % 10)
        carry = total // 10
    while carry:
        digits.append(carry % 10)
        carry //= 10
    return int("".join(str(d) for d in reversed(digits)))


def _count_up(small: int, big: int) -> int:
    """Subtraction by counting up from the smaller number in jumps of powers of ten."""
    gap, at = 0, small
    for jump in (10 ** k for k in range(8, -1, -1)):
        while at + jump <= big:
            at += jump
            gap += jump
    return gap


def _long_multiply(a: int, b: int) -> int:
    """One partial product for every pair of digits, each shifted by its places."""
    return sum(int(x) * int(y) * 10 ** (i + j)
               for i, x in enumerate(reversed(str(a))) for j, y in enumerate(reversed(str(b))))


@independent("add_whole_numbers")
def _add_whole_numbers(p):
    return _column_sum(p["addends"])


@independent("add_whole_numbers_word")
def _add_whole_numbers_word(p):
    return _column_sum(p["addends"])


@independent("subtract_whole_numbers")
def _subtract_whole_numbers(p):
    return _count_up(p["b"], p["a"])


@independent("subtract_whole_numbers_word")
def _subtract_whole_numbers_word(p):
    return _count_up(p["small"], p["big"])


@independent("multiply_whole_numbers")
def _multiply_whole_numbers(p):
    return _long_multiply(p["a"], p["b"])


@independent("multiply_whole_numbers_word")
def _multiply_whole_numbers_word(p):
    return _long_multiply(p["a"], p["b"])


# -- expressions read by sympy -------------------------------------------------------------------------------
for _name in ("integer_multiply_divide", "integer_add_subtract", "absolute_value_evaluate", "decimal_add_subtract",
              "decimal_multiply_divide", "order_of_operations_basic", "order_of_operations_mistakes",
              "order_of_operations_powers", "order_of_operations_brackets", "real_numbers_compute",
              "exponents_evaluate"):
    independent(_name)(lambda p: fraction_of(p["expression"]))


# -- integers ------------------------------------------------------------------------------------------------
@independent("integer_multiply_divide_word")
def _integer_multiply_divide_word(p):
    if "rate" in p:  # repeated change: add the rate again and again
        total = 0
        for _ in range(p["count"]):
            total += p["rate"]
        return total
    # equal shares of a total change: the number that, taken `count` times, gives the total
    return next(x for x in range(-abs(p["total"]), abs(p["total"]) + 1) if x * p["count"] == p["total"])


@independent("integer_add_subtract_word")
def _integer_add_subtract_word(p):
    position = 0  # walk along the number line one hundredth at a time
    for term in p["terms"]:
        hundredths = Fraction(term) * 100
        for _ in range(abs(int(hundredths))):
            position += 1 if hundredths > 0 else -1
    return Fraction(position, 100)


@independent("absolute_value_distance")
def _absolute_value_distance(p):
    if p["kind"] == "greatest":
        return max(p["values"], key=lambda v: v * v)
    low, high = sorted((p["a"], p["b"]))
    return sum(1 for _ in range(low, high))


# -- decimals ------------------------------------------------------------------------------------------------
@independent("decimal_add_subtract_word")
def _decimal_add_subtract_word(p):
    a = Decimal(_decimal_text(p["a"]))
    b = Decimal(_decimal_text(p["b"]))
    return Fraction(a + b if p["sign"] == "+" else a - b)


def _decimal_text(fraction_text: str) -> str:
    """'57/20' -> '2.85' by long division (the value has a finite decimal form)."""
    value = Fraction(fraction_text)
    whole, rest = divmod(value.numerator, value.denominator)
    digits = []
    while rest and len(digits) < 30:
        rest *= 10
        digits.append(str(rest // value.denominator))
        rest %= value.denominator
    return f"{whole}.{''.join(digits) or '0'}"


@independent("decimal_multiply_divide_word")
def _decimal_multiply_divide_word(p):
    a, b = Decimal(_decimal_text(p["a"])), Decimal(_decimal_text(p["b"]))
    with localcontext() as context:
        context.prec = 50
        return Fraction(a * b if p["sign"] == "*" else a / b)


@independent("real_numbers_word")
def _real_numbers_word(p):
    return fraction_of("+".join(f"({term})" for term in p["terms"]))


# -- rounding and estimation ---------------------------------------------------------------------------------
@independent("rounding_whole_numbers")
def _rounding_whole_numbers(p):
    return _nearest(p["value"], p["place"])


@independent("rounding_decimals")
def _rounding_decimals(p):
    return _half_up(Fraction(p["value"]), "1" if p["places"] == 0 else "0." + "0" * (p["places"] - 1) + "1")


@independent("rounding_word")
def _rounding_word(p):
    if p["kind"] == "whole":
        return _nearest(int(p["value"]), p["place"])
    return _half_up(Fraction(p["value"]), "1" if p["place"] == 0 else "0." + "0" * (p["place"] - 1) + "1")


def _estimate(numbers, places, sign) -> Fraction:
    near = [_nearest(Fraction(n), place) if Fraction(n) >= place else Fraction(n) for n, place in zip(numbers, places)]
    if sign == "+":
        return sum(near)
    if sign == "-":
        return near[0] - near[1]
    return math.prod(near)


@independent("estimation_by_place")
def _estimation_by_place(p):
    return _estimate(p["numbers"], [p["place"]] * len(p["numbers"]), p["sign"])


@independent("estimation_word")
def _estimation_word(p):
    places = p.get("places") or [p["place"]] * len(p["numbers"])
    return _estimate(p["numbers"], places, p["sign"])


@independent("estimation_best_choice")
def _estimation_best_choice(p):
    exact = fraction_of(p["expression"])
    return min((Fraction(o) for o in p["options"]), key=lambda o: abs(o - exact))


# -- scientific notation, roots and powers -------------------------------------------------------------------
@independent("scientific_notation_write")
def _scientific_notation_write(p):
    return Fraction(Decimal(p["standard"]))


@independent("scientific_notation_word")
def _scientific_notation_word(p):
    return Fraction(Decimal(p["standard"]))


@independent("scientific_notation_to_standard")
def _scientific_notation_to_standard(p):
    return Fraction(Decimal(_decimal_text(p["mantissa"])).scaleb(p["exponent"]))


@independent("scientific_notation_operations")
def _scientific_notation_operations(p):
    (m1, e1), (m2, e2) = p["a"], p["b"]
    first = sympy.Rational(m1) * sympy.Integer(10) ** e1
    second = sympy.Rational(m2) * sympy.Integer(10) ** e2
    value = first / second if p["divide"] else first * second
    return Fraction(int(value.p), int(value.q))


@independent("square_root_perfect")
def _square_root_perfect(p):
    if p["shape"] == "sum":
        value = sum(sympy.sqrt(n) for n in p["terms"])
    else:
        value = p["sign"] * sympy.sqrt(sympy.Rational(p["radicand"]))
    if not value.is_Rational:
        raise ValueError("not a perfect square")
    return Fraction(int(value.p), int(value.q))


@independent("square_root_between")
def _square_root_between(p):
    root = math.sqrt(p["radicand"])
    if p["kind"] == "closest":
        return round(root)
    return next(text for text, (low, high) in p["options"] if high == low + 1 and low < root < high)


@independent("square_root_word")
def _square_root_word(p):
    side = sympy.sqrt(p["area"])
    if p["story"] == 2:
        return float(side.evalf(30))
    return int(4 * side) if p["story"] == 1 else int(side)


@independent("square_root_decimal")
def _square_root_decimal(p):
    with localcontext() as context:
        context.prec = 40
        return Fraction(Decimal(p["radicand"]).sqrt())


@independent("exponents_rules")
def _exponents_rules(p):
    base = sympy.Symbol("x") if p["letter"] == "x" else sympy.Integer(int(p["letter"]))
    m, n = p["m"], p["n"]
    value = {
        0: lambda: base ** m * base ** n,
        1: lambda: base ** (m + n) / base ** n,
        2: lambda: (base ** m) ** n,
        3: lambda: sympy.Mul(*[base] * p["count"], evaluate=True),
        4: lambda: base ** m * base ** n / base ** p["p"],
    }[p["shape"]]()
    return str(sympy.simplify(value)).replace("**", "^")


# -- ordering ------------------------------------------------------------------------------------------------
def _sorted_option(options, key, descending: bool):
    for text, order in options:
        values = [key(v) for v in order]
        if all((a > b) if descending else (a < b) for a, b in pairwise(values)):
            return text
    raise ValueError("no option is in order")


@independent("order_integers_list")
def _order_integers_list(p):
    return _sorted_option(p["options"], int, p["descending"])


@independent("order_integers_extreme")
def _order_integers_extreme(p):
    values = p["values"]
    pick = min(values) if p["least"] else max(values)
    return p["names"][values.index(pick)] if "names" in p else pick


@independent("order_decimals_list")
def _order_decimals_list(p):
    return _sorted_option(p["options"], lambda text: Decimal(_decimal_text(text)), p["descending"])


@independent("order_decimals_extreme")
def _order_decimals_extreme(p):
    values = [Decimal(_decimal_text(v)) for v in p["values"]]
    pick = max(values) if p["greatest"] else min(values)
    return p["names"][values.index(pick)] if "names" in p else Fraction(pick)


@independent("order_real_numbers_list")
def _order_real_numbers_list(p):
    return _sorted_option(p["options"], lambda text: _sympy_value(text), p["descending"])


@independent("order_real_numbers_extreme")
def _order_real_numbers_extreme(p):
    pick = (max if p["greatest"] else min)(p["items"], key=lambda item: float(_sympy_value(item[1]).evalf(20)))
    return pick[0]


# -- factors and multiples -----------------------------------------------------------------------------------
@independent("divisibility_which_number")
def _divisibility_which_number(p):
    if p["kind"] == "number":
        (right,) = [n for n in p["numbers"] if n % p["divisor"] == 0]
        return right
    (right,) = [d for d in p["options"] if p["n"] % d == 0]
    return right


@independent("divisibility_missing_digit")
def _divisibility_missing_digit(p):
    digits, position = p["digits"], p["position"]
    for digit in range(10):
        number = int("".join(digits[:position]) + str(digit) + "".join(digits[position + 1:]))
        if number % p["divisor"] == 0:
            return digit
    raise ValueError("no digit works")


@independent("prime_which_is_prime")
def _prime_which_is_prime(p):
    wanted = p["ask"] == "prime"
    (right,) = [n for n in p["numbers"] if bool(sympy.isprime(n)) == wanted]
    return right


@independent("prime_factorization_choice")
def _prime_factorization_choice(p):
    (right,) = [text for text, factors in p["options"]
                if all(sympy.isprime(prime) for prime, _e in factors)
                and math.prod(prime ** e for prime, e in factors) == p["n"]]
    return right


@independent("prime_numbers_count")
def _prime_numbers_count(p):
    if p["kind"] == "count":
        return len(list(sympy.primerange(p["low"] + 1, p["high"])))
    if p["kind"] == "next":
        return int(sympy.nextprime(p["n"]))
    return int(max(sympy.primefactors(p["n"])))


def _least_common_multiple(numbers: list[int]) -> int:
    largest = max(numbers)
    multiple = largest
    while any(multiple % n for n in numbers):
        multiple += largest
    return multiple


def _greatest_common_factor(numbers: list[int]) -> int:
    common = set.intersection(*({d for d in range(1, n + 1) if n % d == 0} for n in numbers))
    return max(common)


@independent("lcm_numbers")
def _lcm_numbers(p):
    return _least_common_multiple(p["numbers"])


@independent("lcm_word")
def _lcm_word(p):
    return _least_common_multiple(p["numbers"])


@independent("gcf_numbers")
def _gcf_numbers(p):
    return _greatest_common_factor(p["numbers"])


@independent("gcf_word")
def _gcf_word(p):
    return _greatest_common_factor(p["numbers"])


# -- number lines, rulers and scales -------------------------------------------------------------------------
@independent("number_line_read_integer")
def _number_line_read_integer(p):
    return Fraction(p["label_left"]) + Fraction(p["label_gap"]) * p["steps_right"] / p["steps_between"]


@independent("number_line_read_fraction")
def _number_line_read_fraction(p):
    return p["whole"] + Fraction(p["steps_right"], p["parts"])


@independent("number_line_points")
def _number_line_points(p):
    points = {name: Fraction(value) for name, value in p["points"].items()}
    if p["ask"] == "distance":
        return abs(points[p["first"]] - points[p["second"]])
    target = Fraction(p["value"]) * (1 if p["ask"] == "point" else -1)
    (name,) = [n for n, v in points.items() if v == target]
    return f"Point {name}"


@independent("ruler_metric")
def _ruler_metric(p):
    millimetres = p["end_mm"] - p["start_mm"]
    return millimetres if p["unit"] == "mm" else Fraction(millimetres, 10)


@independent("ruler_inches")
def _ruler_inches(p):
    return sum(Fraction(1, p["parts"]) for _ in range(p["start"], p["end"]))


@independent("thermometer_reading")
def _thermometer_reading(p):
    return p["lo"] + sum(p["tick"] for _ in range(p["index"]))


@independent("measuring_cup_reading")
def _measuring_cup_reading(p):
    return sum((Fraction(p["tick"]) for _ in range(p["index"])), Fraction(0))


@independent("scale_pointer_reading")
def _scale_pointer_reading(p):
    return sum((Fraction(p["tick"]) for _ in range(p["index"])), Fraction(0))
