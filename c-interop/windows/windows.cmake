# The Windows build of c-interop, included by CMakeLists.txt when WIN32 (mingw-w64 with windows/mingw-w64.cmake on
# Linux, or a Windows host): ringway.h and ringway_journal.h in strict C11, the conformance programs, and
# tests/windows_tests.c, whose tests are registered here. The Linux tests fork and read /proc, so they are not built.
# Under Wine, CMAKE_CROSSCOMPILING_EMULATOR runs each test .exe (scripts/build-and-test.sh windows sets it).
#   unit.windows.<name>      create/open/validation, leases and liveness, waits and wakes, status
#   process.windows.<name>   real processes: conformance traffic C<->C and C<->Go, parked ping-pong, kills
# The C<->Go tests start the Go conformance programs built with GOOS=windows, which the build script copies beside
# the tests as go_sequence_producer.exe and go_sequence_consumer.exe; -DRINGWAY_WINDOWS_GO_PROGRAMS=OFF (a build
# without Go) registers them disabled, and CTest lists them as "Not Run (Disabled)".
option(RINGWAY_WINDOWS_GO_PROGRAMS "the Go conformance programs are beside the Windows tests" ON)

add_library(ringway_header_c11 OBJECT tests/header_only.c tests/header_only_journal.c)
target_link_libraries(ringway_header_c11 PRIVATE ringway)
target_compile_options(ringway_header_c11 PRIVATE -std=c11 -pedantic -Wall -Wextra -Werror)

add_executable(ringway_sequence_producer programs/sequence_producer.c programs/conformance.h)
target_link_libraries(ringway_sequence_producer PRIVATE ringway)
add_executable(ringway_sequence_consumer programs/sequence_consumer.c programs/conformance.h)
target_link_libraries(ringway_sequence_consumer PRIVATE ringway)

add_executable(ringway_windows_tests tests/windows_tests.c tests/test_support.h)
target_link_libraries(ringway_windows_tests PRIVATE ringway)
# the process tests start the programs beside the test executable
add_dependencies(ringway_windows_tests ringway_sequence_producer ringway_sequence_consumer)

set(RINGWAY_WINDOWS_UNIT_TESTS
    shouldCreateAChannelWithItsIdentityAndOpenItAgain
    shouldGiveTheFileAnOwnerOnlyProtectedDacl
    shouldRefuseToCreateOverAnExistingFileAndReplaceItOnlyWhenAsked
    shouldRefuseAFileModeThatGrantsOtherUsers
    shouldRefuseAMissingFile
    shouldValidateAsLinuxDoesWithTheSameWords
    shouldRefuseEmptyShortAndTruncatedFilesByTheirLength
    shouldRefuseAChannelOfAnotherKindOrCapacityThanExpected
    shouldPutTheDefaultPathInTheUsersTemporaryDirectory
    shouldSayThatJournalsAreNotSupportedOnWindowsYet
    shouldOfferAndPollSpscThroughManyWraps
    shouldOfferAndPollMpscThroughManyWraps
    shouldBuildTheLeaseTokenFromTheCreationTimeOfGetProcessTimes
    shouldRefuseTheLeaseOfALiveProcessAndTakeItOverOnceTheProcessIsKilled
    shouldReportTheStatusWithHeartbeatsOnTheInterruptTime
    shouldNameTheEventsAfterTheChannelId
    shouldReturnNothingFromPollWaitOnlyAfterTheTimeout
    shouldWakeAConsumerParkedInAnotherProcessWhenAProducerCommits
    shouldWakeAProducerParkedForSpaceInAnotherProcessInEveryGeneration
)
set(RINGWAY_WINDOWS_PROCESS_TESTS
    shouldDeliverAMillionConformanceMessagesFromACToACProcessSpsc
    shouldDeliverAMillionConformanceMessagesFromTwoCProducerProcessesMpsc
    shouldPlayParkedPingPongBetweenProcessesWithoutAWaitEndingByTimeout
    shouldCostOneWakeInTotalWhenAConsumerIsKilledWhileParked
    shouldUnblockTheClaimOfAnSpscProducerKilledMidClaim
    shouldUnblockTheClaimOfAnMpscProducerKilledMidClaim
)
set(RINGWAY_WINDOWS_GO_TESTS
    shouldDeliverAMillionConformanceMessagesFromACToAGoProcessAndBackSpsc
    shouldDeliverAMillionConformanceMessagesFromACAndAGoProducerIntoOneChannelMpsc
)
foreach(test_name IN LISTS RINGWAY_WINDOWS_UNIT_TESTS)
    add_test(NAME unit.windows.${test_name} COMMAND ringway_windows_tests ${test_name})
endforeach()
foreach(test_name IN LISTS RINGWAY_WINDOWS_PROCESS_TESTS RINGWAY_WINDOWS_GO_TESTS)
    add_test(NAME process.windows.${test_name} COMMAND ringway_windows_tests ${test_name})
endforeach()
if(NOT RINGWAY_WINDOWS_GO_PROGRAMS)
    message(STATUS "RINGWAY_WINDOWS_GO_PROGRAMS=OFF: the C<->Go tests are registered disabled")
    foreach(test_name IN LISTS RINGWAY_WINDOWS_GO_TESTS)
        set_tests_properties(process.windows.${test_name} PROPERTIES DISABLED TRUE)
    endforeach()
endif()
add_test(NAME windows.allTestsAreRegistered COMMAND ringway_windows_tests --expect-count)
list(LENGTH RINGWAY_WINDOWS_UNIT_TESTS unit_test_count)
list(LENGTH RINGWAY_WINDOWS_PROCESS_TESTS process_test_count)
list(LENGTH RINGWAY_WINDOWS_GO_TESTS go_test_count)
math(EXPR windows_test_count "${unit_test_count} + ${process_test_count} + ${go_test_count}")
set_tests_properties(windows.allTestsAreRegistered PROPERTIES ENVIRONMENT "RINGWAY_EXPECTED_TEST_COUNT=${windows_test_count}")

# The verdict of a test under Wine is the program's own last line, not the exit status of the emulator: Debian's
# wine64 8.0 now and then aborts in glibc's exit code after the program has ended and printed its result
# ("Inconsistency detected by ld.so: dl-fini.c: 87: _dl_fini: Assertion ... failed!", seen once in mvn verify after
# "PASS ... 1 passed, 0 failed"), which would turn a passed test into a failed one. A test that fails, hangs or
# crashes before its result line still fails: it never prints "N passed, 0 failed".
if(CMAKE_CROSSCOMPILING)
    foreach(test_name IN LISTS RINGWAY_WINDOWS_UNIT_TESTS)
        set_tests_properties(unit.windows.${test_name} PROPERTIES
            PASS_REGULAR_EXPRESSION "(^|\n)1 passed, 0 failed" FAIL_REGULAR_EXPRESSION "(^|\n)FAIL ")
    endforeach()
    foreach(test_name IN LISTS RINGWAY_WINDOWS_PROCESS_TESTS RINGWAY_WINDOWS_GO_TESTS)
        set_tests_properties(process.windows.${test_name} PROPERTIES
            PASS_REGULAR_EXPRESSION "(^|\n)1 passed, 0 failed" FAIL_REGULAR_EXPRESSION "(^|\n)FAIL ")
    endforeach()
    set_tests_properties(windows.allTestsAreRegistered PROPERTIES
        PASS_REGULAR_EXPRESSION "tests registered, as CMakeLists.txt says")
endif()
