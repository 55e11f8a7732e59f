#!/usr/bin/env python3
"""Lists Java methods and constructors longer than a limit (default 80 lines, header to closing brace).

    dev/long-methods.py [LIMIT] [DIR...]        (default DIRs: every */src/main/java)

A small brace counter, not a parser: it strips comments, strings and char literals, then takes a line that
opens a method or constructor (a name and "(" at the start of a member declaration, not a control statement
or lambda) and counts braces to its end. Lambdas and anonymous classes count with the method that holds them.
"""
import os
import re
import sys

CONTROL = {"if", "for", "while", "switch", "catch", "synchronized", "try", "do", "else", "return", "new",
           "throw", "case", "yield"}
HEADER = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|protected|private|static|final|abstract|"
                    r"synchronized|native|default|strictfp)\s+)*(?:<[^>]+>\s+)?(?:[\w.$<>\[\],?\s]+\s+)?"
                    r"(\w+)\s*\(")


def strip(text):
    """Blanks comments, strings and char literals, keeping newlines so line numbers stay."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def methods(path):
    lines = strip(open(path, encoding="utf-8").read()).split("\n")
    found = []
    k = 0
    while k < len(lines):
        m = HEADER.match(lines[k])
        head = lines[k].split("(")[0]
        if (m and m.group(1) not in CONTROL and "=" not in head and "->" not in lines[k]
                and not re.search(r"\b(record|class|interface|enum)\b", head)):
            # the body starts at the first "{" before any ";" (an abstract or interface method has none)
            j, depth, started = k, 0, False
            while j < len(lines):
                seg = lines[j]
                if not started:
                    brace, semi = seg.find("{"), seg.find(";")
                    if semi >= 0 and (brace < 0 or semi < brace):
                        break
                    if brace < 0:
                        j += 1
                        continue
                    started = True
                    seg = seg[brace:]
                depth += seg.count("{") - seg.count("}")
                if depth <= 0:
                    found.append((j - k + 1, k + 1, m.group(1)))
                    break
                j += 1
            if started:
                k = j + 1
                continue
        k += 1
    return found


def main():
    args = sys.argv[1:]
    limit = int(args.pop(0)) if args and args[0].isdigit() else 80
    roots = args or [os.path.join(d, "src/main/java") for d in sorted(os.listdir(".")) if
                     os.path.isdir(os.path.join(d, "src/main/java"))]
    rows = []
    for root in roots:
        for dirpath, _, files in os.walk(root):
            for f in files:
                if f.endswith(".java"):
                    p = os.path.join(dirpath, f)
                    rows += [(n, p, line, name) for n, line, name in methods(p) if n > limit]
    for n, p, line, name in sorted(rows, reverse=True):
        print(f"{n:5d}  {p}:{line}  {name}")


if __name__ == "__main__":
    main()
