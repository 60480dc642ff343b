/* ringway_journal.h compiled alone: -std=c11 -pedantic -Wall -Wextra -Werror, with no feature macros of ours. */
#include "ringway_journal.h"

int ringway_header_only_journal_result(void);

int ringway_header_only_journal_result(void)
{
    return RINGWAY_JOURNAL_MAJOR_VERSION;
}
