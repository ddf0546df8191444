# The dynamically linked samples (hello_dyn, and cxx_dyn with its own libcxx_dyn.so) with
# ld-linux-aarch64.so.1, libc.so.6 and libstdc++.so.6 from Debian's arm64 packages instead of
# the cross sysroot. check.sh is given the samples' directory in POLYRUN_SAMPLES_DIR.
# packages: libc6 libstdc++6
# reference: qemu
[ -n "$samples" ] || { echo "dyn_samples: POLYRUN_SAMPLES_DIR is not set" >&2; exit 2; }
[ -x "$samples/cxx_dyn" ] || { echo "dyn_samples: $samples/cxx_dyn is not built (no aarch64 cross compiler?)" >&2; exit 2; }
run "$samples/hello_dyn"
run "$samples/cxx_dyn"
run "$samples/hello_dyn" extra arguments
