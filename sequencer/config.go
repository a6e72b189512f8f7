package sequencer

import "time"

// MempoolConfig bounds the pending set.
type MempoolConfig struct {
	// MaxTxs and MaxBytes bound pending transactions; a full mempool answers
	// 429 rather than growing without limit.
	MaxTxs   int
	MaxBytes int
	// MaxDeferrals: a transaction left out this many batches in a row
	// because an earlier nonce is missing is dropped as a nonce gap.
	MaxDeferrals int
}

// BatcherConfig sets the hybrid trigger.
type BatcherConfig struct {
	// MaxTxs and MaxBytes close a batch as soon as they are reached.
	MaxTxs   int
	MaxBytes int
	// Interval closes a batch that has waited this long since its first
	// transaction arrived, however small.
	Interval time.Duration
	// AllowEmpty proposes an empty batch when Interval passes with nothing
	// pending (a heartbeat on the chain); off by default.
	AllowEmpty bool
	// FlushOnStart closes a leadership's first batch as soon as anything is
	// pending. What reaches a new leader first has already waited out the
	// election at a forwarder, so holding it for Interval as well only
	// lengthens the failover its clients see.
	FlushOnStart bool
}
