// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/quic_offload.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "quic_offload_nl_gen.h"

#include <uapi/linux/quic_offload.h>

/* QUIC_OFFLOAD_CMD_DEV_GET - do */
static const struct nla_policy quic_offload_dev_get_nl_policy[QUIC_OFFLOAD_A_DEV_IFINDEX + 1] = {
	[QUIC_OFFLOAD_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* QUIC_OFFLOAD_CMD_FLOW_GET - do */
static const struct nla_policy quic_offload_flow_get_do_nl_policy[QUIC_OFFLOAD_A_FLOW_HANDLE + 1] = {
	[QUIC_OFFLOAD_A_FLOW_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[QUIC_OFFLOAD_A_FLOW_HANDLE] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* QUIC_OFFLOAD_CMD_FLOW_GET - dump */
static const struct nla_policy quic_offload_flow_get_dump_nl_policy[QUIC_OFFLOAD_A_FLOW_IFINDEX + 1] = {
	[QUIC_OFFLOAD_A_FLOW_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* QUIC_OFFLOAD_CMD_FLOW_ADD - do */
static const struct nla_policy quic_offload_flow_add_nl_policy[QUIC_OFFLOAD_A_FLOW_HP_KEY + 1] = {
	[QUIC_OFFLOAD_A_FLOW_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[QUIC_OFFLOAD_A_FLOW_DIR] = NLA_POLICY_MAX(NLA_U8, 1),
	[QUIC_OFFLOAD_A_FLOW_CIPHER] = NLA_POLICY_RANGE(NLA_U8, 1, 4),
	[QUIC_OFFLOAD_A_FLOW_FAMILY] = { .type = NLA_U16, },
	[QUIC_OFFLOAD_A_FLOW_CID] = { .type = NLA_BINARY, },
	[QUIC_OFFLOAD_A_FLOW_LOCAL_ADDR] = { .type = NLA_BINARY, },
	[QUIC_OFFLOAD_A_FLOW_REMOTE_ADDR] = { .type = NLA_BINARY, },
	[QUIC_OFFLOAD_A_FLOW_LOCAL_PORT] = { .type = NLA_U16, },
	[QUIC_OFFLOAD_A_FLOW_REMOTE_PORT] = { .type = NLA_U16, },
	[QUIC_OFFLOAD_A_FLOW_PN] = { .type = NLA_UINT, },
	[QUIC_OFFLOAD_A_FLOW_KEY_PHASE] = NLA_POLICY_MAX(NLA_U8, 1),
	[QUIC_OFFLOAD_A_FLOW_FAIL_ACTION] = NLA_POLICY_MAX(NLA_U8, 1),
	[QUIC_OFFLOAD_A_FLOW_KEY] = { .type = NLA_BINARY, },
	[QUIC_OFFLOAD_A_FLOW_IV] = NLA_POLICY_EXACT_LEN(QUIC_OFFLOAD_IV_LEN),
	[QUIC_OFFLOAD_A_FLOW_HP_KEY] = { .type = NLA_BINARY, },
};

/* QUIC_OFFLOAD_CMD_FLOW_DEL - do */
static const struct nla_policy quic_offload_flow_del_nl_policy[QUIC_OFFLOAD_A_FLOW_HANDLE + 1] = {
	[QUIC_OFFLOAD_A_FLOW_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[QUIC_OFFLOAD_A_FLOW_HANDLE] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* QUIC_OFFLOAD_CMD_KEY_INSTALL - do */
static const struct nla_policy quic_offload_key_install_nl_policy[QUIC_OFFLOAD_A_FLOW_IV + 1] = {
	[QUIC_OFFLOAD_A_FLOW_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[QUIC_OFFLOAD_A_FLOW_HANDLE] = NLA_POLICY_MIN(NLA_U32, 1),
	[QUIC_OFFLOAD_A_FLOW_KEY_PHASE] = NLA_POLICY_MAX(NLA_U8, 1),
	[QUIC_OFFLOAD_A_FLOW_KEY] = { .type = NLA_BINARY, },
	[QUIC_OFFLOAD_A_FLOW_IV] = NLA_POLICY_EXACT_LEN(QUIC_OFFLOAD_IV_LEN),
};

/* Ops table for quic_offload */
const struct genl_split_ops quic_offload_nl_ops[7] = {
	{
		.cmd		= QUIC_OFFLOAD_CMD_DEV_GET,
		.doit		= quic_offload_nl_dev_get_doit,
		.policy		= quic_offload_dev_get_nl_policy,
		.maxattr	= QUIC_OFFLOAD_A_DEV_IFINDEX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= QUIC_OFFLOAD_CMD_DEV_GET,
		.dumpit	= quic_offload_nl_dev_get_dumpit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= QUIC_OFFLOAD_CMD_FLOW_GET,
		.doit		= quic_offload_nl_flow_get_doit,
		.policy		= quic_offload_flow_get_do_nl_policy,
		.maxattr	= QUIC_OFFLOAD_A_FLOW_HANDLE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= QUIC_OFFLOAD_CMD_FLOW_GET,
		.dumpit		= quic_offload_nl_flow_get_dumpit,
		.policy		= quic_offload_flow_get_dump_nl_policy,
		.maxattr	= QUIC_OFFLOAD_A_FLOW_IFINDEX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= QUIC_OFFLOAD_CMD_FLOW_ADD,
		.doit		= quic_offload_nl_flow_add_doit,
		.policy		= quic_offload_flow_add_nl_policy,
		.maxattr	= QUIC_OFFLOAD_A_FLOW_HP_KEY,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= QUIC_OFFLOAD_CMD_FLOW_DEL,
		.doit		= quic_offload_nl_flow_del_doit,
		.policy		= quic_offload_flow_del_nl_policy,
		.maxattr	= QUIC_OFFLOAD_A_FLOW_HANDLE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= QUIC_OFFLOAD_CMD_KEY_INSTALL,
		.doit		= quic_offload_nl_key_install_doit,
		.policy		= quic_offload_key_install_nl_policy,
		.maxattr	= QUIC_OFFLOAD_A_FLOW_IV,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group quic_offload_nl_mcgrps[] = {
	[QUIC_OFFLOAD_NLGRP_EVENTS] = { "events", },
};
