/*
 * libgit2's private git_zstream (src/util/zstream.h), for the link-time wraps of its inflate
 * (truncated_objects.c, pack_inflate.c); the same in every 1.x release so far.
 */
#ifndef GF_ZSTREAM_H
#define GF_ZSTREAM_H
#include <stddef.h>
#include <zlib.h>

typedef struct {
    z_stream z;
    int type;
    const char *in;
    size_t in_len;
    int flush;
    int zerr;
} gf_zstream;

/* The offsets in Debian 12's x86-64 libgit2.a, read from its machine code. */
_Static_assert(offsetof(gf_zstream, in_len) == 0x80 && offsetof(gf_zstream, zerr) == 0x8c,
               "git_zstream layout");

enum { GF_ZSTREAM_INFLATE = 0 }; /* GIT_ZSTREAM_INFLATE */

#endif
