package queue

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Dead letters: jobs that can never be proven (terminated by a prover) or
// that exhausted MaxDeliver or their retry budget. Each is kept, one per
// batch, with the reason, until an operator replays or discards it.

// Headers on a dead letter.
const (
	hdrReason     = "Baton-Dead-Reason"
	hdrDeliveries = "Baton-Deliveries"
)

// ErrNoDeadLetter is DeadJob's answer for a batch with no dead letter.
// It is JetStream's own error, so its text is the server's as before.
var ErrNoDeadLetter error = jetstream.ErrMsgNotFound

// DeadJob is a dead-lettered job.
type DeadJob struct {
	Job        *Job      `json:"job"`
	Reason     string    `json:"reason"`
	Deliveries uint64    `json:"deliveries"`
	At         time.Time `json:"at"`
}

// DeadLetter stores job data (its envelope as published) with a reason.
func (q *Queue) DeadLetter(ctx context.Context, data []byte, reason string, deliveries uint64) error {
	j, err := DecodeJob(data)
	if err != nil {
		return fmt.Errorf("dead letter: %w", err)
	}
	return q.deadLetter(ctx, j.Batch, data, reason, deliveries)
}

// DeadLetterSubject stores a job this release cannot decode (another
// envelope version, say), named by the batch in its subject, so that an
// operator sees it rather than losing it.
func (q *Queue) DeadLetterSubject(ctx context.Context, subject string, data []byte, reason string, deliveries uint64) error {
	b, err := batchOf(subject)
	if err != nil {
		return fmt.Errorf("dead letter: subject %q names no batch", subject)
	}
	return q.deadLetter(ctx, b, data, reason, deliveries)
}

func (q *Queue) deadLetter(ctx context.Context, batch uint64, data []byte, reason string, deliveries uint64) error {
	msg := nats.NewMsg(q.names.Dead(batch))
	msg.Data = data
	msg.Header.Set(hdrReason, reason)
	msg.Header.Set(hdrDeliveries, strconv.FormatUint(deliveries, 10))
	if _, err := q.js.PublishMsg(ctx, msg); err != nil {
		return fmt.Errorf("dead letter batch %d: %w", batch, err)
	}
	return nil
}

// MoveExhausted moves every job the server reported past MaxDeliver to the
// dead letters and out of the jobs stream. It returns the batches moved.
// Any process may run it; each advisory is handled once (work queue).
func (q *Queue) MoveExhausted(ctx context.Context) ([]uint64, error) {
	cons, err := q.js.CreateOrUpdateConsumer(ctx, q.names.advisoriesStream(), jetstream.ConsumerConfig{
		Durable: deadLettererConsumer, AckPolicy: jetstream.AckExplicitPolicy, AckWait: 30 * time.Second,
	})
	if err != nil {
		return nil, err
	}
	var moved []uint64
	for {
		batch, err := cons.Fetch(64, jetstream.FetchMaxWait(200*time.Millisecond))
		if err != nil {
			return moved, err
		}
		n := 0
		for m := range batch.Messages() {
			n++
			var adv struct {
				StreamSeq  uint64 `json:"stream_seq"`
				Deliveries uint64 `json:"deliveries"`
			}
			if err := json.Unmarshal(m.Data(), &adv); err != nil {
				_ = m.Term()
				continue
			}
			raw, err := q.jobs.GetMsg(ctx, adv.StreamSeq)
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				_ = m.Ack() // acked in the meantime (a late success)
				continue
			}
			if err != nil {
				_ = m.Nak()
				return moved, err
			}
			if err := q.DeadLetter(ctx, raw.Data, fmt.Sprintf("delivered %d times without an ack", adv.Deliveries), adv.Deliveries); err != nil {
				_ = m.Nak()
				return moved, err
			}
			if err := q.jobs.DeleteMsg(ctx, adv.StreamSeq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
				_ = m.Nak()
				return moved, err
			}
			_ = m.Ack()
			if j, err := DecodeJob(raw.Data); err == nil {
				moved = append(moved, j.Batch)
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			return moved, err
		}
		if n == 0 {
			return moved, nil
		}
	}
}

// Dead lists the dead letters, lowest batch first.
func (q *Queue) Dead(ctx context.Context) ([]DeadJob, error) {
	info, err := q.dead.Info(ctx, jetstream.WithSubjectFilter(q.names.AllDead()))
	if err != nil {
		return nil, err
	}
	var out []DeadJob
	for subj := range info.State.Subjects {
		b, err := batchOf(subj)
		if err != nil {
			continue
		}
		d, err := q.DeadJob(ctx, b)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b DeadJob) int { return cmp.Compare(a.Job.Batch, b.Job.Batch) })
	return out, nil
}

// DeadJob returns batch's dead letter (ErrNoDeadLetter if none).
func (q *Queue) DeadJob(ctx context.Context, batch uint64) (DeadJob, error) {
	raw, err := q.dead.GetLastMsgForSubject(ctx, q.names.Dead(batch))
	if err != nil {
		return DeadJob{}, fmt.Errorf("dead letter of batch %d: %w", batch, err)
	}
	j, err := DecodeJob(raw.Data)
	if err != nil {
		// Kept as it came (an envelope this release cannot read).
		j = &Job{Batch: batch}
	}
	n, _ := strconv.ParseUint(raw.Header.Get(hdrDeliveries), 10, 64)
	return DeadJob{Job: j, Reason: raw.Header.Get(hdrReason), Deliveries: n, At: raw.Time}, nil
}

// RemoveDead discards batch's dead letter, once it was offered again.
func (q *Queue) RemoveDead(ctx context.Context, batch uint64) error {
	return q.dead.Purge(ctx, jetstream.WithPurgeSubject(q.names.Dead(batch)))
}
