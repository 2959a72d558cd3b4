extension RandomAccessCollection {
    /// The index of the first element for which `isAtOrPast` holds, in a collection where it holds
    /// for a suffix (a sorted array and a "≥ x" test): a binary search, `endIndex` when none.
    ///
    /// Written here because the standard library has no partition-point search and
    /// swift-algorithms is not among the project's dependencies.
    func partitioningIndex(where isAtOrPast: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if isAtOrPast(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
