#!/usr/bin/env python3
"""Checks that a Ringway C header lists its API: every public function it defines (a static inline function whose
name starts with ringway_ and does not end with '_', the suffix of private helpers) is declared, with a prototype
ending in ';', before its definition. Usage: api_listed.py HEADER... Exit code 0 when every function is listed."""
import re
import sys

DEFINITION = re.compile(r'^static inline [^\n(]*?\b(ringway_[a-z0-9_]*[a-z0-9])\s*\([^;{]*?\)\s*\n\{', re.S | re.M)
DECLARATION = re.compile(r'^static inline [^\n(]*?\b(ringway_[a-z0-9_]*[a-z0-9])\s*\([^;{]*?\);', re.S | re.M)


def main(headers):
    unlisted = []
    count = 0
    for header in headers:
        with open(header, encoding='utf-8') as file:
            text = file.read()
        declared = {match.group(1): match.start() for match in DECLARATION.finditer(text)}
        for match in DEFINITION.finditer(text):
            count += 1
            name = match.group(1)
            if name not in declared or declared[name] > match.start():
                line = text.count('\n', 0, match.start()) + 1
                unlisted.append(f'{header}:{line}: {name} is defined but not declared in the API list above it')
    for problem in unlisted:
        print(problem)
    print(f'{count} public functions, {count - len(unlisted)} listed')
    return 1 if unlisted or count == 0 else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
