/*
 * A HotSpot disassembler plugin (hsdis) over the capstone library, so that JMH's perfasm profiler and
 * -XX:+PrintAssembly show instructions instead of hex on this machine: Debian's libhsdis0-fcml exports only the old
 * decode_instructions entry point, which JDK 17 no longer calls. A diagnostic tool, not part of any build.
 *
 * Build and install (benchmarks/hsdis/install.sh does both): needs libcapstone-dev;
 *   gcc -std=c11 -O2 -Wall -Wextra -Werror -shared -fPIC -o hsdis-amd64.so hsdis-capstone.c -lcapstone
 *   cp hsdis-amd64.so "$JAVA_HOME/lib/server/"
 */
#include <capstone/capstone.h>
#include <stddef.h>
#include <stdint.h>

typedef void *(*hsdis_event_callback)(void *stream, const char *event, void *argument);
typedef int (*hsdis_printf_callback)(void *stream, const char *format, ...);

/* The entry point JDK 9 and later look up: decodes [buffer, buffer + length) as code at start_va, one instruction a
 * line, telling the VM where each instruction starts and ends so that it can interleave its own comments. */
void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
    hsdis_event_callback event_callback, void *event_stream, hsdis_printf_callback printf_callback,
    void *printf_stream, const char *options, int newline)
{
    (void)end_va;
    (void)options;
    csh handle;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
    {
        return NULL;
    }
    cs_insn *instructions;
    const size_t count = cs_disasm(handle, buffer, length, start_va, 0, &instructions);
    for (size_t i = 0; i < count; i++)
    {
        const cs_insn *instruction = &instructions[i];
        event_callback(event_stream, "insn", (void *)(uintptr_t)instruction->address);
        printf_callback(printf_stream, "%s %s", instruction->mnemonic, instruction->op_str);
        event_callback(event_stream, "/insn", (void *)(uintptr_t)(instruction->address + instruction->size));
        if (newline)
        {
            printf_callback(printf_stream, "\n");
        }
    }
    if (count > 0)
    {
        cs_free(instructions, count);
    }
    cs_close(&handle);
    return (void *)(start_va + length);
}
