/*
 * The floors of the Windows round-trip rows (benchmarks/windows/run.sh), two processes under Windows or Wine:
 *   spin   one file mapping holding two 64-bit words, one per direction, 128 bytes apart; each side stores the round
 *          number (release) and spins (acquire) on the other word: what shared memory costs without a ring;
 *   event  two named auto-reset events, one per direction; each side SetEvent()s the other's and waits in
 *          WaitForSingleObject on its own: what a wakeup through the kernel (or wineserver) costs, the floor of a
 *          parked round trip (Ringway's parked rows do the same, docs/LAYOUT.md 9.7).
 * Usage: raw_pingpong_windows spin|event pong <name> <rounds> <warmupRounds>
 *        raw_pingpong_windows spin|event ping <name> <rounds> <warmupRounds>
 * <name> names the mapping or the events (Local\ringway-bench-<name>-...). The pong side creates them and prints
 * READY; the ping side opens them, runs warmupRounds + rounds round trips, and prints one line:
 *   ping: rounds=N meanNs=M
 * Only the mean over the timed rounds is reported: under Wine the clocks tick too coarsely to time one round trip.
 * Each round trip is timed on its own, between two reads of the clock as Ringway's ping_pong reads it
 * (QueryPerformanceCounter and its frequency: ~130 ns a pair under Wine 8.0), so that the floors carry the same clock
 * cost as the Ringway rows they are compared with.
 */
#include <windows.h>

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOT_LENGTH 128
#define MAPPING_LENGTH (2 * SLOT_LENGTH)
#define WAIT_TIMEOUT_MS 5000

static void fail(const char *what)
{
    fprintf(stderr, "raw_pingpong_windows: %s failed: error=%lu\n", what, (unsigned long)GetLastError());
    exit(1);
}

static int64_t now_ns(void)
{
    LARGE_INTEGER counter;
    LARGE_INTEGER frequency;
    QueryPerformanceCounter(&counter);
    QueryPerformanceFrequency(&frequency);
    return (int64_t)((double)counter.QuadPart * 1e9 / (double)frequency.QuadPart);
}

static void object_name(wchar_t *name, size_t size, const char *base, const char *suffix)
{
    swprintf(name, size, L"Local\\ringway-bench-%hs-%hs", base, suffix);
}

static int64_t run_spin(int is_ping, const char *base, int64_t total, int64_t warmup)
{
    wchar_t name[256];
    object_name(name, 256, base, "spin");
    HANDLE mapping = is_ping ? OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, name) :
        CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, MAPPING_LENGTH, name);
    if (mapping == NULL)
    {
        fail(is_ping ? "OpenFileMappingW" : "CreateFileMappingW");
    }
    uint8_t *view = MapViewOfFile(mapping, FILE_MAP_ALL_ACCESS, 0, 0, MAPPING_LENGTH);
    if (view == NULL)
    {
        fail("MapViewOfFile");
    }
    _Atomic int64_t *ping_word = (_Atomic int64_t *)view;
    _Atomic int64_t *pong_word = (_Atomic int64_t *)(view + SLOT_LENGTH);
    if (!is_ping)
    {
        atomic_store_explicit(ping_word, -1, memory_order_relaxed);
        atomic_store_explicit(pong_word, -1, memory_order_release);
        printf("READY\n");
        fflush(stdout);
        for (int64_t round = 0; round < total; round++)
        {
            /* SYNC POINT: pairs with the ping side's release store of ping_word */
            while (atomic_load_explicit(ping_word, memory_order_acquire) != round)
            {
            }
            atomic_store_explicit(pong_word, round, memory_order_release);
        }
        return 0;
    }
    int64_t elapsed_ns = 0;
    for (int64_t round = 0; round < total; round++)
    {
        const int64_t start_ns = now_ns();
        atomic_store_explicit(ping_word, round, memory_order_release);
        /* SYNC POINT: pairs with the pong side's release store of pong_word */
        while (atomic_load_explicit(pong_word, memory_order_acquire) != round)
        {
        }
        if (round >= warmup)
        {
            elapsed_ns += now_ns() - start_ns;
        }
    }
    return elapsed_ns;
}

static void await_event(HANDLE event)
{
    if (WaitForSingleObject(event, WAIT_TIMEOUT_MS) != WAIT_OBJECT_0)
    {
        fail("WaitForSingleObject (peer gone?)");
    }
}

static int64_t run_event(int is_ping, const char *base, int64_t total, int64_t warmup)
{
    wchar_t ping_name[256];
    wchar_t pong_name[256];
    object_name(ping_name, 256, base, "ping");
    object_name(pong_name, 256, base, "pong");
    HANDLE ping_event = CreateEventW(NULL, FALSE, FALSE, ping_name);
    HANDLE pong_event = CreateEventW(NULL, FALSE, FALSE, pong_name);
    if (ping_event == NULL || pong_event == NULL)
    {
        fail("CreateEventW");
    }
    if (!is_ping)
    {
        printf("READY\n");
        fflush(stdout);
        for (int64_t round = 0; round < total; round++)
        {
            await_event(ping_event);
            SetEvent(pong_event);
        }
        return 0;
    }
    int64_t elapsed_ns = 0;
    for (int64_t round = 0; round < total; round++)
    {
        const int64_t start_ns = now_ns();
        SetEvent(ping_event);
        await_event(pong_event);
        if (round >= warmup)
        {
            elapsed_ns += now_ns() - start_ns;
        }
    }
    return elapsed_ns;
}

int main(int argc, char **argv)
{
    if (argc != 6 || (strcmp(argv[1], "spin") != 0 && strcmp(argv[1], "event") != 0) ||
        (strcmp(argv[2], "ping") != 0 && strcmp(argv[2], "pong") != 0))
    {
        fprintf(stderr, "usage: raw_pingpong_windows spin|event ping|pong <name> <rounds> <warmupRounds>\n");
        return 2;
    }
    const int is_ping = strcmp(argv[2], "ping") == 0;
    const int64_t rounds = atoll(argv[4]);
    const int64_t warmup = atoll(argv[5]);
    if (rounds <= 0 || warmup < 0)
    {
        fprintf(stderr, "invalid counts: field=rounds found=%s expected=>0, field=warmupRounds found=%s "
            "expected=>=0\n", argv[4], argv[5]);
        return 2;
    }
    const int64_t elapsed_ns = strcmp(argv[1], "spin") == 0 ?
        run_spin(is_ping, argv[3], warmup + rounds, warmup) : run_event(is_ping, argv[3], warmup + rounds, warmup);
    if (is_ping)
    {
        printf("ping: rounds=%lld meanNs=%lld\n", (long long)rounds, (long long)(elapsed_ns / rounds));
    }
    else
    {
        printf("pong: rounds=%lld\n", (long long)rounds);
    }
    return 0;
}
