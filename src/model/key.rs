//! 128-bit keys of identities and de-duplication values (pre-hashed map keys).

use std::hash::BuildHasher;

use foldhash::fast::FixedState;

/// [`key128`] of a byte string, in one pass (XXH3-128, seeded with `salt`): the key
/// of every row's identity and external id.
#[inline]
pub(crate) fn key128_bytes(salt: u64, v: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128_with_seed(v, salt)
}

/// A 128-bit de-duplication key of `v`: two independently seeded 64-bit hashes, so
/// that a collision between distinct keys is negligible even over 10⁸ rows. `salt`
/// keeps the key spaces of different uses apart.
pub(crate) fn key128(salt: u64, v: impl std::hash::Hash) -> u128 {
    let a = FixedState::with_seed(salt ^ 0x5eed_0001).hash_one(&v);
    let b = FixedState::with_seed(salt ^ 0x5eed_0002).hash_one(&v);
    ((a as u128) << 64) | b as u128
}
