// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The device's event ring.  A full ring loses an event and counts it: the
 * oldest phase flip (the host can poll cur_phase), else the new event if it
 * is a flip; only a ring full of limit and error events gives up the oldest
 * of those, whose state stays pollable in FLOW_QUERY.
 */
#include "engine_priv.h"

int qoe_events_init(struct qoe_engine *e, u32 size)
{
	e->events = qoe_zalloc(sizeof(*e->events) * size);
	if (!e->events)
		return -ENOMEM;
	e->ev_size = size;
	return 0;
}

void qoe_events_fini(struct qoe_engine *e)
{
	qoe_free(e->events);
	e->events = NULL;
}

void qoe_event_post(struct qoe_engine *e, u16 type, u32 handle, u8 phase,
		    u64 value)
{
	struct qoe_event *ev;

	if (e->ev_count == e->ev_size) {
		u32 k, m;

		e->stats[QOE_STAT_EVENTS_LOST]++;
		for (k = 0; k < e->ev_count; k++)
			if (le16_to_cpu(e->events[(e->ev_head + k) % e->ev_size].type)
			    == QOE_EV_KEY_PHASE_FLIP)
				break;
		if (k == e->ev_count && type == QOE_EV_KEY_PHASE_FLIP)
			return;
		if (k == e->ev_count)
			k = 0;
		for (m = k; m + 1 < e->ev_count; m++)
			e->events[(e->ev_head + m) % e->ev_size] =
				e->events[(e->ev_head + m + 1) % e->ev_size];
		e->ev_count--;
	}
	ev = &e->events[(e->ev_head + e->ev_count) % e->ev_size];
	ev->type = cpu_to_le16(type);
	ev->phase = phase;
	ev->rsvd = 0;
	ev->handle = cpu_to_le32(handle);
	ev->value = cpu_to_le64(value);
	e->ev_count++;
}

bool qoe_engine_event_pop(struct qoe_engine *e, struct qoe_event *ev)
{
	if (!e->ev_count)
		return false;
	*ev = e->events[e->ev_head];
	e->ev_head = (e->ev_head + 1) % e->ev_size;
	e->ev_count--;
	return true;
}
