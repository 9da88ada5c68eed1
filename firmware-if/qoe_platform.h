/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * The few things the engine needs from its host: types, allocation, byte
 * order, randomness.  The engine core includes nothing else, so the same
 * files build in userspace, in the DPDK PMD and inside qoe.ko.
 */
#ifndef _QOE_PLATFORM_H
#define _QOE_PLATFORM_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <linux/random.h>
#include <linux/array_size.h>
#include <kunit/visibility.h>
#include <asm/byteorder.h>
#include <linux/build_bug.h>
#include <linux/prefetch.h>
#include <net/checksum.h>

/* what tests/kunit calls beyond the module's API, for KUnit only */
#define QOE_EXPORT_FOR_TESTS(sym)	EXPORT_SYMBOL_IF_KUNIT(sym)

static inline void *qoe_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

static inline void qoe_free(void *p)
{
	kvfree(p);
}

/* the flow tables: big, zeroed, looked up at random */
static inline void *qoe_zalloc_table(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

static inline void qoe_free_table(void *p, size_t size)
{
	kvfree(p);
}

static inline void qoe_random_bytes(void *buf, size_t len)
{
	get_random_bytes(buf, len);
}

#define qoe_wipe(p, n)		memzero_explicit(p, n)
#define qoe_prefetch(p)		prefetch(p)

/* RFC 1071 sum of @len bytes at @p plus @sum, as a __wsum (memory order) */
static inline u32 qoe_csum_partial(const void *p, u32 len, u32 sum)
{
	return (__force u32)csum_partial(p, len, (__force __wsum)sum);
}

#else /* userspace */
#include <assert.h>
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>
#include <endian.h>
#include <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

void *qoe_zalloc(size_t size);
void qoe_free(void *p);
/* the flow tables: big, zeroed, looked up at random (huge pages) */
void *qoe_zalloc_table(size_t size);
void qoe_free_table(void *p, size_t size);
void qoe_random_bytes(void *buf, size_t len);
void qoe_wipe(void *p, size_t n);

#define qoe_prefetch(p)		__builtin_prefetch(p)

/*
 * RFC 1071 sum of @len bytes at @p plus @sum, kept as the kernel keeps a
 * __wsum: 16-bit words in memory order, 32 bits with the carries folded in
 * (csum_user.c; in the kernel, csum_partial()).
 */
u32 qoe_csum_long(const void *p, u32 len, u32 sum);

static inline u32 qoe_csum_partial(const void *buf, u32 len, u32 sum)
{
	const u8 *p = buf;
	u64 acc = sum;
	u16 w16 = 0;

	/* headers: inline, 32 bits at a time; payloads: the CPU's best */
	if (len > 64)
		return qoe_csum_long(buf, len, sum);
	for (; len >= 4; p += 4, len -= 4) {
		u32 w;

		memcpy(&w, p, 4);
		acc += w;
	}
	if (len >= 2) {
		memcpy(&w16, p, 2);
		acc += w16;
		p += 2;
		len -= 2;
	}
	if (len) {
		w16 = 0;
		memcpy(&w16, p, 1);	/* the first byte of a zero-padded word */
		acc += w16;
	}
	acc = (acc & 0xffffffffU) + (acc >> 32);
	acc = (acc & 0xffffffffU) + (acc >> 32);
	return (u32)acc;
}

/* the implementations this CPU can run, best first; the one in use */
struct qoe_csum_impl {
	const char *name;
	u32 (*fn)(const void *p, u32 len, u32 sum);
};

const struct qoe_csum_impl *qoe_csum_impl_list(u32 *n);
const char *qoe_csum_impl_name(void);

/* nothing to export; a declaration, so the trailing ';' is one too */
#define QOE_EXPORT_FOR_TESTS(sym)	struct qoe_for_tests_##sym

#define cpu_to_le16(x)	((__le16)htole16(x))
#define cpu_to_le32(x)	((__le32)htole32(x))
#define cpu_to_le64(x)	((__le64)htole64(x))
#define le16_to_cpu(x)	le16toh((uint16_t)(x))
#define le32_to_cpu(x)	le32toh((uint32_t)(x))
#define le64_to_cpu(x)	le64toh((uint64_t)(x))
#define cpu_to_be16(x)	((__be16)htobe16(x))
#define be16_to_cpu(x)	be16toh((uint16_t)(x))

#ifndef __force
#define __force		/* sparse's cast marker, kernel only */
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif

#endif /* __KERNEL__ */
#endif /* _QOE_PLATFORM_H */
