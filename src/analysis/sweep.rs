//! Sweeps split across machines: a sweep's work items are its (point,
//! replication) pairs. The grid itself (`--set` parsing and every point
//! checked) is `scenario::grid`.

use crate::scenario::grid::Point;

/// The work items of a sweep split across machines are its (point,
/// replication) pairs, numbered point-major: point `p`'s replication `r` is
/// item `first[p] + r`. Returns `first` for every point and the number of
/// items (the sum of the points' replications).
pub fn first_items(points: &[Point]) -> (Vec<u64>, u64) {
    let mut first = Vec::with_capacity(points.len());
    let mut total = 0u64;
    for p in points {
        first.push(total);
        total += u64::from(p.scenario.replications);
    }
    (first, total)
}

/// The point and replication of item `item`, the items being numbered
/// point-major (`first` is from `first_items`); a point without
/// replications owns no item.
pub fn point_of_item(first: &[u64], item: u64) -> (usize, u32) {
    // The last point starting at or before the item.
    let point = first.partition_point(|&f| f <= item).saturating_sub(1);
    (point, (item - first[point]) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_numbered_point_major_and_located_by_point() {
        let first = [0, 2, 3, 3, 6]; // replications 2, 1, 0, 3 and 2: 8 items
        let all: Vec<_> = (0..8).map(|item| point_of_item(&first, item)).collect();
        assert_eq!(
            all,
            vec![
                (0, 0),
                (0, 1),
                (1, 0),
                (3, 0),
                (3, 1),
                (3, 2),
                (4, 0),
                (4, 1)
            ]
        );
        // Shard 2 of 3 owns items 1, 4 and 7.
        let shard: Vec<_> = [1, 4, 7].map(|item| point_of_item(&first, item)).to_vec();
        assert_eq!(shard, vec![(0, 1), (3, 1), (4, 1)]);
    }
}
