#!/usr/bin/env python3
"""Writes the baseline's own rule set as an rptc template, for a like-for-like race.

usage: bench/baseline_template.py PATTERNS.txt > baseline.rpt

../shared/bench/throughput_vs_baseline.sh races rptc with a template against Hyperscan + PCRE2
with ../shared/bench/patterns.txt (86 regexes). With the GWR template the two sides run different
rule sets; with this script's output they run the same one: each regex becomes a document-level
field `fNN: text many all` whose @value is the regex, so every match is a value in the output, as
every match is a row in the baseline's count. Then

  python3 bench/baseline_template.py ../shared/bench/patterns.txt > /tmp/baseline.rpt
  bash ../shared/bench/throughput_vs_baseline.sh build/cli/rptc /tmp/baseline.rpt

shows what rptc's whole process (files, NFKC, values, JSON) costs on the baseline's own rules, and
build/bench/engine_bench what its engine alone does with them.

The regexes use a small subset: literals, classes, groups ((?:...) too), alternation, ?, {m},
{m,n}, lazy quantifiers, . and the escapes \\n \\d \\s and \\<punctuation>. The template language
has no lazy quantifier and no unbounded one: a lazy {m,n}? becomes the greedy {m,n} (the same
matches start at the same places; a few end elsewhere), and + and * become {1,40} and {0,40}.
"""
import sys

UNBOUNDED = {"*": "{0,40}", "+": "{1,40}"}


def quote(chars):
    text = "".join(chars)
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + text + '"'


def char_class(regex, i):
    """The class starting at regex[i] == '[', in template syntax, and the index after it."""
    j = i + 1
    if j < len(regex) and regex[j] == "^":
        j += 1
    if j < len(regex) and regex[j] == "]":
        j += 1  # a ] first in the class is a member
    out = [regex[i:j]]
    while j < len(regex) and regex[j] != "]":
        if regex[j] == "\\" and j + 1 < len(regex):
            # The template's classes take a raw quote; other escapes (\n, \-, \\) carry over.
            out.append('"' if regex[j + 1] == '"' else regex[j:j + 2])
            j += 2
        else:
            out.append(regex[j])
            j += 1
    if j >= len(regex):
        raise ValueError(f"unterminated class at column {i + 1}")
    return "".join(out) + "]", j + 1


def translate(regex):
    """One regex of the subset above as a template pattern."""
    out, literal = [], []

    def flush():
        if literal:
            out.append(quote(literal))
            literal.clear()

    i = 0
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            if i + 1 >= len(regex):
                raise ValueError("a trailing backslash")
            escaped = regex[i + 1]
            i += 2
            if escaped == "n":
                literal.append("\n")
            elif escaped in "ds":
                flush()
                out.append("[0-9]" if escaped == "d" else '" "')
            else:
                literal.append(escaped)
        elif c == "[":
            flush()
            cls, i = char_class(regex, i)
            out.append(cls)
        elif c == "(":
            flush()
            i += 3 if regex.startswith("(?:", i) else 1
            out.append("(")
        elif c in ")|":
            flush()
            out.append(c)
            i += 1
        elif c in "?*+{":
            # A quantifier binds to one character of a literal run, not to the whole run.
            if literal:
                last = literal.pop()
                flush()
                literal.append(last)
                flush()
            if c == "{":
                end = regex.index("}", i)
                out.append(regex[i:end + 1])
                i = end + 1
            else:
                out.append(UNBOUNDED.get(c, "?"))
                i += 1
            if i < len(regex) and regex[i] == "?":
                i += 1  # lazy: the template's repetition is greedy
        elif c == ".":
            flush()
            out.append("any")
            i += 1
        elif c in "^$":
            i += 1
        else:
            literal.append(c)
            i += 1
    flush()
    return " ".join(out)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: baseline_template.py PATTERNS.txt > baseline.rpt")
    print('template baseline "The baseline\'s regexes (shared/bench/patterns.txt), one field each" {')
    print('  version "1.0"')
    print("  languages zh, en")
    print("}")
    with open(sys.argv[1], encoding="utf-8") as patterns:
        for number, line in enumerate(patterns, start=1):
            regex = line.rstrip("\n")
            if not regex:
                continue
            try:
                pattern = translate(regex)
            except ValueError as error:
                sys.exit(f"{sys.argv[1]}:{number}: {error}")
            print(f"\n/// {sys.argv[1]}, line {number}")
            print(f"field f{number:02d}: text many all = @value({pattern})")


if __name__ == "__main__":
    main()
