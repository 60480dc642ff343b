/* ringway.h compiled alone: -std=c11 -pedantic -Wall -Wextra -Werror, with no feature macros of ours. */
#include "ringway.h"

int ringway_header_only_result(void);

int ringway_header_only_result(void)
{
    return RINGWAY_OK;
}
