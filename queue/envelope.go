package queue

import (
	"encoding/json"
	"fmt"
)

// Version is the envelope format; a reader refuses versions it does not
// know rather than guess at them.
const Version = 1

// Job asks for a proof of one committed batch. It is published on
// <prefix>.jobs.<circuit>.<batch> with message id job-<batch>-<attempt>.
type Job struct {
	V     int    `json:"v"`
	Batch uint64 `json:"batch"`
	// RaftTerm and RaftIndex of the entry that committed the batch: a
	// prover can tell which leader's batch it proves.
	RaftTerm  uint64 `json:"raft_term"`
	RaftIndex uint64 `json:"raft_index"`
	// Attempt numbers the offers of this job; results name theirs.
	Attempt uint32 `json:"attempt"`
	// Circuit is the size tag in the subject (b<B>d<D>); CircuitID the
	// hash of the constraint system, which the prover's keys must match.
	Circuit   string `json:"circuit"`
	CircuitID string `json:"circuit_id"`
	// Input is the batch (prover.Batch's JSON) inline, or, when too large
	// for a message, the name of the object holding it.
	Input       json.RawMessage `json:"input,omitempty"`
	InputObject string          `json:"input_object,omitempty"`
	PublishedMs int64           `json:"published_ms"`
}

// Result returns a proof. It is published on <prefix>.results.<batch>.
type Result struct {
	V         int    `json:"v"`
	Batch     uint64 `json:"batch"`
	Attempt   uint32 `json:"attempt"`
	Prover    string `json:"prover"`
	CircuitID string `json:"circuit_id"`
	// Proof is gnark's raw Groth16 encoding (base64 in JSON).
	Proof []byte `json:"proof"`
	// Timings: from publication to fetch, and the proof itself; wall
	// clock (Unix ms) of the fetch and of the finish.
	QueueMs    int64 `json:"queue_ms"`
	ProveMs    int64 `json:"prove_ms"`
	FetchedMs  int64 `json:"fetched_ms"`
	FinishedMs int64 `json:"finished_ms"`
}

// Heartbeat tells who is proving what, while it lasts. Core NATS on
// <prefix>.heartbeats.<batch>, not stored: a missed one costs nothing.
type Heartbeat struct {
	V         int    `json:"v"`
	Batch     uint64 `json:"batch"`
	Attempt   uint32 `json:"attempt"`
	Prover    string `json:"prover"`
	ElapsedMs int64  `json:"elapsed_ms"`
}

func decode[T any](data []byte, version func(*T) int) (*T, error) {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("decode envelope: %w", err)
	}
	if got := version(&v); got != Version {
		return nil, fmt.Errorf("envelope version %d, this release reads %d", got, Version)
	}
	return &v, nil
}

// DecodeJob parses a job envelope.
func DecodeJob(data []byte) (*Job, error) {
	j, err := decode(data, func(j *Job) int { return j.V })
	if err != nil {
		return nil, err
	}
	if j.Attempt == 0 || j.Circuit == "" || (len(j.Input) == 0) == (j.InputObject == "") {
		return nil, fmt.Errorf("job for batch %d: needs an attempt, a circuit and exactly one of input and input_object", j.Batch)
	}
	return j, nil
}

// DecodeResult parses a result envelope.
func DecodeResult(data []byte) (*Result, error) {
	r, err := decode(data, func(r *Result) int { return r.V })
	if err != nil {
		return nil, err
	}
	if r.Attempt == 0 || r.Prover == "" || len(r.Proof) == 0 {
		return nil, fmt.Errorf("result for batch %d: needs an attempt, a prover and a proof", r.Batch)
	}
	return r, nil
}

// DecodeHeartbeat parses a heartbeat.
func DecodeHeartbeat(data []byte) (*Heartbeat, error) {
	return decode(data, func(h *Heartbeat) int { return h.V })
}
