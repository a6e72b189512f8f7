// Package stats holds the few order statistics the devnet, the load
// generator and the benchmarks report, so that each reads a quantile the
// same way.
package stats

import (
	"slices"
	"time"
)

// Quantile of sorted xs (0 when empty): the element at q of the way, not
// interpolated.
func Quantile[T int64 | uint64 | float64 | time.Duration](sorted []T, q float64) T {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// Median of xs in any order, the mean of the two middle ones for an even
// count (0 when empty).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Ms is d in milliseconds, to the microsecond.
func Ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
