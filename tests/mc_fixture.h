// tests/mc_fixture.h: hand-made Monte Carlo results files for the tests
// that read samples through a release (grades, labels, PACT)
// SPDX-License-Identifier: MIT

#ifndef LCA_MC_FIXTURE_H
#define LCA_MC_FIXTURE_H

// A minimal Monte Carlo results file at path: the format attribute
// ("leontief-mc"), one indicator (/indicators/id ind_id, /indicators/name
// ind_name), the product ids (/products/id, nprod of them) and
// /factors/samples, nit x 1 x nprod float64, from samples (iteration-major,
// nit * nprod values). Fails the test if it cannot be written.
void write_mc_samples(const char *path, const char *ind_id,
                      const char *ind_name, int nprod,
                      const char *const *products, int nit,
                      const double *samples);

#endif  // LCA_MC_FIXTURE_H
