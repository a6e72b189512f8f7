package proving

import (
	"context"
	"fmt"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/queue"
)

// acceptResults verifies each result against the log and records a valid
// proof through Raft. An invalid one is rejected, counted against its
// prover, and the job is offered again.
func (d *Duty) acceptResults(ctx context.Context) {
	// Whatever ends the consumer or its iterator (a NATS restart, a
	// deleted consumer), take results up again: a leader that stopped here
	// would publish jobs and never record a proof.
	for ctx.Err() == nil {
		if err := d.takeResults(ctx); err != nil && ctx.Err() == nil {
			d.slog.Warn("taking proof results; retrying", "err", err)
			t := d.clock.NewTimer(time.Second)
			select {
			case <-ctx.Done():
			case <-t.C():
			}
			t.Stop()
		}
	}
}

// takeResults handles results the moment they arrive, until ctx ends or
// the pull fails.
func (d *Duty) takeResults(ctx context.Context) error {
	return d.cfg.Queue.TakeResults(ctx, func(dl queue.Delivery) { d.accept(ctx, dl) })
}

func (d *Duty) accept(ctx context.Context, msg queue.Delivery) {
	r, err := queue.DecodeResult(msg.Data())
	if err != nil {
		d.slog.Warn("undecodable proof result dropped", "err", err)
		_ = msg.Term("")
		return
	}
	log := d.slog.With("batch", r.Batch, "attempt", r.Attempt, "prover", r.Prover)
	rec, ok := d.batch(r.Batch)
	switch {
	case !ok || r.Batch == 0:
		log.Warn("result for a batch not in the log dropped")
		_ = msg.Term("")
		return
	case rec.State >= fsm.StateProven:
		d.m.duplicates.Inc()
		_ = msg.Ack()
		return
	}
	// Results of any attempt count: a late proof from a voided attempt is
	// as good as any, if it verifies.
	sys := d.cfg.System
	if _, keyID, cerr := sys.Circuit(&rec); cerr != nil {
		err = cerr
	} else if r.CircuitID != keyID {
		err = fmt.Errorf("made for keys %s, the batch's circuit has %s", r.CircuitID, keyID)
	} else {
		err = sys.VerifyBatch(&rec, r.Proof)
	}
	if err != nil {
		log.Warn("proof rejected", "err", err)
		d.m.rejected.Inc()
		d.m.rejectedBy.WithLabelValues(r.Prover).Inc()
		if err := d.offer(ctx, r.Batch, true); err != nil {
			log.Warn("offering the job again failed; the result stays for the next leader", "err", err)
			_ = msg.Nak(time.Second)
			return
		}
		_ = msg.Ack()
		return
	}
	if _, err := d.log.Propose(fsm.Command{Type: fsm.CmdRecordProof, Number: r.Batch, Prover: r.Prover, Proof: r.Proof}); err != nil {
		// Not recorded (leadership lost?): leave the result for whoever
		// leads next.
		log.Warn("record proof failed", "err", err)
		_ = msg.Nak(time.Second)
		return
	}
	_ = msg.Ack()
	d.m.accepted.Inc()
	d.m.toProven.Observe(d.clock.Now().Sub(time.UnixMilli(rec.Header.Timestamp)).Seconds())
	for a := uint32(1); a <= max(rec.Attempt, r.Attempt); a++ {
		d.cfg.Queue.DropInput(ctx, r.Batch, a)
	}
	log.Info("proof verified and recorded", "prove_ms", r.ProveMs, "queue_ms", r.QueueMs)
}
