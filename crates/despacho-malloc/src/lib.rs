//! Keeps glibc's allocator from holding on to freed memory in the app process (issue 9).
//!
//! glibc serves an allocation of `M_MMAP_THRESHOLD` bytes or more with its own mapping, returned
//! to the system when freed. The threshold is dynamic: freeing such a mapping raises it to the
//! mapping's size (up to 32 MiB), and the heap's trim threshold to twice that. Signing in frees
//! a 19 MiB Argon2 work area, so afterwards every buffer under 19 MiB (the desk's query results,
//! the UI's decompressed files, a PDF) comes from the heap, and up to 38 MiB freed at its top
//! stay there: measured on the desk with the ten-year store, the app process held 12–17 MiB it no
//! longer used. Setting the threshold explicitly turns the dynamic adjustment off (mallopt(3)).
//!
//! This is the product's only unsafe code: one call of a C function with two integers (the
//! crate denies unsafe code everywhere else: `[lints]` in its Cargo.toml).

/// Allocations of this size or more get their own mapping, returned to the system when freed.
pub const MMAP_THRESHOLD: usize = 256 * 1024;

/// Fixes glibc's mmap threshold at [`MMAP_THRESHOLD`] (which also fixes the trim threshold at
/// its default, 128 KiB). Call once, first thing in `main`. Returns whether the allocator took
/// the setting: false where the allocator is not glibc's (nothing to do there).
pub fn bound_retention() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt(3) only changes the allocator's parameters under its own lock; it is
        // safe to call at any time, from any thread, and takes no pointers.
        #[allow(unsafe_code)]
        let accepted =
            unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int) };
        accepted == 1
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}
