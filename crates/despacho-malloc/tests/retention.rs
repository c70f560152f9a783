//! After a large buffer is freed (signing in frees Argon2's 19 MiB), medium buffers freed later
//! go back to the system: the resident size returns to where it was. Without `bound_retention`
//! glibc raises its mmap threshold to 19 MiB on the first free, serves the medium buffers from
//! the heap and keeps them (this test then fails: ~24 MiB stay resident).
#![cfg(all(target_os = "linux", target_env = "gnu"))]

/// Resident pages of this process (`/proc/self/statm`, field 2), in KiB.
fn resident_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4
}

/// A buffer of `len` bytes, every page written (so that it is resident).
fn touched(len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    for i in (0..len).step_by(4096) {
        v[i] = (i % 251) as u8 + 1;
    }
    std::hint::black_box(v)
}

#[test]
fn medium_buffers_freed_after_a_large_one_leave_no_resident_memory() {
    assert!(
        despacho_malloc::bound_retention(),
        "glibc refused the mmap threshold"
    );
    // The Argon2 work area of a sign-in: allocated, used, freed.
    drop(touched(19 * 1024 * 1024));
    let before = resident_kib();
    // Then 24 buffers of 1 MiB (above the threshold, far below 19 MiB), all alive at once, freed.
    let buffers: Vec<Vec<u8>> = (0..24).map(|_| touched(1024 * 1024)).collect();
    let during = resident_kib();
    drop(buffers);
    let after = resident_kib();
    assert!(
        during >= before + 20 * 1024,
        "the buffers were not resident: {before} → {during} KiB"
    );
    assert!(
        after < before + 4 * 1024,
        "freed buffers stayed resident: {before} KiB before, {during} during, {after} after"
    );
}
