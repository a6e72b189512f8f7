package chaos

import (
	"math"
	"sync"
	"time"
)

// Op is one client operation as the suite records it: what was asked of
// which replica, what it answered, and when, on one monotonic clock.
type Op struct {
	Client  int    `json:"client"`
	Replica string `json:"replica"`
	In      Input  `json:"in"`
	Out     Output `json:"out"`
	// Call and Return are nanoseconds since the run started. Return is
	// Never for an operation without a definite answer: it may take
	// effect at any time after Call.
	Call   int64 `json:"call_ns"`
	Return int64 `json:"return_ns"`
	// Stale marks a read asked at consistency=stale. Those are not
	// linearizable by contract; they are checked for going backwards at
	// their replica instead.
	Stale bool `json:"stale,omitempty"`
	// SaidStale: the answer said it was a stale read; Applied is the
	// index the replica said it had applied.
	SaidStale bool   `json:"said_stale,omitempty"`
	Applied   uint64 `json:"applied,omitempty"`
	// Answer is what the replica said, in short ("sequenced", "404
	// not_seen", "429 backlog_full", "timeout"), for a person reading a
	// failed run's history.
	Answer string `json:"answer,omitempty"`
}

// Never is the return time of an operation that got no definite answer.
const Never = math.MaxInt64

// History collects the operations of every client. It is safe for
// concurrent use.
type History struct {
	start time.Time
	mu    sync.Mutex
	ops   []Op
}

// NewHistory starts the clock operations are timed on.
func NewHistory() *History { return &History{start: time.Now()} }

// Now is the time on the history's clock (monotonic: a wall clock step
// does not move it).
func (h *History) Now() int64 { return int64(time.Since(h.start)) }

// Add records an operation.
func (h *History) Add(op Op) {
	h.mu.Lock()
	h.ops = append(h.ops, op)
	h.mu.Unlock()
}

// Ops is a copy of what has been recorded.
func (h *History) Ops() []Op {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Op, len(h.ops))
	copy(out, h.ops)
	return out
}
