// engine/mc/specfun_impl.h: probability masses of intervals
// SPDX-License-Identifier: MIT

#ifndef LCA_SPECFUN_IMPL_H
#define LCA_SPECFUN_IMPL_H

// Phi(b) - Phi(a), the standard normal mass of [a, b] (0 if a >= b;
// infinite ends allowed).
double lca__normal_mass(double a, double b);

// P(k, hi) - P(k, lo): the Gamma(k, 1) mass of [lo, hi] (k > 0).
double lca__gamma_mass(double k, double lo, double hi);

// I_hi(a, b) - I_lo(a, b): the Beta(a, b) mass of [lo, hi] (a, b > 0).
double lca__beta_mass(double a, double b, double lo, double hi);

#endif  // LCA_SPECFUN_IMPL_H
