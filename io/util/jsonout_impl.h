// io/util/jsonout_impl.h: JSON text with shortest round-trip numbers
// SPDX-License-Identifier: MIT
//
// jansson writes every real with one fixed precision (%.17g unless told
// otherwise), so 0.9 comes out as 0.90000000000000002, and any smaller
// precision loses digits of some other number. lca__json_dumps writes
// the same text as json_dumps with the same flags, except that each real
// gets the fewest significant digits (15, 16 or 17) that read back to
// exactly the same double: 0.9 is 0.9, 0.1 + 0.2 is 0.30000000000000004.
// Every JSON writer of leontief goes through it.

#ifndef LCA_JSONOUT_IMPL_H
#define LCA_JSONOUT_IMPL_H

#include <stddef.h>

#include <jansson.h>

// v as JSON text, like json_dumps(v, flags) (JSON_INDENT, JSON_COMPACT,
// JSON_SORT_KEYS, JSON_ESCAPE_SLASH, JSON_ENSURE_ASCII, JSON_ENCODE_ANY;
// JSON_REAL_PRECISION is ignored), with shortest round-trip reals. The
// text is malloc'd (free it); NULL when out of memory or when v is not
// an object or array and JSON_ENCODE_ANY is not given.
// The text is malloc'd like json_dumps' own (it takes its place), not
// from a ctx allocator.
char *lca__json_dumps(const json_t *v, size_t flags);

// The real x as lca__json_dumps writes it into buf (32 bytes): the
// digits of lca__format_double, with ".0" when they would read as an
// integer and the exponent without '+' or leading zeros, as jansson
// writes it ("1.0", "0.9", "1e300", "2.5e-7"). x must be finite.
const char *lca__json_real(double x, char buf[32]);

#endif  // LCA_JSONOUT_IMPL_H
