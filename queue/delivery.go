package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Delivery is one message a work queue handed out: a job to a prover, a
// result to the leader. Settle it once: Ack or DoubleAck when done, Nak
// to have it delivered again, Term to drop it for good. Until then the
// server offers it to someone else after the AckWait, unless InProgress
// restarts that clock. Callers see this and not JetStream's types, so the
// transport stays queue's business and a test can hand out fakes.
type Delivery interface {
	// Data is the envelope as published.
	Data() []byte
	// Subject names the message's batch (and a job's circuit).
	Subject() string
	// Deliveries counts the deliveries of this message, this one
	// included; 0 when the server did not say.
	Deliveries() uint64
	// Ack settles the message without waiting for the server.
	Ack() error
	// DoubleAck settles it and waits for the server to confirm, so a
	// lost ack cannot bring the message back.
	DoubleAck(ctx context.Context) error
	// Nak hands it back: delivered again at once (delay 0) or after delay.
	Nak(delay time.Duration) error
	// InProgress restarts the AckWait: the work goes on.
	InProgress() error
	// Term drops it for good, with a reason for the server's advisory
	// ("" for none).
	Term(reason string) error
}

// delivery is a Delivery over a JetStream message.
type delivery struct{ m jetstream.Msg }

var _ Delivery = delivery{}

func (d delivery) Data() []byte    { return d.m.Data() }
func (d delivery) Subject() string { return d.m.Subject() }

func (d delivery) Deliveries() uint64 {
	md, err := d.m.Metadata()
	if err != nil || md == nil {
		return 0
	}
	return md.NumDelivered
}

func (d delivery) Ack() error                          { return d.m.Ack() }
func (d delivery) DoubleAck(ctx context.Context) error { return d.m.DoubleAck(ctx) }
func (d delivery) InProgress() error                   { return d.m.InProgress() }

// Nak with no delay sends a plain NAK, as a delay of 0 is not the same
// request on the wire.
func (d delivery) Nak(delay time.Duration) error {
	if delay <= 0 {
		return d.m.Nak()
	}
	return d.m.NakWithDelay(delay)
}

func (d delivery) Term(reason string) error {
	if reason == "" {
		return d.m.Term()
	}
	return d.m.TermWithReason(reason)
}

// JobConsumer hands out the jobs of one circuit (see Queue.Jobs).
type JobConsumer struct{ c jetstream.Consumer }

// Fetch waits up to wait, or until ctx ends, for at most n jobs, in
// stream order (lowest batch first). A wait that ends with none is not an
// error. On an error the jobs received before it are returned with it.
func (j *JobConsumer) Fetch(ctx context.Context, n int, wait time.Duration) ([]Delivery, error) {
	fctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	batch, err := j.c.Fetch(n, jetstream.FetchContext(fctx))
	if err != nil {
		return nil, fmt.Errorf("fetch jobs: %w", err)
	}
	var out []Delivery
	for m := range batch.Messages() {
		out = append(out, delivery{m})
	}
	if err := batch.Error(); err != nil && ctx.Err() == nil &&
		!errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) {
		return out, fmt.Errorf("fetch jobs: %w", err)
	}
	return out, ctx.Err()
}

// TakeResults hands each result to handle the moment it arrives (a
// continuous pull; a multi-message fetch would wait for all of them or
// its timeout), until ctx ends (nil) or the pull fails. Few are
// buffered, since a step-down leaves the buffer unacked until AckWait.
//
// Whichever replica leads uses the same durable consumer, so a result
// published during a leader change waits for the next leader.
func (q *Queue) TakeResults(ctx context.Context, handle func(Delivery)) error {
	cons, err := q.js.CreateOrUpdateConsumer(ctx, q.names.resultsStream(), jetstream.ConsumerConfig{
		Durable:   acceptorConsumer,
		AckPolicy: jetstream.AckExplicitPolicy,
		AckWait:   30 * time.Second,
	})
	if err != nil {
		return err
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(16))
	if err != nil {
		return err
	}
	defer it.Stop()
	for ctx.Err() == nil {
		msg, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		handle(delivery{msg})
	}
	return nil
}
