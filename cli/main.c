// cli/main.c: the leontief program (placeholder until the commands land)
// SPDX-License-Identifier: MIT
#include <stdio.h>

#include "lca.h"

int main(void) {
    printf("leontief %s\n", lca_version());
    return 0;
}
