// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Packet-number expansion (RFC 9000 A.3) and encoding. */
#include "engine_util.h"
#include "../../firmware-if/engine_priv.h"

QOE_TEST(pn_rfc9000_example)
{
	/* RFC 9000 A.3: largest 0xa82f30ea, 2-byte 0x9b32 -> 0xa82f9b32 */
	QOE_EXPECT_EQ(qoe_pn_decode(0xa82f30ea, 0x9b32, 2), 0xa82f9b32);
}

QOE_TEST(pn_first_packet)
{
	QOE_EXPECT_EQ(qoe_pn_decode(QOE_PN_NONE, 0, 1), 0);
	QOE_EXPECT_EQ(qoe_pn_decode(QOE_PN_NONE, 5, 1), 5);
	QOE_EXPECT_EQ(qoe_pn_decode(QOE_PN_NONE, 0xff, 1), 0xff);
}

QOE_TEST(pn_window_edges)
{
	/* just past a 1-byte boundary going up */
	QOE_EXPECT_EQ(qoe_pn_decode(0xff, 0x00, 1), 0x100);
	QOE_EXPECT_EQ(qoe_pn_decode(0x1fe, 0x01, 1), 0x201);
	/* reordered: a bit older than largest stays in the same epoch */
	QOE_EXPECT_EQ(qoe_pn_decode(0x205, 0xfe, 1), 0x1fe);
	/* exactly half a window ahead / behind */
	QOE_EXPECT_EQ(qoe_pn_decode(0x17f, 0x00, 1), 0x200);
	QOE_EXPECT_EQ(qoe_pn_decode(0x100, 0x81, 1), 0x181);
	QOE_EXPECT_EQ(qoe_pn_decode(0x100, 0x82, 1), 0x82);
	QOE_EXPECT_EQ(qoe_pn_decode(654360563, 0xbff4, 2), 654360564);
	QOE_EXPECT_EQ(qoe_pn_decode(654360563, 0x00bff4, 3), 654360564);
}

QOE_TEST(pn_near_2_62_does_not_overflow)
{
	u64 max = QOE_PN_MAX;

	/* no candidate may exceed 2^62 - 1 */
	QOE_EXPECT_EQ(qoe_pn_decode(max - 1, max & 0xff, 1), max);
	QOE_EXPECT(qoe_pn_decode(max - 1, 0x00, 1) <= max);
	QOE_EXPECT_EQ(qoe_pn_decode(max - 1, (max - 2) & 0xffffffff, 4),
		      max - 2);
}

QOE_TEST(pn_roundtrip_all_lengths)
{
	u8 b[4];

	for (u8 len = 1; len <= 4; len++) {
		u64 largest = 0x123456789ULL;
		u64 win = 1ULL << (8 * len - 1);

		for (u64 d = 1; d < win && d < 5000; d += 7) {
			u64 pn = largest + d;

			qoe_pn_write(b, pn, len);
			QOE_EXPECT_EQ(qoe_pn_decode(largest,
						    qoe_pn_read(b, len), len),
				      pn);
		}
	}
}

QOE_TEST(pn_past_2_62_decodes_to_none)
{
	u64 max = QOE_PN_MAX;

	/* after the last PN there is none: QOE_PN_NONE, never 2^62 */
	QOE_EXPECT_EQ(qoe_pn_decode(max, 0x00, 1), QOE_PN_NONE);
	QOE_EXPECT_EQ(qoe_pn_decode(max, 0x0000, 2), QOE_PN_NONE);
	QOE_EXPECT_EQ(qoe_pn_decode(max, 0xff, 1), max);
	for (u8 len = 1; len <= 4; len++)
		for (u64 t = 0; t < 300; t++) {
			u64 pn = qoe_pn_decode(max - 3, t, len);

			QOE_EXPECT(pn <= max || pn == QOE_PN_NONE);
		}
	QOE_EXPECT(qoe_pn_range_ok(max, 1));
	QOE_EXPECT(qoe_pn_range_ok(max - 1, 2));
	QOE_EXPECT(!qoe_pn_range_ok(max, 2));
	QOE_EXPECT(!qoe_pn_range_ok(~0ULL, 2));
	QOE_EXPECT(!qoe_pn_range_ok(0, 0));
}
