/*
 * The network process's sandbox. See sandbox.h.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <grp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "sandbox.h"

/*
 * The network process's sandbox, against a process that a peer's bytes
 * may have taken over. A deny-list, not an allow-list: notify_exec runs
 * any program, and what GnuTLS, SQLite and libcurl call varies by
 * version; what no part of the daemon needs, and what would turn a
 * foothold into more (another process's memory, a kernel module, new
 * privileges, a namespace of its own), fails with EPERM, as a call the
 * kernel refuses: a library that probes goes on, a process that tries
 * logs and fails, nothing dies of an optional call. clone3 answers
 * ENOSYS, so that the C library falls back to clone, whose flags the
 * filter can read: a clone into new namespaces is refused.
 */
#if defined(__x86_64__)
#define SECCOMP_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SECCOMP_ARCH	AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define SECCOMP_ARCH	AUDIT_ARCH_I386
#endif

#ifdef SECCOMP_ARCH
static const int denied[] = {
#ifndef SANDBOX_SANITIZED
	SYS_ptrace,
#endif
	SYS_process_vm_readv, SYS_process_vm_writev,
	SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot,
	SYS_kexec_load,
#ifdef SYS_kexec_file_load
	SYS_kexec_file_load,
#endif
	SYS_init_module, SYS_finit_module, SYS_delete_module,
	SYS_bpf, SYS_perf_event_open,
	SYS_setuid, SYS_setgid, SYS_setreuid, SYS_setregid,
	SYS_setresuid, SYS_setresgid, SYS_setfsuid, SYS_setfsgid,
	SYS_setgroups, SYS_capset,
	SYS_keyctl, SYS_add_key, SYS_request_key,
	SYS_unshare, SYS_setns, SYS_userfaultfd,
	SYS_open_by_handle_at, SYS_reboot, SYS_swapon, SYS_swapoff,
	SYS_acct, SYS_quotactl,
#ifdef SYS_io_uring_setup
	SYS_io_uring_setup,
#endif
#ifdef SYS_fsopen
	SYS_fsopen, SYS_fsmount, SYS_fspick, SYS_move_mount,
	SYS_open_tree,
#endif
#ifdef SYS_iopl
	SYS_iopl, SYS_ioperm,
#endif
};
#endif

static int
sandbox_seccomp(void)
{
#ifdef SECCOMP_ARCH
	struct sock_filter f[sizeof(denied) / sizeof(denied[0]) * 2 + 16];
	struct sock_fprog prog;
	const uint32_t newns = 0x00020000 | 0x02000000 | 0x04000000 |
	    0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;
	size_t k = 0;

	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    SECCOMP_ARCH, 1, 0);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_KILL_PROCESS);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
#ifdef __x86_64__
	/* The x32 ABI's numbers would slip past the list. */
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
	    0x40000000, 0, 1);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ERRNO | EPERM);
#endif
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
		    BPF_K, (uint32_t)denied[i], 0, 1);
		f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		    SECCOMP_RET_ERRNO | EPERM);
	}
#ifdef SYS_clone3
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    SYS_clone3, 0, 1);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ERRNO | ENOSYS);
#endif
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    SYS_clone, 0, 3);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, args[0]) +
	    (BYTE_ORDER == BIG_ENDIAN ? 4 : 0));
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
	    newns, 0, 1);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ERRNO | EPERM);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)k;
	prog.filter = f;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0 ?
	    0 : HL_EIO;
#else
	return HL_EIO;	/* an architecture we have no numbers for */
#endif
}

/* Every capability gone: bounding, ambient, and the process's own. */
static int
drop_capabilities(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct c[2];

	for (int cap = 0; cap < 64; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 &&
		    errno == EINVAL)
			break;
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	memset(c, 0, sizeof(c));
	return syscall(SYS_capset, &h, c) == 0 ? 0 : HL_EIO;
}

/*
 * Started as root: the network process becomes the data directory's
 * owner; on a directory root owns it stays uid 0 without a single
 * capability (it owns the files, so it needs none to use them). Today
 * node_check_modes() refuses root a directory another user owns, as it
 * does every user, so the first case waits for a daemon that takes one.
 */
static int
drop_privileges(const char *dir, struct hl_diag *d)
{
	struct stat sb;

	if (geteuid() != 0)
		return 0;
	if (stat(dir, &sb) != 0)
		return hl_diag_set(d, HL_EIO, dir, "%s", strerror(errno));
	if (sb.st_uid != 0) {
		gid_t g = sb.st_gid;

		if (setgroups(1, &g) != 0 ||
		    setresgid(sb.st_gid, sb.st_gid, sb.st_gid) != 0 ||
		    setresuid(sb.st_uid, sb.st_uid, sb.st_uid) != 0 ||
		    setuid(0) == 0)
			return hl_diag_set(d, HL_EIO, NULL, "cannot become "
			    "uid=%lu gid=%lu, the owner of %s: %s",
			    (unsigned long)sb.st_uid, (unsigned long)sb.st_gid,
			    dir, strerror(errno));
		return 0;
	}
	if (drop_capabilities() != 0)
		return hl_diag_set(d, HL_EIO, NULL, "cannot drop the "
		    "capabilities: %s", strerror(errno));
	return 0;
}

int
sandbox_enter(const char *dir, struct hl_diag *d)
{
	if (drop_privileges(dir, d) != 0)
		return HL_EIO;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return hl_diag_set(d, HL_EIO, NULL, "cannot set no new "
		    "privileges: %s", strerror(errno));
	if (sandbox_seccomp() != 0)
		return hl_diag_set(d, HL_EIO, NULL, "cannot install the "
		    "seccomp filter: %s", strerror(errno));
	return 0;
}
