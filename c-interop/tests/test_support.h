/*
 * A minimal test harness for the C tests: each test is a void function registered in a table; a failed CHECK prints
 * the file, line and condition and returns from the test. Each test runs with a fresh directory of its own (under
 * /dev/shm when present; on Windows under the user's temporary directory), removed afterwards.
 *
 * Run one test: <binary> <testName>; all: <binary> (prints "N passed, M failed").
 */
#ifndef RINGWAY_TEST_SUPPORT_H
#define RINGWAY_TEST_SUPPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(_WIN32)
#include <windows.h>
#else
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

static int test_failures;
static char test_dir[512];

#define CHECK(condition)                                                                                    \
    do                                                                                                      \
    {                                                                                                       \
        if (!(condition))                                                                                   \
        {                                                                                                   \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #condition);                   \
            test_failures++;                                                                                \
            return;                                                                                         \
        }                                                                                                   \
    }                                                                                                       \
    while (0)

#define CHECK_EQ_LL(expected, actual)                                                                       \
    do                                                                                                      \
    {                                                                                                       \
        const long long check_expected_ = (long long)(expected);                                            \
        const long long check_actual_ = (long long)(actual);                                                \
        if (check_expected_ != check_actual_)                                                               \
        {                                                                                                   \
            fprintf(stderr, "%s:%d: CHECK failed: %s == %s: expected %lld, was %lld\n", __FILE__, __LINE__, \
                #expected, #actual, check_expected_, check_actual_);                                        \
            test_failures++;                                                                                \
            return;                                                                                         \
        }                                                                                                   \
    }                                                                                                       \
    while (0)

#define CHECK_STR_EQ(expected, actual)                                                                      \
    do                                                                                                      \
    {                                                                                                       \
        if (strcmp((expected), (actual)) != 0)                                                              \
        {                                                                                                   \
            fprintf(stderr, "%s:%d: CHECK failed: \"%s\" == \"%s\"\n", __FILE__, __LINE__, (expected),     \
                (actual));                                                                                  \
            test_failures++;                                                                                \
            return;                                                                                         \
        }                                                                                                   \
    }                                                                                                       \
    while (0)

#define CHECK_CONTAINS(haystack, needle)                                                                    \
    do                                                                                                      \
    {                                                                                                       \
        if (strstr((haystack), (needle)) == NULL)                                                           \
        {                                                                                                   \
            fprintf(stderr, "%s:%d: CHECK failed: \"%s\" contains \"%s\"\n", __FILE__, __LINE__,           \
                (haystack), (needle));                                                                      \
            test_failures++;                                                                                \
            return;                                                                                         \
        }                                                                                                   \
    }                                                                                                       \
    while (0)

typedef struct test_case_stct
{
    const char *name;
    void (*run)(void);
}
test_case_t;

#define TEST_CASE(name) { #name, name }

/** @return a path for a file named `name` in the test's own directory (a static buffer per call site cycle). */
static inline const char *test_path(const char *name)
{
    static char paths[4][1024];
    static int next;
    char *path = paths[next++ % 4];
    snprintf(path, sizeof(paths[0]), "%s/%s", test_dir, name);
    return path;
}

#if defined(_WIN32)
static inline void test_remove_dir(void)
{
    char pattern[1024];
    snprintf(pattern, sizeof(pattern), "%s\\*", test_dir);
    WIN32_FIND_DATAA entry;
    HANDLE find = FindFirstFileA(pattern, &entry);
    if (find != INVALID_HANDLE_VALUE)
    {
        do
        {
            char path[1024];
            snprintf(path, sizeof(path), "%s/%s", test_dir, entry.cFileName);
            DeleteFileA(path);
        }
        while (FindNextFileA(find, &entry));
        FindClose(find);
    }
    RemoveDirectoryA(test_dir);
}

/** A fresh directory ringway-ctest-<pid>-<tick> in the user's temporary directory. */
static inline bool test_make_dir(void)
{
    char base[MAX_PATH + 1];
    const DWORD length = GetTempPathA(sizeof(base), base);
    if (length == 0 || length > MAX_PATH)
    {
        fprintf(stderr, "GetTempPathA failed: %lu\n", GetLastError());
        return false;
    }
    snprintf(test_dir, sizeof(test_dir), "%sringway-ctest-%lu-%llu", base, GetCurrentProcessId(),
        (unsigned long long)GetTickCount64());
    if (!CreateDirectoryA(test_dir, NULL))
    {
        fprintf(stderr, "CreateDirectoryA %s failed: %lu\n", test_dir, GetLastError());
        return false;
    }
    return true;
}
#else
static inline void test_remove_dir(void)
{
    DIR *dir = opendir(test_dir);
    if (dir != NULL)
    {
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL)
        {
            if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            {
                char path[1024];
                snprintf(path, sizeof(path), "%s/%s", test_dir, entry->d_name);
                unlink(path);
            }
        }
        closedir(dir);
    }
    rmdir(test_dir);
}

static inline bool test_make_dir(void)
{
    struct stat shm_status;
    const char *base = stat("/dev/shm", &shm_status) == 0 && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(test_dir, sizeof(test_dir), "%s/ringway-ctest-XXXXXX", base);
    if (mkdtemp(test_dir) == NULL)
    {
        perror("mkdtemp");
        return false;
    }
    return true;
}
#endif

static inline bool test_run_one(const test_case_t *test)
{
    if (!test_make_dir())
    {
        return false;
    }
    const int failures_before = test_failures;
    test->run();
    test_remove_dir();
    const bool passed = test_failures == failures_before;
    printf("%s %s\n", passed ? "PASS" : "FAIL", test->name);
    return passed;
}

static inline int test_main(int argc, char **argv, const test_case_t *tests, int test_count)
{
    if (argc == 2 && strcmp(argv[1], "--expect-count") == 0)
    {
        const char *expected = getenv("RINGWAY_EXPECTED_TEST_COUNT");
        if (expected == NULL || atoi(expected) != test_count)
        {
            fprintf(stderr, "CMakeLists.txt registers %s tests, the binary has %d: keep them in step\n",
                expected == NULL ? "?" : expected, test_count);
            return 1;
        }
        printf("%d tests registered, as CMakeLists.txt says\n", test_count);
        return 0;
    }
    int passed = 0;
    int failed = 0;
    int matched = 0;
    for (int i = 0; i < test_count; i++)
    {
        if (argc >= 2 && strcmp(argv[1], tests[i].name) != 0)
        {
            continue;
        }
        matched++;
        if (test_run_one(&tests[i]))
        {
            passed++;
        }
        else
        {
            failed++;
        }
    }
    if (matched == 0)
    {
        fprintf(stderr, "no test named %s\n", argc >= 2 ? argv[1] : "(any)");
        return 1;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

#endif /* RINGWAY_TEST_SUPPORT_H */
