//! A small deterministic random-number generator (xorshift64*) for the generated ten-year office
//! (`generate`), the CLI's torture run and the seeded tests: the same seed gives the same
//! sequence on every machine and every version, with no dependency. Not for anything secret.

/// xorshift64* (Vigna, 2016), its state seeded through a multiplication by the golden ratio.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A position in a slice of `len` items (`0` when it is empty).
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// One of `xs` (which must not be empty).
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.index(xs.len())]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn the_same_seed_gives_the_same_sequence_and_it_does_not_change() {
        let first: Vec<u64> = {
            let mut r = Rng::new(1);
            (0..3).map(|_| r.next_u64()).collect()
        };
        let mut again = Rng::new(1);
        assert_eq!(first, (0..3).map(|_| again.next_u64()).collect::<Vec<_>>());
        // Pinned: `despacho-cli generate --seed 1` (and the figures measured on it) depend on it.
        assert_eq!(first, PINNED);
        let mut other = Rng::new(2);
        assert_ne!(first[0], other.next_u64());
    }

    const PINNED: [u64; 3] = [
        973_819_730_272_012_410,
        6_108_091_081_255_984_487,
        12_125_365_036_566_318_712,
    ];

    #[test]
    fn ranges_hold() {
        let mut r = Rng::new(7);
        for _ in 0..10_000 {
            assert!(r.below(13) < 13);
            assert!(r.index(5) < 5);
        }
        assert_eq!(r.below(0), 0);
        assert_eq!(r.index(0), 0);
        let xs = ["a", "b", "c"];
        assert!(xs.contains(r.pick(&xs)));
        assert!((0..1000).all(|_| !r.chance(0)));
        assert!((0..1000).all(|_| r.chance(100)));
        let hits = (0..10_000).filter(|_| r.chance(30)).count();
        assert!((2_500..3_500).contains(&hits), "{hits} of 10,000 at 30 %");
    }
}
