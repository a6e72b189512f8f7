package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/nats-io/nats.go/jetstream"
)

// Failures is what one attempt of a job has cost so far, kept in the
// failures bucket under b<batch>-a<attempt>.
type Failures struct {
	// Count is the attempt's transient proving failures; at RetryBudget
	// the job is dead-lettered.
	Count int `json:"count"`
	// Provers that failed it (each once), so that a redelivery to one of
	// them can go on to another prover.
	Provers []string `json:"provers,omitempty"`
	// PassedOn counts redeliveries handed back because they reached a
	// prover listed above; bounded by Config.PassOns.
	PassedOn int `json:"passed_on,omitempty"`
}

// FailedBy reports whether prover failed this attempt.
func (f Failures) FailedBy(prover string) bool { return slices.Contains(f.Provers, prover) }

// decodeFailures reads a budget value: JSON, or the bare count that
// provers wrote before the prover list existed.
func decodeFailures(b []byte) (Failures, error) {
	if n, err := strconv.Atoi(string(b)); err == nil {
		return Failures{Count: n}, nil
	}
	var f Failures
	if err := json.Unmarshal(b, &f); err != nil {
		return Failures{}, fmt.Errorf("failure record %q: %w", b, err)
	}
	return f, nil
}

func failuresKey(batch uint64, attempt uint32) string { return fmt.Sprintf("b%d-a%d", batch, attempt) }

// Failure counts one transient proving failure of a job's attempt by
// prover and returns how many there were; the caller dead-letters the job
// once the count reaches RetryBudget. Counting here rather than in
// JetStream's delivery count keeps a crashed prover (which reports
// nothing) from spending the budget.
func (q *Queue) Failure(ctx context.Context, batch uint64, attempt uint32, prover string) (int, error) {
	f, err := q.updateFailures(ctx, batch, attempt, func(f *Failures) {
		f.Count++
		if !f.FailedBy(prover) {
			f.Provers = append(f.Provers, prover)
		}
	})
	return f.Count, err
}

// PassOn counts one hand-back of the attempt by a prover that failed it
// before, and returns how many there were.
func (q *Queue) PassOn(ctx context.Context, batch uint64, attempt uint32) (int, error) {
	f, err := q.updateFailures(ctx, batch, attempt, func(f *Failures) { f.PassedOn++ })
	return f.PassedOn, err
}

// Failures returns the attempt's record; the zero value when it never
// failed.
func (q *Queue) Failures(ctx context.Context, batch uint64, attempt uint32) (Failures, error) {
	e, err := q.budget.Get(ctx, failuresKey(batch, attempt))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Failures{}, nil
	}
	if err != nil {
		return Failures{}, err
	}
	return decodeFailures(e.Value())
}

// updateFailures applies change to the attempt's record in a
// compare-and-swap loop, as provers update it concurrently.
func (q *Queue) updateFailures(ctx context.Context, batch uint64, attempt uint32, change func(*Failures)) (Failures, error) {
	key := failuresKey(batch, attempt)
	for range 16 {
		var f Failures
		e, err := q.budget.Get(ctx, key)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
			change(&f)
			b, err := json.Marshal(f)
			if err != nil {
				return Failures{}, err
			}
			_, err = q.budget.Create(ctx, key, b)
			if err == nil {
				return f, nil
			}
			if !errors.Is(err, jetstream.ErrKeyExists) {
				return Failures{}, err
			}
			continue
		case err != nil:
			return Failures{}, err
		}
		if f, err = decodeFailures(e.Value()); err != nil {
			// Unreadable: start again rather than block the job's budget
			// for good; at worst a job gets a few more tries.
			q.log.Warn("failure record unreadable; reset", "key", key, "err", err)
			f = Failures{}
		}
		change(&f)
		b, err := json.Marshal(f)
		if err != nil {
			return Failures{}, err
		}
		if _, err := q.budget.Update(ctx, key, b, e.Revision()); err == nil {
			return f, nil
		}
	}
	return Failures{}, fmt.Errorf("failure record of batch %d: too much contention", batch)
}
