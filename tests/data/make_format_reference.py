#!/usr/bin/env python3
"""Prints numpy's str() of every array that tests/runtime/format_test.cpp prints with fmt.

The expected strings of format_test.cpp are this script's output, pasted as it prints them: each
case is a comment naming it and the numpy expression, then str() of that array as C++ string
literals, one per printed line. numpy's default print options (precision 8, floatmode 'maxprec',
threshold 1000, edgeitems 3, linewidth 75) are what ctnn's `{}` follows.
Run with Debian's numpy (1.24): /usr/bin/python3 tests/data/make_format_reference.py
"""
import numpy as np

f32 = np.float32

# (name, expression): each expression is built in format_test.cpp with the same values, computed
# in the same type (float32 arithmetic for the float32 cases, so that both sides round alike).
CASES = [
    ("docs_example", "np.array([[1, -2, 3], [4, 5.5, 6]])"),
    ("docs_rank3_ints", "np.array([1, 2, 3, 4]).reshape(2, 1, 2)"),
    ("summarised_ints", "np.arange(2000).reshape(2, 1000)"),
    ("ints", "np.array([[1, -20, 3], [400, 5, -6]])"),
    ("int_row_wraps", "np.arange(40).reshape(2, 20) * 1000"),
    ("bools", "np.array([True, False, True])"),
    ("integral_floats", "np.array([[1., -2., 3.], [4., 5., 6.]])"),
    ("one_and_a_half", "np.array([1.0, 2.5])"),
    ("mixed_signs", "np.array([-1.5, 2.25])"),
    ("mixed_signs_2d", "np.array([[-1.5, 2.25, 0.], [100., -0.125, 7.]])"),
    ("zeros", "np.array([0., -0.])"),
    ("small_switch_to_scientific", "np.array([-4.04572e-07, 1., 0.5])"),
    ("ratio_over_1000", "np.array([0.5, 600.])"),
    ("ratio_at_1000", "np.array([0.5, 500.])"),
    ("min_at_1e-4", "np.array([0.0001, 0.01])"),
    ("large", "np.array([1e8, 1.5])"),
    ("large_many_digits", "np.array([123456789., 1.])"),
    ("three_digit_exponent", "np.array([1e-5, 1e100])"),
    ("more_than_8_digits", "np.array([1., 2., 10.]) / 3"),
    ("more_than_8_digits_scientific", "np.array([1.23456789012e-5, 1., -2.5])"),
    ("round_half_even", "np.array([2.0**-14, 1.123456789e-5])"),
    ("round_half_even_positional", "np.array([2.0**-9, 1.])"),
    ("float_row_wraps", "np.arange(30.) / 7"),
    ("rank3", "np.arange(24.).reshape(2, 3, 4) / 4 - 2"),
    ("rank4", "np.arange(16).reshape(2, 2, 2, 2) - 8"),
    ("summarised_1d", "np.arange(1001.) / 4"),
    # 1e9 is not shown, so it neither widens the columns nor switches to scientific notation
    ("summarised_hidden_outlier", "np.where(np.arange(1100) == 500, 1e9, np.arange(1100.) + 100)"),
    ("summarised_3d", "np.arange(1120.).reshape(7, 2, 80) / 2 + 1"),
    ("summarised_short_axis", "np.arange(1006.).reshape(2, 503)"),
    ("nan_inf", "np.array([np.nan, 1.5, -np.inf, np.inf])"),
    ("nan_inf_scientific", "np.array([1e-5, np.nan, np.inf])"),
    ("only_nan_inf", "np.array([np.nan, -np.inf])"),
    ("only_nan", "np.array([np.nan, np.nan])"),
    ("float32_thirds", "np.arange(1, 4, dtype=f32) / f32(3)"),
    ("float64_thirds", "np.arange(1, 4, dtype=np.float64) / 3"),
    ("float32_tenths", "np.arange(1, 4, dtype=f32) / f32(10)"),
    ("float32_scientific", "np.array([f32(3) / f32(10), f32(1.2345678e-5)])"),
    ("float32_min_below_1e-4", "np.array([f32(1) / f32(10000), f32(1) / f32(100)])"),
    ("float32_mantissas_padded", "np.array([f32(1) / f32(10), f32(10000001) / f32(100000)])"),
    # 10 / 0.01f is 1000.0000224 in double but 1000 in float32: numpy divides in float32
    ("float32_ratio_in_float32", "np.array([f32(1) / f32(100), f32(10)])"),
    # float32 53999568 has the shortest repr 53999570, but arrays print every digit of the units
    ("float32_whole_integer_part", "np.array([f32(53999568), f32(100000)])"),
    ("scalar", "np.array(4.0)"),
    ("scalar_small", "np.array(1.5e-5)"),
    ("scalar_int", "np.array(-7)"),
]


def cpp_literals(text):
    """str() as C++ string literals, one per printed line."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        end = "\\n" if i + 1 < len(lines) else ""
        out.append('"{}{}"'.format(line.replace("\\", "\\\\").replace('"', '\\"'), end))
    return out


def main():
    print("// numpy {}".format(np.__version__))
    for name, expression in CASES:
        array = eval(expression)  # noqa: S307 (the expressions are the constants above)
        print("// {}: {}, dtype {}".format(name, expression, array.dtype))
        for literal in cpp_literals(str(array)):
            print(literal)


if __name__ == "__main__":
    main()
