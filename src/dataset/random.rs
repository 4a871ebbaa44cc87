//! Seeded randomness: one independent ChaCha8 stream per record, so record `i` is the same
//! whether the run makes ten records or a million, and records can be made in any order.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a stream is for; part of the key, so a listing and a sale with the same index do not
/// share randomness.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub(crate) enum Domain {
    Listing = 1,
    Photo = 2,
    Sale = 3,
    Seller = 4,
    LinkedSale = 5,
}

/// The stream for record `index` of `domain` under `seed`.
pub(crate) fn stream(seed: u64, domain: Domain, index: u64) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&(domain as u64).to_le_bytes());
    // A fixed tag keeps these keys apart from any other use of the same seed.
    key[16..24].copy_from_slice(b"dalil-ds");
    let mut rng = ChaCha8Rng::from_seed(key);
    rng.set_stream(index);
    rng
}

/// A standard normal draw (Box-Muller); `rand_distr` is not a dependency.
pub(crate) fn normal<R: Rng>(rng: &mut R) -> f64 {
    let u1: f64 = 1.0 - rng.r#gen::<f64>();
    let u2: f64 = rng.r#gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Picks an index with the given weights.
pub(crate) fn weighted<R: Rng>(rng: &mut R, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.r#gen::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len().saturating_sub(1)
}

/// Picks an index among `n` with geometrically falling weights: the first option (the reference
/// variant, the classic colour) is the most common, as on a real shelf.
pub(crate) fn front_loaded<R: Rng>(rng: &mut R, n: usize, ratio: f64) -> usize {
    if n <= 1 {
        return 0;
    }
    let weights: Vec<f64> = (0..n).map(|i| ratio.powi(i as i32)).collect();
    weighted(rng, &weights)
}

/// A uniformly chosen element (cloned: the tables hold `&str`s, so this is a copy).
pub(crate) fn choose<R: Rng, T: Clone>(rng: &mut R, items: &[T]) -> T {
    items[rng.gen_range(0..items.len())].clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: u64 = stream(7, Domain::Listing, 3).r#gen();
        let b: u64 = stream(7, Domain::Listing, 3).r#gen();
        let c: u64 = stream(7, Domain::Listing, 4).r#gen();
        let d: u64 = stream(7, Domain::Sale, 3).r#gen();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }
}
