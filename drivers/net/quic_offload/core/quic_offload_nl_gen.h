/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/quic_offload.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_QUIC_OFFLOAD_GEN_H
#define _LINUX_QUIC_OFFLOAD_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/quic_offload.h>

/* Ops table for quic_offload */
extern const struct genl_split_ops quic_offload_nl_ops[7];

int quic_offload_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int quic_offload_nl_dev_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb);
int quic_offload_nl_flow_get_doit(struct sk_buff *skb, struct genl_info *info);
int quic_offload_nl_flow_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb);
int quic_offload_nl_flow_add_doit(struct sk_buff *skb, struct genl_info *info);
int quic_offload_nl_flow_del_doit(struct sk_buff *skb, struct genl_info *info);
int quic_offload_nl_key_install_doit(struct sk_buff *skb,
				     struct genl_info *info);

enum {
	QUIC_OFFLOAD_NLGRP_EVENTS,
};

#endif /* _LINUX_QUIC_OFFLOAD_GEN_H */
