// python/tests/layout.c: the C layout of every struct the Python package
// declares with ctypes (python/leontief/_lib.py), for test_layout.py
// SPDX-License-Identifier: MIT
//
// Prints "STRUCT size N" and "STRUCT.FIELD offset size" lines; the test
// compares them with ctypes' own sizes and offsets, so a field added to a
// public struct fails the Python tests instead of corrupting memory.

#include <stddef.h>
#include <stdio.h>

#include "lca.h"

#define S(T) printf("%s size %zu\n", #T, sizeof(T))
#define F(T, f) \
    printf("%s.%s %zu %zu\n", #T, #f, offsetof(T, f), sizeof(((T *)0)->f))

int main(void) {
    S(lca_solver_options);
    F(lca_solver_options, kind);
    F(lca_solver_options, dense_max_n);
    F(lca_solver_options, dense_min_density);
    F(lca_solver_options, refine_tol);
    F(lca_solver_options, max_refine);
    F(lca_solver_options, rcond_warn);
    F(lca_solver_options, drop_tol);
    F(lca_solver_options, krylov_max);
    F(lca_solver_options, krylov_restart);
    S(lca_mc_iter_options);
    F(lca_mc_iter_options, solver);
    F(lca_mc_iter_options, method);
    F(lca_mc_iter_options, tol);
    F(lca_mc_iter_options, max_iter);
    F(lca_mc_iter_options, restart);
    F(lca_mc_iter_options, batch);
    F(lca_mc_iter_options, pilot);
    S(lca_mc_options);
    F(lca_mc_options, seed);
    F(lca_mc_options, block_size);
    F(lca_mc_options, lognormal_mean_preserving);
    F(lca_mc_options, pedigree_fill);
    F(lca_mc_options, pedigree_basic_gsd);
    F(lca_mc_options, on_fail);
    F(lca_mc_options, nind);
    F(lca_mc_options, ind);
    F(lca_mc_options, nd);
    F(lca_mc_options, demands);
    F(lca_mc_options, F);
    F(lca_mc_options, keep_factors);
    F(lca_mc_options, solver);
    F(lca_mc_options, iter);
    F(lca_mc_options, presamples);
    F(lca_mc_options, hook);
    F(lca_mc_options, hook_arg);
    F(lca_mc_options, nextra);
    S(lca_mc_block);
    F(lca_mc_block, index);
    F(lca_mc_block, first);
    F(lca_mc_block, count);
    F(lca_mc_block, failed);
    F(lca_mc_block, scores);
    F(lca_mc_block, factors);
    F(lca_mc_block, nclamped);
    F(lca_mc_block, path);
    F(lca_mc_block, krylov);
    F(lca_mc_block, extra);
    S(lca_mc_spec);
    F(lca_mc_spec, M);
    F(lca_mc_spec, opt);
    F(lca_mc_spec, iterations);
    F(lca_mc_spec, model_file);
    F(lca_mc_spec, model_sha256);
    F(lca_mc_spec, presamples_file);
    F(lca_mc_spec, presamples_sha256);
    F(lca_mc_spec, command_line);
    F(lca_mc_spec, mpi_ranks);
    F(lca_mc_spec, argc);
    F(lca_mc_spec, argv);
    F(lca_mc_spec, mc);
    S(lca_contrib_cut);
    F(lca_contrib_cut, top);
    F(lca_contrib_cut, min_share);
    F(lca_contrib_cut, cum_share);
    S(lca_contrib_rows);
    F(lca_contrib_rows, kind);
    F(lca_contrib_rows, n);
    F(lca_contrib_rows, idx);
    F(lca_contrib_rows, groups);
    F(lca_contrib_rows, group_names);
    F(lca_contrib_rows, ngroups);
    F(lca_contrib_rows, mc);
    S(lca_spa_options);
    F(lca_spa_options, cutoff);
    F(lca_spa_options, max_depth);
    F(lca_spa_options, max_nodes);
    F(lca_spa_options, top);
    S(lca_screen_options);
    F(lca_screen_options, lognormal_mean_preserving);
    F(lca_screen_options, pedigree_fill);
    F(lca_screen_options, pedigree_basic_gsd);
    S(lca_mcfile_stats);
    F(lca_mcfile_stats, n);
    F(lca_mcfile_stats, count);
    F(lca_mcfile_stats, mean);
    F(lca_mcfile_stats, sd);
    F(lca_mcfile_stats, gsd);
    F(lca_mcfile_stats, quantiles);
    F(lca_mcfile_stats, model_sha256);
    F(lca_mcfile_stats, iterations_done);
    F(lca_mcfile_stats, iterations_failed);
    F(lca_mcfile_stats, stopped_early);
    S(lca_pcf_options);
    F(lca_pcf_options, iterations);
    F(lca_pcf_options, mc);
    F(lca_pcf_options, nprimary);
    F(lca_pcf_options, primary);
    F(lca_pcf_options, missing_score);
    S(lca_pcf_violation);
    F(lca_pcf_violation, check);
    F(lca_pcf_violation, item);
    F(lca_pcf_violation, detail);
    S(lca_pcf_result);
    F(lca_pcf_result, id);
    F(lca_pcf_result, unit);
    F(lca_pcf_result, indicator);
    F(lca_pcf_result, indicator_unit);
    F(lca_pcf_result, footprint);
    F(lca_pcf_result, per_kg);
    F(lca_pcf_result, nsplit);
    F(lca_pcf_result, split_ids);
    F(lca_pcf_result, split);
    F(lca_pcf_result, nstages);
    F(lca_pcf_result, stage_names);
    F(lca_pcf_result, stages);
    F(lca_pcf_result, cutoff_share);
    F(lca_pcf_result, cutoff_items);
    F(lca_pcf_result, cutoff_limit);
    F(lca_pcf_result, unlinked);
    F(lca_pcf_result, primary_share);
    F(lca_pcf_result, dqr);
    F(lca_pcf_result, dqr_scores);
    F(lca_pcf_result, unscored);
    F(lca_pcf_result, conforms);
    F(lca_pcf_result, nviolations);
    F(lca_pcf_result, violations);
    F(lca_pcf_result, nsamples);
    F(lca_pcf_result, nvalid);
    F(lca_pcf_result, samples);
    F(lca_pcf_result, split_samples);
    F(lca_pcf_result, stage_samples);
    F(lca_pcf_result, mean);
    F(lca_pcf_result, sd);
    F(lca_pcf_result, q);
    S(lca_grade_param);
    F(lca_grade_param, subject);
    F(lca_grade_param, name);
    F(lca_grade_param, value);
    S(lca_pact_options);
    F(lca_pact_options, company_name);
    F(lca_pact_options, ncompany_ids);
    F(lca_pact_options, company_ids);
    F(lca_pact_options, id_domain);
    F(lca_pact_options, created);
    F(lca_pact_options, reference_period);
    F(lca_pact_options, database_name);
    F(lca_pact_options, database_version);
    F(lca_pact_options, previous);
    F(lca_pact_options, grading_dir);
    F(lca_pact_options, confidence);
    F(lca_pact_options, nparams);
    F(lca_pact_options, params);
    return 0;
}
