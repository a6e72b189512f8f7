package cluster

import (
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// TestStageTimes: the first time of each stage counts; a batch first seen
// after its append (a replica restored from a snapshot) still gets its
// sequenced time from the leader's timestamp; the medians read the newest
// batches of the window; batches pushed out of it are forgotten.
func TestStageTimes(t *testing.T) {
	s := newStageTimes(8)
	at := func(sec int64) time.Time { return time.UnixMilli(sec * 1000) }
	for b := uint64(1); b <= 10; b++ {
		seq := int64(b) * 1000
		s.mark(b, fsm.CmdAppendBatch, seq, at(int64(b)))
		s.mark(b, fsm.CmdRecordProof, seq, at(int64(b)+int64(b))) // proven b s after sequencing
		s.mark(b, fsm.CmdRecordProof, seq, at(1000))              // later marks do not move it
		s.mark(b, fsm.CmdMarkFinalized, seq, at(int64(b)+int64(b)+1))
	}
	if _, ok := s.get(2); ok {
		t.Error("batch 2 is outside the 8-batch window but kept")
	}
	if bt, _ := s.get(10); bt.SequencedMs != 10_000 || bt.ProvenMs != 20_000 || bt.FinalizedMs != 21_000 {
		t.Errorf("batch 10: %+v", bt)
	}
	// Newest three proven: batches 10, 9, 8 took 10, 9, 8 s.
	if p, f := s.medians(3); p != 9 || f != 1 {
		t.Errorf("medians: proven %v, finalized %v; want 9 and 1", p, f)
	}
	// Seen first at its proof: the sequenced time still comes through.
	s.mark(11, fsm.CmdRecordProof, 11_000, at(15))
	if bt, _ := s.get(11); bt.SequencedMs != 11_000 || bt.ProvenMs != 15_000 {
		t.Errorf("batch 11 first seen proven: %+v", bt)
	}
}
