// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The checksum hook: every implementation this CPU runs against RFC 1071
 * summed one big-endian word at a time, over lengths, alignments, starting
 * sums and sizes past the wide versions' 64 KiB chunks.
 */
#include "engine_util.h"

#include <stdlib.h>

/* RFC 1071 over @len bytes at @p, big-endian words, plus @start. */
static u16 ref_fold(const u8 *p, size_t len, u64 start)
{
	u64 s = start;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (u32)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (u32)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)s;
}

/* A partial sum as the engine keeps it (memory order), folded big-endian. */
static u16 hook_fold(u32 sum)
{
	u16 r;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	r = (u16)sum;
	return be16_to_cpu((__force __be16)r);
}

/* @start in the hook's convention: a big-endian word read natively */
static u32 native_word(u16 v)
{
	return (__force u16)cpu_to_be16(v);
}

static void check_impl(const struct qoe_csum_impl *c, const u8 *buf,
		       size_t len, u16 start)
{
	u16 want = ref_fold(buf, len, start);
	u16 got = hook_fold(c->fn(buf, (u32)len, native_word(start)));

	/* 0x0000 and 0xffff are the same one's complement number */
	if (got != want && !((got == 0 || got == 0xffff) &&
			     (want == 0 || want == 0xffff)))
		QOE_FAIL("%s: %zu bytes at %p, start %#x: sum %#06x, RFC 1071 %#06x",
			 c->name, len, (const void *)buf, start, got, want);
}

QOE_TEST(csum_every_impl_matches_rfc1071)
{
	static u8 buf[4096 + 64];
	const struct qoe_csum_impl *impl;
	u64 rng = 0x1071;
	u32 n;

	for (size_t i = 0; i < sizeof(buf); i++) {
		rng = rng * 6364136223846793005ULL + 1;
		buf[i] = (u8)(rng >> 56);
	}
	impl = qoe_csum_impl_list(&n);
	QOE_EXPECT(n >= 1);
	for (u32 k = 0; k < n; k++) {
		for (size_t len = 0; len <= 700; len++)
			check_impl(&impl[k], buf + (len % 64), len, (u16)len);
		check_impl(&impl[k], buf + 3, 4096, 0xffff);
		check_impl(&impl[k], buf, 1358, 0);
	}
}

/* Words of 0xffff everywhere: the lanes' worst case, past 64 KiB chunks. */
QOE_TEST(csum_large_and_saturated)
{
	size_t len = 3 * 65536 + 77;
	u8 *big = malloc(len + 1);
	const struct qoe_csum_impl *impl;
	u32 n;

	QOE_EXPECT(big != NULL);
	if (!big)
		return;
	impl = qoe_csum_impl_list(&n);
	for (int fill = 0; fill < 3; fill++) {
		memset(big, fill == 0 ? 0xff : fill == 1 ? 0x80 : 0x00, len + 1);
		for (u32 k = 0; k < n; k++) {
			check_impl(&impl[k], big, len, 0xffff);
			check_impl(&impl[k], big + 1, len, 0);
		}
	}
	free(big);
}

/* The one in use is one of them, and the sums agree with it. */
QOE_TEST(csum_hook_uses_a_listed_impl)
{
	const struct qoe_csum_impl *impl;
	const char *name = qoe_csum_impl_name();
	u8 pkt[1500];
	bool found = false;
	u32 n;

	impl = qoe_csum_impl_list(&n);
	for (u32 k = 0; k < n; k++)
		found |= !strcmp(impl[k].name, name);
	if (!found)
		QOE_FAIL("qoe_csum_impl_name() says %s, not one this CPU runs", name);
	for (size_t i = 0; i < sizeof(pkt); i++)
		pkt[i] = (u8)(i * 31 + 7);
	QOE_EXPECT_EQ(hook_fold(qoe_csum_partial(pkt, sizeof(pkt), 0)),
		      ref_fold(pkt, sizeof(pkt), 0));
	/* the inline path for headers, every length and alignment up to it */
	for (u32 len = 0; len <= 80; len++)
		for (u32 at = 0; at < 4; at++)
			if (hook_fold(qoe_csum_partial(pkt + at, len, native_word(0x1234))) !=
			    ref_fold(pkt + at, len, 0x1234))
				QOE_FAIL("qoe_csum_partial: %u bytes at +%u differ from RFC 1071",
					 len, at);
}
