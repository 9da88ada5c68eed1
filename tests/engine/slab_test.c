// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* The key-context pool: aligned, zeroed, wiped, reused, grown, freed. */
#include "engine_util.h"
#include "../../firmware-if/slab_user.h"

#include <stdint.h>

QOE_TEST(slab_objects_aligned_zeroed_and_reused)
{
	struct qoe_slab s;
	u8 *a, *b, *c;

	QOE_EXPECT_EQ(qoe_slab_init(&s, 100), -EINVAL);	/* not 64-byte */
	QOE_EXPECT_EQ(qoe_slab_init(&s, 256), 0);
	a = qoe_slab_alloc(&s);
	b = qoe_slab_alloc(&s);
	QOE_EXPECT(a && b && a != b);
	if (!a || !b)
		return;
	QOE_EXPECT_EQ((uintptr_t)a % QOE_SLAB_ALIGN, 0);
	QOE_EXPECT_EQ((uintptr_t)b % QOE_SLAB_ALIGN, 0);
	memset(a, 0xa5, 256);
	qoe_slab_free(&s, a);
	c = qoe_slab_alloc(&s);		/* the freed one comes back ... */
	QOE_EXPECT(c == a);
	for (int i = 0; i < 256; i++)	/* ... zeroed */
		if (c[i]) {
			QOE_FAIL("byte %d of a reused object is %#x", i, c[i]);
			break;
		}
	QOE_EXPECT_EQ(s.in_use, 2);
	qoe_slab_free(&s, b);
	qoe_slab_free(&s, c);
	QOE_EXPECT_EQ(s.in_use, 0);
	qoe_slab_fini(&s);
}

/* Past several chunks (64 KiB doubling to 2 MiB): all distinct, usable. */
QOE_TEST(slab_grows_across_chunks)
{
	enum { N = 20000 };
	static u8 *obj[N];
	struct qoe_slab s;
	u32 bad = 0;

	QOE_EXPECT_EQ(qoe_slab_init(&s, 1024), 0);
	for (u32 i = 0; i < N; i++) {
		obj[i] = qoe_slab_alloc(&s);
		if (!obj[i]) {
			QOE_FAIL("object %u of %u: no memory", i, (u32)N);
			return;
		}
		memset(obj[i], (int)(i & 0xff), 1024);
	}
	for (u32 i = 0; i < N; i++)
		bad += obj[i][0] != (u8)i || obj[i][1023] != (u8)i;
	QOE_EXPECT_EQ(bad, 0);
	QOE_EXPECT_EQ(s.in_use, N);
	qoe_slab_fini(&s);
}
