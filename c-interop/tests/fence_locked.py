#!/usr/bin/env python3
"""Checks that the wake check of ringway.h (LAYOUT 9.1, 9.2: a full fence, then a load of the waiters flag) compiles
to a locked instruction and not to MFENCE on x86-64, with each compiler given that is installed (gcc, clang): clang
emits MFENCE for atomic_thread_fence(memory_order_seq_cst), several times slower than the LOCK OR gcc emits.

Compiles an offer, a claim-and-commit and a poll of the header to assembly (-O2) and fails when the assembly holds
an MFENCE or no locked instruction. Usage: fence_locked.py INCLUDE_DIR COMPILER... Exit code 0 when every installed
compiler passes; 77 (skipped) on a machine that is not x86-64 or with none of the compilers installed."""
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

SKIPPED = 77
SOURCE = r'''
#include "ringway.h"

int fence_offer(ringway_producer_t *producer, const void *body, int32_t body_length)
{
    return ringway_producer_offer(producer, 1, body, body_length);
}

int fence_commit(ringway_producer_t *producer, int32_t body_index)
{
    return ringway_producer_commit(producer, body_index);
}

int fence_poll(ringway_consumer_t *consumer, ringway_message_handler_t handler, void *clientd)
{
    return ringway_consumer_poll(consumer, handler, clientd, 1);
}
'''
MFENCE = re.compile(r'^\s*mfence\b', re.M)
LOCKED = re.compile(r'^\s*lock\b', re.M)


def check(compiler, include_dir, source_path):
    """@return a problem, or None when the compiler's code for the wake check uses a locked instruction."""
    result = subprocess.run([compiler, '-std=c11', '-O2', '-S', '-o', '-', '-I', include_dir, source_path],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return f'{compiler}: compile failed: {result.stderr.strip()}'
    mfence_count = len(MFENCE.findall(result.stdout))
    locked_count = len(LOCKED.findall(result.stdout))
    print(f'{compiler}: mfence={mfence_count} locked={locked_count}')
    if mfence_count > 0:
        return (f'{compiler}: the wake check uses mfence: found={mfence_count} mfence expected=0 '
                f'(a locked instruction, see ringway_fence_full)')
    if locked_count == 0:
        return f'{compiler}: no locked instruction in offer, commit and poll: found=0 expected>=1'
    return None


def main(include_dir, compilers):
    if platform.machine().lower() not in ('x86_64', 'amd64'):
        print(f'skipped: machine={platform.machine()} expected=x86_64')
        return SKIPPED
    installed = [compiler for compiler in dict.fromkeys(compilers) if shutil.which(compiler)]
    if not installed:
        print(f'skipped: none of the compilers installed: {" ".join(compilers)}')
        return SKIPPED
    with tempfile.TemporaryDirectory(prefix='ringway-fence-') as directory:
        source_path = os.path.join(directory, 'fence_offer.c')
        with open(source_path, 'w', encoding='utf-8') as file:
            file.write(SOURCE)
        problems = [problem for problem in (check(compiler, include_dir, source_path) for compiler in installed)
                    if problem]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == '__main__':
    if len(sys.argv) < 3:
        print('usage: fence_locked.py INCLUDE_DIR COMPILER...')
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
