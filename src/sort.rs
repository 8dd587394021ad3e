//! Sorting with one shared instance of the standard library's sort.
//!
//! `slice::sort*` is generic over the element type and the comparison, so each call site links
//! its own copy of the sort (about 1.5 KB of wasm each; 29 KB for the crate's 20 sorts). Here
//! only the order of indices is sorted, by a non-generic function that compares through a
//! `&dyn Fn`; each call site adds just the small permutation step (README, "Wasm size").
//! The sort is stable and O(n log n), whatever the input (the lists come from DNS answers).

use std::cmp::Ordering;

/// The stable sorted order of `len` items: `order[k]` is the index of the item that goes to
/// position `k`.
fn sorted_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Sorts `items` in place by `compare`, stably.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_order(items.len(), &|a, b| compare(&items[a], &items[b]));
    // position[i]: where the item now at i goes. Each swap puts one item in its place.
    let mut position = vec![0; order.len()];
    for (to, &from) in order.iter().enumerate() {
        position[from] = to;
    }
    for i in 0..items.len() {
        while position[i] != i {
            let to = position[i];
            items.swap(i, to);
            position.swap(i, to);
        }
    }
}

/// Sorts `items` in place, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts `items` in place by `key`, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every permutation of up to 6 items, with repeated keys, sorts exactly as the standard
    /// library's stable sort does (same order of equal keys).
    #[test]
    fn agrees_with_the_standard_stable_sort() {
        fn permutations(n: usize) -> Vec<Vec<usize>> {
            if n == 0 {
                return vec![Vec::new()];
            }
            let mut all = Vec::new();
            for p in permutations(n - 1) {
                for at in 0..=p.len() {
                    let mut q = p.clone();
                    q.insert(at, n - 1);
                    all.push(q);
                }
            }
            all
        }
        for n in 0..=6 {
            for p in permutations(n) {
                // (key, identity): keys repeat, identities tell equal keys apart.
                let items: Vec<(usize, usize)> = p.iter().map(|&v| (v / 2, v)).collect();
                let mut ours = items.clone();
                sort_by_key(&mut ours, |item| item.0);
                let mut expected = items.clone();
                expected.sort_by_key(|item| item.0);
                assert_eq!(ours, expected, "{items:?}");
                let mut whole = items.clone();
                sort(&mut whole);
                let mut whole_expected = items;
                whole_expected.sort();
                assert_eq!(whole, whole_expected);
            }
        }
    }

    #[test]
    fn sorts_by_a_comparison_with_reversed_order() {
        let mut words = vec!["b", "a", "c", "a"];
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["c", "b", "a", "a"]);
        let mut none: Vec<u8> = Vec::new();
        sort(&mut none);
        assert!(none.is_empty());
    }
}
