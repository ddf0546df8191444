# Sourced by the userland tests: they need root and a writable binfmt_misc, mounted here (as
# systemd mounts it) where it is not yet. Otherwise the test ends with status 77 (a skip) and
# says why: not root, or a container that cannot mount or write it.
#   . binfmt-ready.sh NAME   (NAME: the test's, for the message); sets bm to the directory
bm=/proc/sys/fs/binfmt_misc
binfmt_skip() {
  echo "$1: $2: not tested" >&2
  exit 77
}
[ "$(id -u)" = 0 ] || binfmt_skip "$1" "not root: binfmt_misc registrations and chroot need root"
[ -e $bm/register ] || mount -t binfmt_misc binfmt_misc $bm 2>/dev/null || binfmt_skip "$1" "binfmt_misc cannot be mounted here"
[ -w $bm/register ] || binfmt_skip "$1" "binfmt_misc's register is not writable here"
