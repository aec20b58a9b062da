//! A set of 64-bit ids for de-duplication, compact and fast for the ids real exports
//! carry: mostly increasing integers in dense runs (call ids, mailing ids).
//!
//! Ids are grouped by their high 48 bits into blocks of 65,536; a block is a sorted
//! array of its low 16 bits while it holds few ids and a bitmap (8 KiB) once it holds
//! more than 4,096 (the Roaring-bitmap layout). Five million sequential ids take about
//! 640 KiB instead of the ~80 MiB of a hash set, and an insert touches one cached block.

use std::collections::HashMap;

use foldhash::fast::FixedState;

const ARRAY_MAX: usize = 4096;

enum Block {
    Array(Vec<u16>),
    Bits(Box<[u64; 1024]>),
}

#[derive(Default)]
pub(crate) struct IdSet {
    /// Block index in `blocks` by the ids' high 48 bits.
    index: HashMap<u64, usize, FixedState>,
    blocks: Vec<Block>,
    /// The high bits and index of the block of the last insert: sequential ids skip
    /// the hash lookup.
    last: Option<(u64, usize)>,
    len: usize,
}

impl IdSet {
    /// Insert `id`; `true` when it was not there before.
    pub(crate) fn insert(&mut self, id: u64) -> bool {
        let (hi, lo) = (id >> 16, (id & 0xFFFF) as u16);
        let at = match self.last {
            Some((h, at)) if h == hi => at,
            _ => {
                let blocks = &mut self.blocks;
                let at = *self.index.entry(hi).or_insert_with(|| {
                    blocks.push(Block::Array(Vec::new()));
                    blocks.len() - 1
                });
                self.last = Some((hi, at));
                at
            }
        };
        // every index in `index` and `last` points into `blocks`
        let block = &mut self.blocks[at];
        let fresh = match block {
            Block::Array(v) => match v.binary_search(&lo) {
                Ok(_) => false,
                Err(at) => {
                    v.insert(at, lo);
                    if v.len() > ARRAY_MAX {
                        let mut bits = Box::new([0u64; 1024]);
                        for &x in v.iter() {
                            bits[(x >> 6) as usize] |= 1 << (x & 63);
                        }
                        *block = Block::Bits(bits);
                    }
                    true
                }
            },
            Block::Bits(b) => {
                let (w, m) = ((lo >> 6) as usize, 1u64 << (lo & 63));
                let fresh = b[w] & m == 0;
                b[w] |= m;
                fresh
            }
        };
        self.len += usize::from(fresh);
        fresh
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    #[cfg(test)]
    /// Bytes held (approximately), for the memory-bound documentation and tests.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Array(v) => v.capacity() * 2 + 32,
                Block::Bits(_) => 8192 + 32,
            })
            .sum::<usize>()
            + self.index.capacity() * 24
            + self.blocks.capacity() * 24
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn sequential_ids_are_compact() {
        let mut s = IdSet::default();
        for id in 700_000_001..705_000_001u64 {
            assert!(s.insert(id));
        }
        assert!(!s.insert(700_000_001));
        assert!(!s.insert(704_999_999));
        assert!(s.insert(705_000_001));
        assert_eq!(s.len(), 5_000_001);
        assert!(s.heap_bytes() < 1 << 20, "{}", s.heap_bytes());
    }

    proptest! {
        #[test]
        fn behaves_like_a_hash_set(ids in proptest::collection::vec(
            prop_oneof![0u64..20_000, any::<u64>(), 1u64 << 40..(1u64 << 40) + 9000], 0..6000)) {
            let mut a = IdSet::default();
            let mut b = HashSet::new();
            for id in ids {
                prop_assert_eq!(a.insert(id), b.insert(id));
            }
            prop_assert_eq!(a.len(), b.len());
        }
    }
}
