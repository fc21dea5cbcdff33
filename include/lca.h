// include/lca.h: the whole public API of leontief
// SPDX-License-Identifier: MIT

#ifndef LCA_H
#define LCA_H

#include "lca/version.h"
#include "lca/ctx.h"
#include "lca/csc.h"
#include "lca/model.h"
#include "lca/uncertainty.h"
#include "lca/pedigree.h"
#include "lca/io.h"
#include "lca/io_procdb.h"
#include "lca/io_bw.h"
#include "lca/method.h"
#include "lca/export.h"
#include "lca/io_iotable.h"
#include "lca/solver.h"
#include "lca/calc.h"
#include "lca/contrib.h"
#include "lca/dqr.h"
#include "lca/factordb.h"
#include "lca/release.h"
#include "lca/spa.h"
#include "lca/sensitivity.h"
#include "lca/table.h"
#include "lca/mc.h"
#include "lca/mcfile.h"
#include "lca/presamples.h"
#include "lca/alloc.h"
#include "lca/rule.h"
#include "lca/io_rules.h"
#include "lca/pcf.h"
#include "lca/grade.h"
#include "lca/io_grading.h"
#include "lca/pact.h"
#include "lca/cbam.h"
#include "lca/io_cbam.h"
#include "lca/report.h"
#include "lca/io_report.h"
#include "lca/submission.h"

#endif  // LCA_H
