package cluster

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/internal/clock"
	"github.com/baton-rollup/baton/wire"
)

// TestBacklogBoundFollowsTheFarm: the derived bound starts at the floor,
// follows the pace the farm shows while it has work (idle time says
// nothing of it), keeps the last pace through idle spells, and stays
// within floor and ceiling; a fixed bound and no bound ignore the pace.
func TestBacklogBoundFollowsTheFarm(t *testing.T) {
	clk := clock.NewManual(time.Unix(1_000_000, 0))
	b := newBacklog(0, 0, time.Minute, true, 4, clk)
	if got := b.bound(); got != backlogFloor {
		t.Fatalf("bound before any pace: %d, want the floor %d", got, backlogFloor)
	}
	// Idle: nothing waits, nothing is proven. No pace comes of it.
	for range 30 {
		b.observe(0, 0)
		clk.Advance(time.Second)
	}
	if b.pace() != 0 {
		t.Fatalf("pace measured on an idle farm: %v", b.pace())
	}
	// Busy: one batch proven every two seconds, with work waiting.
	proven := uint64(0)
	for i := range 60 {
		if i%2 == 0 {
			proven++
		}
		b.observe(proven, 40)
		clk.Advance(time.Second)
	}
	if p := b.pace(); p < 0.45 || p > 0.55 {
		t.Fatalf("pace %v, want about 0.5 batches/s", p)
	}
	if got := b.bound(); got < 27 || got > 33 {
		t.Fatalf("bound %d, want about 30 (0.5/s × 60 s)", got)
	}
	// Idle again past the window: the last pace stands.
	for range 200 {
		b.observe(proven, 0)
		clk.Advance(time.Second)
	}
	if got := b.bound(); got < 27 || got > 33 {
		t.Fatalf("bound after an idle spell %d, want the last pace's", got)
	}
	// A fast farm is capped by the ceiling.
	for range 130 {
		proven += 100
		b.observe(proven, 500)
		clk.Advance(time.Second)
	}
	if got := b.bound(); got != backlogCeiling {
		t.Fatalf("bound for 100 batches/s: %d, want the ceiling %d", got, backlogCeiling)
	}

	if got := newBacklog(7, 0, 0, true, 4, clk).bound(); got != 7 {
		t.Errorf("fixed bound %d, want 7", got)
	}
	if got := newBacklog(-1, 0, 0, true, 4, clk).bound(); got != 0 {
		t.Errorf("bound turned off: %d, want 0", got)
	}
	if got := newBacklog(0, 0, 0, false, 4, clk).bound(); got != 0 {
		t.Errorf("derived bound without a farm: %d, want none", got)
	}
}

// TestBacklogRoom: pending transactions count as the batches they will
// make, so what the mempool holds never carries the log past the bound.
func TestBacklogRoom(t *testing.T) {
	b := newBacklog(10, 0, 0, true, 4, nil)
	for _, tc := range []struct {
		unproven uint64
		room     int
	}{{0, 40}, {9, 4}, {10, 0}, {12, 0}} {
		if got := b.room(tc.unproven, 0); got != tc.room {
			t.Errorf("room at %d unproven: %d, want %d", tc.unproven, got, tc.room)
		}
	}
	if err := b.check(9, DefaultMaxWitnessBytes-1); err != nil {
		t.Errorf("below the bound: %v", err)
	}
	if err := b.check(10, 0); !errors.Is(err, wire.ErrBacklogFull) {
		t.Errorf("at the bound: %v", err)
	}
	// Witness bytes bound it too, whatever the batch count.
	w := newBacklog(10, 1000, 0, true, 4, nil)
	if err := w.check(1, 1000); !errors.Is(err, wire.ErrBacklogFull) || !strings.Contains(err.Error(), "bytes of witness") {
		t.Errorf("at the witness bound: %v", err)
	}
	if got := w.room(1, 1000); got != 0 {
		t.Errorf("room at the witness bound: %d, want 0", got)
	}
	if got := newBacklog(-1, 0, 0, true, 4, nil).room(1<<40, 1<<40); got != -1 {
		t.Errorf("room without a bound: %d, want -1", got)
	}
}
